import { STATUS_CODES } from 'node:http';
import type { Logger } from '@levity/core';
import { LevityError } from '@levity/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** Codes of the API's error responses: core's codes where one fits, and five of HTTP's own. */
export type HttpErrorCode =
  | 'LEVITY_ERR_UNAUTHORIZED'
  | 'LEVITY_ERR_FORBIDDEN'
  | 'LEVITY_ERR_INVALID_REQUEST'
  | 'LEVITY_ERR_NOT_IMPLEMENTED'
  | 'LEVITY_ERR_INTERNAL'
  | LevityError['code'];

export interface HttpErrorDetails {
  /** The offending input, e.g. `body/connectorId`. */
  field?: string;
  /** A CALLERROR's OCPP error code. */
  errorCode?: string;
  /** A CALLERROR's description. */
  errorDescription?: string;
}

/** An error the API answers as is: its status, code and message reach the client. */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: HttpErrorCode;
  readonly details: HttpErrorDetails;

  constructor(
    statusCode: number,
    code: HttpErrorCode,
    message: string,
    details: HttpErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
    this.details = details;
  }
}

export const badRequest = (field: string, message: string): HttpError =>
  new HttpError(400, 'LEVITY_ERR_INVALID_REQUEST', message, { field });

export const notFound = (message: string): HttpError => new HttpError(404, 'LEVITY_ERR_NOT_FOUND', message);

/** The JSON body of every error response. */
export function errorBody(statusCode: number, code: string, message: string, details: HttpErrorDetails = {}) {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', code, message, ...details };
}

/** The part of an Ajv error the messages are made of. */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/**
 * One readable sentence naming the field, e.g. `body/connectorId must be integer`,
 * `body/idTag is required`, `querystring/status must be one of active, completed`.
 */
export function describeSchemaError(part: string, error: SchemaError): { field: string; message: string } {
  const at = `${part}${error.instancePath}`;
  const { params } = error;
  switch (error.keyword) {
    case 'required': {
      const field = `${at}/${String(params.missingProperty)}`;
      return { field, message: `${field} is required` };
    }
    case 'additionalProperties': {
      const field = `${at}/${String(params.additionalProperty)}`;
      return { field, message: `${field} is not allowed here` };
    }
    case 'enum':
      return {
        field: at,
        message: `${at} must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`,
      };
    case 'minProperties':
      return { field: at, message: `${at} must set at least ${String(params.limit)} field(s)` };
    default:
      return { field: at, message: `${at} ${error.message ?? 'is invalid'}` };
  }
}

/** Where each core error code lands in HTTP, for errors thrown outside the command route. */
const STATUS_OF_CODE: Partial<Record<LevityError['code'], number>> = {
  LEVITY_ERR_INVALID_ARGUMENT: 400,
  LEVITY_ERR_INVALID_PARAMS: 400,
  LEVITY_ERR_UNKNOWN_ACTION: 400,
  LEVITY_ERR_NOT_FOUND: 404,
  LEVITY_ERR_CONFLICT: 409,
  LEVITY_ERR_NOT_CONNECTED: 409,
  LEVITY_ERR_NOT_ACCEPTED: 409,
  LEVITY_ERR_CALL_ERROR: 502,
  LEVITY_ERR_CALL_FAILED: 502,
  LEVITY_ERR_CALL_TIMEOUT: 504,
};

/**
 * The one boundary where anything a route throws becomes a response: validation
 * failures a 400 naming the field, Levity's coded errors their status, Fastify's own
 * client errors (bad JSON, wrong media type, body too large) their status, and anything
 * else a 500 with a generic message; the details of that go to the log only.
 */
export function errorHandler(logger: Logger) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const send = (statusCode: number, code: string, message: string, details?: HttpErrorDetails) =>
      reply.status(statusCode).send(errorBody(statusCode, code, message, details));
    if (error instanceof HttpError) return send(error.statusCode, error.code, error.message, error.details);
    const [first] = error.validation ?? [];
    if (first) {
      const { field, message } = describeSchemaError(error.validationContext ?? 'request', first);
      return send(400, 'LEVITY_ERR_INVALID_REQUEST', message, { field });
    }
    const status = error instanceof LevityError ? STATUS_OF_CODE[error.code] : undefined;
    if (error instanceof LevityError && status !== undefined) {
      return send(status, error.code, error.message);
    }
    if (
      !(error instanceof LevityError) &&
      typeof error.statusCode === 'number' &&
      error.statusCode >= 400 &&
      error.statusCode < 500 &&
      error.code?.startsWith('FST_')
    ) {
      return send(error.statusCode, 'LEVITY_ERR_INVALID_REQUEST', error.message);
    }
    logger.error({ err: error, method: request.method, path: pathOf(request) }, 'HTTP request failed');
    return send(500, 'LEVITY_ERR_INTERNAL', 'Internal server error; the details are in the server log');
  };
}

/** The request's path without its query string, which may hold a token. */
export function pathOf(request: FastifyRequest): string {
  const url = request.url;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
