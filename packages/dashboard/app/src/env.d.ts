declare module 'virtual:ocpp-command-schemas' {
  import type { JsonSchema } from './schema-form/json-schema.js';

  /** The request schema of each action a central system sends, keyed by action. */
  const schemas: Readonly<Record<string, JsonSchema>>;
  export default schemas;
}

declare module '*.css';
