import { createRequire } from 'node:module';
import type { CentralSystemAction } from '@levity/core';

// The JSON schemas ocpp-rpc validates OCPP 1.6 messages with (core validates every
// call against the same file), turned into route schemas: the OpenAPI document then
// describes each command's body and answer exactly as the charge point sees them.

/** A JSON schema as plain data. */
export type JsonSchema = { [keyword: string]: unknown };

const require = createRequire(import.meta.url);
const schemas = require('ocpp-rpc/lib/schemas/ocpp1_6.json') as JsonSchema[];
const byId = new Map(schemas.map((schema) => [schema.$id as string, schema]));

/**
 * Inlines `#/definitions/…` references and drops `$id`, `$schema` and `definitions`,
 * which mean nothing inside a route schema (and would make @fastify/swagger emit
 * references to a document root that has no `definitions`).
 */
function inline(node: unknown, definitions: JsonSchema): unknown {
  if (Array.isArray(node)) return node.map((item) => inline(item, definitions));
  if (node === null || typeof node !== 'object') return node;
  const object = node as JsonSchema;
  const ref = object.$ref;
  if (typeof ref === 'string') {
    const name = /^#\/definitions\/(.+)$/.exec(ref)?.[1];
    const target = name === undefined ? undefined : definitions[name];
    if (target === undefined) throw new Error(`unresolvable $ref ${ref} in an OCPP 1.6 schema`);
    return inline(target, definitions);
  }
  const out: JsonSchema = {};
  for (const [keyword, value] of Object.entries(object)) {
    if (keyword === '$id' || keyword === '$schema' || keyword === 'definitions') continue;
    out[keyword] = inline(value, definitions);
  }
  return out;
}

function schemaOf(id: string): JsonSchema {
  const schema = byId.get(id);
  if (!schema) throw new Error(`ocpp-rpc has no schema ${id}`);
  return inline(schema, (schema.definitions as JsonSchema | undefined) ?? {}) as JsonSchema;
}

/** The request payload schema of an action the central system sends (`urn:Action.req`). */
export function ocppRequestSchema(action: CentralSystemAction): JsonSchema {
  return schemaOf(`urn:${action}.req`);
}

/** The charge point's answer schema of an action (`urn:Action.conf`). */
export function ocppResponseSchema(action: CentralSystemAction): JsonSchema {
  return schemaOf(`urn:${action}.conf`);
}

/**
 * The values of an enumeration in an OCPP 1.6 schema, found by following property
 * names (and `items` of arrays) from the schema's root.
 *
 * @example ocppEnum('urn:StatusNotification.req', ['status']) // ['Available', 'Preparing', …]
 */
export function ocppEnum<T extends string>(id: string, path: readonly string[]): readonly T[] {
  let node: JsonSchema = schemaOf(id);
  for (const name of path) {
    const properties = node.properties as Record<string, JsonSchema> | undefined;
    let next = properties?.[name];
    if (next?.type === 'array') next = next.items as JsonSchema;
    if (next === undefined) throw new Error(`${id} has no property ${path.join('.')}`);
    node = next;
  }
  const values = node.enum;
  if (!Array.isArray(values)) throw new Error(`${id} ${path.join('.')} is not an enumeration`);
  return values as T[];
}
