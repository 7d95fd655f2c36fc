import {
  CallErrorResponse,
  CallTimeoutError,
  InvalidParamsError,
  LevityError,
  type LevityErrorCode,
  NotConnectedError,
} from '../errors.js';
import type { ForwardedCall } from './cluster.js';

/** A call's failure as JSON, to travel from the node that sent it to the node that was asked. */
export interface WireError {
  readonly code: string | null;
  readonly message: string;
  /** CallErrorResponse: what the charge point answered. */
  readonly errorCode?: string;
  readonly errorDescription?: string;
  readonly errorDetails?: unknown;
  /** InvalidParamsError: the offending field. */
  readonly field?: string;
}

/**
 * What a failed call becomes on the wire between nodes.
 *
 * @example
 * const wire = toWireError(new NotConnectedError('CP1')); // { code: 'LEVITY_ERR_NOT_CONNECTED', … }
 */
export function toWireError(error: unknown): WireError {
  if (error instanceof CallErrorResponse) {
    return {
      code: error.code,
      message: error.message,
      errorCode: error.errorCode,
      errorDescription: error.errorDescription,
      errorDetails: error.errorDetails,
    };
  }
  if (error instanceof InvalidParamsError)
    return { code: error.code, message: error.message, field: error.field };
  if (error instanceof LevityError) return { code: error.code, message: error.message };
  return { code: null, message: error instanceof Error ? error.message : String(error) };
}

/**
 * The error a local call would have thrown, from its wire form: the same classes, so that
 * the command journal and the HTTP API treat a forwarded call like a local one.
 */
export function fromWireError(wire: WireError, call: ForwardedCall): Error {
  const { chargePointId, action, timeoutMs } = call;
  switch (wire.code) {
    case 'LEVITY_ERR_NOT_CONNECTED':
      return new NotConnectedError(chargePointId);
    case 'LEVITY_ERR_CALL_TIMEOUT':
      return new CallTimeoutError(chargePointId, action, timeoutMs);
    case 'LEVITY_ERR_CALL_ERROR':
      return new CallErrorResponse(
        chargePointId,
        action,
        wire.errorCode ?? 'GenericError',
        wire.errorDescription ?? '',
        wire.errorDetails ?? {},
      );
    case 'LEVITY_ERR_INVALID_PARAMS':
      return Object.assign(new InvalidParamsError(action, wire.field ?? '', ''), { message: wire.message });
    case null:
      return new LevityError('LEVITY_ERR_CALL_FAILED', wire.message);
    default:
      return new LevityError(wire.code as LevityErrorCode, wire.message);
  }
}
