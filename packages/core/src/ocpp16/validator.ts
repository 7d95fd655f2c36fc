import {
  createRPCError,
  createValidator,
  OCPP16_SCHEMAS as schemas,
} from '../connection/ocpp-rpc-adapter.js';
import type { OcppErrorCode } from './error-codes.js';

interface AjvError {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/**
 * JSON-schema keyword → OCPP-J 1.6 error code (Table 7). ocpp-rpc's own table uses
 * OCPP 2.x codes and calls an out-of-enum value a FormatViolation; these follow the
 * 1.6 definitions: a missing field is an occurrence problem, a wrong JSON type a type
 * problem, a value outside what the field allows a property problem, and a payload
 * that does not have the PDU's shape a formation problem.
 */
const codeByKeyword: Readonly<Record<string, OcppErrorCode>> = {
  required: 'OccurenceConstraintViolation',
  minItems: 'OccurenceConstraintViolation',
  maxItems: 'OccurenceConstraintViolation',
  type: 'TypeConstraintViolation',
  enum: 'PropertyConstraintViolation',
  const: 'PropertyConstraintViolation',
  maxLength: 'PropertyConstraintViolation',
  minLength: 'PropertyConstraintViolation',
  maximum: 'PropertyConstraintViolation',
  minimum: 'PropertyConstraintViolation',
  exclusiveMaximum: 'PropertyConstraintViolation',
  exclusiveMinimum: 'PropertyConstraintViolation',
  multipleOf: 'PropertyConstraintViolation',
  pattern: 'PropertyConstraintViolation',
  format: 'PropertyConstraintViolation',
  additionalProperties: 'FormationViolation',
};

/**
 * A field name in a CALLERROR is cut to this length: an unknown property's name comes
 * from the charge point, and echoing 500 KB of it back would let a client that does
 * not read its answers grow this process's send buffers.
 */
const FIELD_ECHO_LIMIT = 64;

/** Where a validation error points, as a JSON pointer (`/meterValue/0/timestamp`). */
function fieldOf(error: AjvError): string {
  const missing = error.keyword === 'required' ? error.params.missingProperty : undefined;
  const extra = error.keyword === 'additionalProperties' ? error.params.additionalProperty : undefined;
  const child = missing ?? extra;
  const field = typeof child === 'string' ? `${error.instancePath}/${child}` : error.instancePath;
  return field.length > FIELD_ECHO_LIMIT ? `${field.slice(0, FIELD_ECHO_LIMIT)}…` : field;
}

export function codeForValidationError(error: AjvError): OcppErrorCode {
  // A payload that is not a JSON object at all does not have the PDU's structure.
  if (error.keyword === 'type' && error.instancePath === '') return 'FormationViolation';
  return codeByKeyword[error.keyword] ?? 'FormationViolation';
}

/** A schema violation, carrying what ocpp-rpc needs to answer and what Levity needs to explain. */
export interface ValidationFailure extends Error {
  rpcErrorCode: OcppErrorCode;
  details: { field: string; keyword: string };
  /** `urn:Action.req` or `urn:Action.conf`. */
  schemaId: string;
}

const base = createValidator('ocpp1.6', schemas);
const knownSchemas: ReadonlySet<string> = new Set(schemas.map((schema) => schema.$id));

/**
 * The strict-mode validator Levity gives ocpp-rpc for `ocpp1.6`: the same schemas, but
 * failures carry OCPP-J 1.6 codes and a short, field-naming description.
 */
export const ocpp16Validator = {
  subprotocol: 'ocpp1.6',
  validate(schemaId: string, params: unknown): boolean {
    if (!knownSchemas.has(schemaId)) {
      const action = /^urn:(.*)\.(req|conf)$/.exec(schemaId)?.[1] ?? schemaId;
      throw createRPCError('NotImplemented', `Unknown action: ${action}`, {});
    }
    try {
      return base.validate(schemaId, params) === true;
    } catch (thrown) {
      const errors = (thrown as { details?: { errors?: AjvError[] } }).details?.errors;
      const first = errors?.[0];
      if (!first) throw thrown;
      const field = fieldOf(first);
      const error = createRPCError(
        codeForValidationError(first),
        `${field || 'payload'} ${first.message ?? 'is invalid'}`,
        { field, keyword: first.keyword },
      ) as unknown as ValidationFailure;
      error.schemaId = schemaId;
      throw error;
    }
  },
};
