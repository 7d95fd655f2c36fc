// Every mistake a library user can make, and every way an outbound call can fail,
// has one coded error class. Codes are stable; the README documents each with its fix.

/** Codes of errors thrown by Levity's API. */
export type LevityErrorCode =
  | 'LEVITY_ERR_INVALID_OPTION'
  | 'LEVITY_ERR_UNKNOWN_ACTION'
  | 'LEVITY_ERR_INVALID_HANDLER'
  | 'LEVITY_ERR_NOT_LISTENING'
  | 'LEVITY_ERR_ALREADY_LISTENING'
  | 'LEVITY_ERR_CLOSED'
  | 'LEVITY_ERR_NOT_CONNECTED'
  | 'LEVITY_ERR_CALL_TIMEOUT'
  | 'LEVITY_ERR_CALL_ERROR'
  | 'LEVITY_ERR_CALL_FAILED'
  | 'LEVITY_ERR_INVALID_PARAMS'
  | 'LEVITY_ERR_STORAGE'
  | 'LEVITY_ERR_INVALID_ARGUMENT'
  | 'LEVITY_ERR_NOT_FOUND'
  | 'LEVITY_ERR_CONFLICT'
  | 'LEVITY_ERR_NOT_ACCEPTED'
  | 'LEVITY_ERR_CLUSTER';

/** Base class of every error Levity throws; `code` says which mistake it is. */
export class LevityError extends Error {
  readonly code: LevityErrorCode;

  constructor(code: LevityErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LevityError';
    this.code = code;
  }
}

/** A misconfigured option passed to `createCentralSystem` (code `LEVITY_ERR_INVALID_OPTION`). */
export class InvalidOptionError extends LevityError {
  constructor(option: string, message: string) {
    super('LEVITY_ERR_INVALID_OPTION', `Invalid option "${option}": ${message}`);
    this.name = 'InvalidOptionError';
  }
}

/** The charge point has no open connection to this central system. */
export class NotConnectedError extends LevityError {
  readonly chargePointId: string;

  constructor(chargePointId: string) {
    super(
      'LEVITY_ERR_NOT_CONNECTED',
      `Charge point "${chargePointId}" is not connected; wait for the "connected" event before calling it`,
    );
    this.name = 'NotConnectedError';
    this.chargePointId = chargePointId;
  }
}

/** The charge point did not answer in time. */
export class CallTimeoutError extends LevityError {
  readonly chargePointId: string;
  readonly action: string;
  readonly timeoutMs: number;

  constructor(chargePointId: string, action: string, timeoutMs: number) {
    super(
      'LEVITY_ERR_CALL_TIMEOUT',
      `Charge point "${chargePointId}" did not answer ${action} within ${timeoutMs} ms`,
    );
    this.name = 'CallTimeoutError';
    this.chargePointId = chargePointId;
    this.action = action;
    this.timeoutMs = timeoutMs;
  }
}

/** The charge point answered with a CALLERROR. */
export class CallErrorResponse extends LevityError {
  readonly chargePointId: string;
  readonly action: string;
  /** The OCPP error code the charge point sent, e.g. `NotSupported`. */
  readonly errorCode: string;
  readonly errorDescription: string;
  readonly errorDetails: unknown;

  constructor(
    chargePointId: string,
    action: string,
    errorCode: string,
    errorDescription: string,
    errorDetails: unknown,
  ) {
    super(
      'LEVITY_ERR_CALL_ERROR',
      `Charge point "${chargePointId}" answered ${action} with ${errorCode}${errorDescription ? `: ${errorDescription}` : ''}`,
    );
    this.name = 'CallErrorResponse';
    this.chargePointId = chargePointId;
    this.action = action;
    this.errorCode = errorCode;
    this.errorDescription = errorDescription;
    this.errorDetails = errorDetails;
  }
}

/** The call's parameters do not match the OCPP 1.6 schema of the action; nothing was sent. */
export class InvalidParamsError extends LevityError {
  readonly action: string;
  /** JSON pointer of the offending field, e.g. `/connectorId` (empty for the payload itself). */
  readonly field: string;

  constructor(action: string, field: string, message: string) {
    super('LEVITY_ERR_INVALID_PARAMS', `Invalid ${action} params${field ? ` at ${field}` : ''}: ${message}`);
    this.name = 'InvalidParamsError';
    this.action = action;
    this.field = field;
  }
}
