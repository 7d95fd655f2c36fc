import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS with a default export; under nodenext it arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/**
 * Bodies are checked as sent: no type coercion and no silently removed fields, so
 * `{"conectorId": 1}` is a 400 instead of a RemoteStartTransaction on any connector.
 * Query strings and path parameters arrive as text and are coerced to their types.
 * The first error is reported (one readable sentence), as Fastify does by default.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const common = { allErrors: false, useDefaults: true, strict: false } as const;
  const body = new Ajv({ ...common, coerceTypes: false, removeAdditional: false });
  const text = new Ajv({ ...common, coerceTypes: true, removeAdditional: false });
  addFormats(body);
  addFormats(text);
  return ({ schema, httpPart }) => (httpPart === 'body' ? body : text).compile(schema as object);
}
