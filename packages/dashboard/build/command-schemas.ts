import { createRequire } from 'node:module';
import { CENTRAL_SYSTEM_ACTIONS } from '@levity/core';

/** A JSON schema as plain data. */
export type JsonSchema = { [keyword: string]: unknown };

const require = createRequire(import.meta.url);

/**
 * The request schema (`urn:<Action>.req`) of every action a central system sends, from
 * the very file ocpp-rpc (and so Levity) validates with, keyed by action. Each keeps its
 * own `definitions`; `$id` and `$schema` are dropped as the app does not need them.
 * The dashboard's command console builds its forms from these at build time, so it
 * needs nothing from the server to render them.
 *
 * @example commandSchemas().Reset // { type: 'object', properties: { type: { enum: ['Hard', 'Soft'] … } } }
 */
export function commandSchemas(): Record<string, JsonSchema> {
  const all = require('ocpp-rpc/lib/schemas/ocpp1_6.json') as JsonSchema[];
  const byId = new Map(all.map((schema) => [schema.$id as string, schema]));
  const out: Record<string, JsonSchema> = {};
  for (const action of CENTRAL_SYSTEM_ACTIONS) {
    const schema = byId.get(`urn:${action}.req`);
    if (schema === undefined) throw new Error(`ocpp-rpc has no request schema for ${action}`);
    const { $id: _id, $schema: _schema, ...rest } = schema;
    out[action] = rest;
  }
  return out;
}
