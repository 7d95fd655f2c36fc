/**
 * The only CALLERROR codes OCPP-J 1.6 defines (Table 7), with the wire spellings of
 * 1.6 (kept by the errata: `FormationViolation`, `OccurenceConstraintViolation`).
 * A charge point that receives any other code may resend its message forever.
 */
export const OCPP16_ERROR_CODES = [
  'NotImplemented',
  'NotSupported',
  'InternalError',
  'ProtocolError',
  'SecurityError',
  'FormationViolation',
  'PropertyConstraintViolation',
  'OccurenceConstraintViolation',
  'TypeConstraintViolation',
  'GenericError',
] as const;

export type OcppErrorCode = (typeof OCPP16_ERROR_CODES)[number];

const known: ReadonlySet<string> = new Set(OCPP16_ERROR_CODES);

/** OCPP 2.x spellings that ocpp-rpc produces, mapped to their 1.6 equivalent. */
const fromOcpp2: Readonly<Record<string, OcppErrorCode>> = {
  FormatViolation: 'FormationViolation',
  OccurrenceConstraintViolation: 'OccurenceConstraintViolation',
  RpcFrameworkError: 'FormationViolation',
  MessageTypeNotSupported: 'NotSupported',
};

export function isOcppErrorCode(code: unknown): code is OcppErrorCode {
  return typeof code === 'string' && known.has(code);
}

/** The 1.6 code to send for any code: itself when valid, its 1.6 spelling, or GenericError. */
export function toOcpp16ErrorCode(code: unknown): OcppErrorCode {
  if (isOcppErrorCode(code)) return code;
  return (typeof code === 'string' && fromOcpp2[code]) || 'GenericError';
}

/**
 * Throw this from a handler to answer with a CALLERROR. Use it only for messages
 * that cannot be processed: a business refusal (an unknown id tag, a rejected boot)
 * is a CALLRESULT with a status, never a CALLERROR.
 *
 * @example
 * cs.handle('DataTransfer', async () => { throw new OcppError('NotSupported', 'No vendor extensions here'); });
 */
export class OcppError extends Error {
  readonly errorCode: OcppErrorCode;
  readonly details: Record<string, unknown>;

  constructor(errorCode: OcppErrorCode, message = '', details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'OcppError';
    this.errorCode = errorCode;
    this.details = details;
  }
}
