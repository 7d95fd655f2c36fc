import type { Static, TProperties, TSchema } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';

/**
 * `T` or `null`, as OpenAPI 3.0's `nullable: true` rather than `anyOf [T, null]`: with
 * `anyOf`, the response serializer checks every value against each branch and answers
 * 500 for a stored value the branch does not describe (a connectorId of -1 from an
 * older release, a status a later OCPP version adds). A stored row must never make a
 * read route fail; request bodies are validated alike either way.
 */
export const Nullable = <T extends TSchema>(schema: T) =>
  Type.Unsafe<Static<T> | null>({ ...schema, nullable: true });

/** A string enumeration typed as the union `T` (rendered as `type: string, enum: […]`). */
export const StringEnum = <T extends string>(values: readonly T[], options: { description?: string } = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });

/** An ISO 8601 date-time. Levity answers in UTC with milliseconds (`2025-01-31T12:00:00.000Z`). */
export const Timestamp = (description?: string) =>
  Type.String({ format: 'date-time', ...(description ? { description } : {}) });

/** A query string object that refuses names it does not know, so a misspelled filter is a 400, not ignored. */
export const Query = <T extends TProperties>(properties: T) =>
  Type.Object(properties, { additionalProperties: false });

/** A body object that refuses fields it does not know. */
export const Body = <T extends TProperties>(properties: T, options: { minProperties?: number } = {}) =>
  Type.Object(properties, { additionalProperties: false, ...options });

/** `limit` in a query string: 1 to `max`, `fallback` when absent. */
export const Limit = (fallback: number, max: number) =>
  Type.Integer({
    minimum: 1,
    maximum: max,
    default: fallback,
    description: `At most this many items (default ${fallback}, at most ${max})`,
  });

/** An id or number in a path or query string: an integer that survives a round trip through JSON and SQL. */
export const Integer = (minimum: number, description?: string) =>
  Type.Integer({ minimum, maximum: Number.MAX_SAFE_INTEGER, ...(description ? { description } : {}) });

export const ChargePointId = Type.String({
  minLength: 1,
  maxLength: 255,
  description: 'The charge point id, percent-encoded in the path',
});

export const ChargePointParams = Type.Object({ id: ChargePointId });

/** The body of every error response. */
export const ErrorBody = Type.Object(
  {
    statusCode: Type.Integer({ description: 'The HTTP status, repeated' }),
    error: Type.String({ description: 'The HTTP reason phrase, e.g. `Not Found`' }),
    code: Type.String({ description: 'A stable code, e.g. `LEVITY_ERR_NOT_CONNECTED`' }),
    message: Type.String({ description: 'What went wrong, in one sentence' }),
    field: Type.Optional(
      Type.String({ description: 'For a 400: the offending input, e.g. `body/connectorId`' }),
    ),
    errorCode: Type.Optional(
      Type.String({ description: 'For a CALLERROR (502): the OCPP error code the charge point sent' }),
    ),
    errorDescription: Type.Optional(
      Type.String({ description: 'For a CALLERROR (502): the description the charge point sent' }),
    ),
  },
  { description: 'An error' },
);

type ErrorStatus = 400 | 404 | 409 | 502 | 504 | 503;

/**
 * Error responses for a route's schema; 401 and 500 are possible on every `/api` route.
 *
 * @example response: { 200: Item, ...errorResponses(400, 404) }
 */
export function errorResponses(...statuses: ErrorStatus[]): Record<number, typeof ErrorBody> {
  const responses: Record<number, typeof ErrorBody> = { 401: ErrorBody, 500: ErrorBody };
  for (const status of statuses) responses[status] = ErrorBody;
  return responses;
}

/** A page of a list; `nextCursor` fetches the next one, `null` when this was the last. */
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    nextCursor: Nullable(
      Type.String({ description: 'Pass as `cursor` for the next page; null on the last page' }),
    ),
  });

/** A complete list (no paging). */
export const List = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) });
