import { CENTRAL_SYSTEM_ACTIONS } from '@levity/core';
import { describe, expect, it } from 'vitest';
import { toPayload } from '../app/src/schema-form/form-payload.js';
import type { JsonSchema } from '../app/src/schema-form/json-schema.js';
import { emptyState } from '../app/src/schema-form/json-schema.js';
import { commandSchemas } from './command-schemas.js';

describe('commandSchemas', () => {
  const schemas = commandSchemas() as Record<string, JsonSchema>;

  it('has the request schema of each of the 26 commands a central system sends', () => {
    expect(Object.keys(schemas).sort()).toEqual([...CENTRAL_SYSTEM_ACTIONS].sort());
    expect(Object.keys(schemas)).toHaveLength(26);
    for (const schema of Object.values(schemas)) expect(schema.type).toBe('object');
  });

  it('gives every command a form whose empty state asks for its required fields and nothing optional', () => {
    for (const [action, schema] of Object.entries(schemas)) {
      const { errors } = toPayload(schema, emptyState(schema, schema));
      // Inner required fields of a required object are named too (`csChargingProfiles.stackLevel`).
      const named = new Set(errors.map((error) => error.path.split(/[.[]/)[0]));
      expect([...named].sort(), action).toEqual([...(schema.required ?? [])].sort());
    }
  });
});
