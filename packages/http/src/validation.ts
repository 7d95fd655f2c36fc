import type { ValidateFunction } from 'ajv';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS with a default export; under nodenext it arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** How an integer is written in a path or query string: digits, with an optional minus. */
const INTEGER_TEXT = /^-?\d+$/;

/** The names of a path or query schema's integer properties. */
function integerProperties(schema: unknown): string[] {
  const properties = (schema as { properties?: Record<string, { type?: unknown }> }).properties ?? {};
  return Object.entries(properties)
    .filter(([, property]) => property.type === 'integer')
    .map(([name]) => name);
}

/**
 * Ajv's type coercion reads `0x10` as 16, `1e1` as 10 and ` 7` as 7: `GET
 * /api/transactions/0x10` answered transaction 16. Integers in a path or query string
 * must be written as digits, or the request is a 400 like any other type error.
 */
function digitsOnly(validate: ValidateFunction, integers: readonly string[]): ValidateFunction {
  const strict = ((data: unknown, context?: unknown) => {
    const values = (data ?? {}) as Record<string, unknown>;
    const wrong = integers.find(
      (name) => typeof values[name] === 'string' && !INTEGER_TEXT.test(values[name]),
    );
    if (wrong !== undefined) {
      strict.errors = [
        {
          keyword: 'type',
          instancePath: `/${wrong}`,
          schemaPath: `#/properties/${wrong}/type`,
          params: { type: 'integer' },
          message: 'must be integer',
        },
      ];
      return false;
    }
    const valid = validate(data, context as never);
    strict.errors = validate.errors;
    return valid;
  }) as ValidateFunction;
  // Fastify passes the parent object to Ajv functions (it recognises them by this), so
  // that coercion may replace the value itself.
  Object.assign(strict, { schemaEnv: validate.schemaEnv, schema: validate.schema });
  return strict;
}

/**
 * Bodies are checked as sent: no type coercion and no silently removed fields, so
 * `{"conectorId": 1}` is a 400 instead of a RemoteStartTransaction on any connector.
 * Query strings and path parameters arrive as text and are coerced to their types;
 * integers among them must be plain digits. The first error is reported (one readable
 * sentence), as Fastify does by default.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const common = { allErrors: false, useDefaults: true, strict: false } as const;
  const body = new Ajv({ ...common, coerceTypes: false, removeAdditional: false });
  const text = new Ajv({ ...common, coerceTypes: true, removeAdditional: false });
  addFormats(body);
  addFormats(text);
  return ({ schema, httpPart }) => {
    if (httpPart === 'body') return body.compile(schema as object);
    const validate = text.compile(schema as object);
    const integers = integerProperties(schema);
    return integers.length === 0 ? validate : digitsOnly(validate, integers);
  };
}
