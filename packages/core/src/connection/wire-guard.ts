import type { OcppErrorCode } from '../ocpp16/error-codes.js';
import { isOcppErrorCode, toOcpp16ErrorCode } from '../ocpp16/error-codes.js';
import type { InboundMessage } from './ocpp-rpc-adapter.js';

const CALL = 2 as const;
const CALLRESULT = 3 as const;
const CALLERROR = 4 as const;
/** OCPP-J §4.1.4: a message id is a string of at most 36 characters. */
const MAX_MESSAGE_ID_LENGTH = 36;

/** What to do with one inbound text frame, decided before ocpp-rpc sees it. */
export type FrameVerdict =
  | { kind: 'pass'; message: InboundMessage }
  | { kind: 'ignore'; reason: string }
  | { kind: 'reject'; messageId: string; errorCode: OcppErrorCode; description: string };

function reject(messageId: string, errorCode: OcppErrorCode, description: string): FrameVerdict {
  return { kind: 'reject', messageId, errorCode, description };
}

/**
 * Parses an inbound frame and checks its OCPP-J envelope (§4). This is the only parse
 * of the frame: what passes goes to ocpp-rpc already parsed. ocpp-rpc would answer
 * envelope mistakes with OCPP 2.0.1 codes (RpcFrameworkError, MessageTypeNotSupported)
 * that a 1.6 charger does not know; these get 1.6 codes instead, and message type ids
 * other than 2, 3 and 4 are ignored as J §4.1.3 requires.
 */
export function inspectFrame(text: string): FrameVerdict {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return reject('-1', 'FormationViolation', 'Message is not valid JSON');
  }
  if (!Array.isArray(frame)) return reject('-1', 'FormationViolation', 'Message is not a JSON array');
  const [messageType, messageId] = frame;
  const replyId = typeof messageId === 'string' ? messageId : '-1';
  if (typeof messageType !== 'number') {
    return reject(replyId, 'FormationViolation', 'MessageTypeId is not a number');
  }
  if (messageType !== CALL && messageType !== CALLRESULT && messageType !== CALLERROR) {
    return { kind: 'ignore', reason: `unknown MessageTypeId ${messageType}` };
  }
  const valid =
    typeof messageId === 'string' && messageId.length > 0 && messageId.length <= MAX_MESSAGE_ID_LENGTH;
  if (messageType === CALLRESULT) {
    // Never answer a CALLRESULT or CALLERROR, however broken (J §4.2): just drop it.
    if (!valid) return { kind: 'ignore', reason: 'response with an invalid UniqueId' };
    return { kind: 'pass', message: { type: CALLRESULT, messageId, result: frame[2] } };
  }
  if (messageType === CALLERROR) {
    if (!valid) return { kind: 'ignore', reason: 'response with an invalid UniqueId' };
    return {
      kind: 'pass',
      message: {
        type: CALLERROR,
        messageId,
        errorCode: frame[2],
        description: frame[3],
        details: frame[4],
      },
    };
  }
  if (!valid) {
    return reject(
      replyId,
      'FormationViolation',
      `UniqueId must be a string of 1 to ${MAX_MESSAGE_ID_LENGTH} characters`,
    );
  }
  if (frame.length < 4)
    return reject(messageId, 'ProtocolError', 'CALL is incomplete: [2, UniqueId, Action, Payload]');
  if (frame.length > 4) return reject(messageId, 'FormationViolation', 'CALL has more than 4 elements');
  const action: unknown = frame[2];
  if (typeof action !== 'string' || action.length === 0) {
    return reject(messageId, 'FormationViolation', 'Action must be a non-empty string');
  }
  return { kind: 'pass', message: { type: CALL, messageId, action, params: frame[3] } };
}

/** The CALLERROR frame for a rejected envelope. */
export function callErrorFrame(messageId: string, errorCode: OcppErrorCode, description: string): string {
  return JSON.stringify([CALLERROR, messageId, errorCode, description, {}]);
}

/** Longest errorDescription sent (in characters): a handler's message may quote what the charge point sent. */
export const MAX_ERROR_DESCRIPTION = 255;
/** Largest errorDetails sent, as JSON; bigger ones are replaced by `{}`. */
export const MAX_ERROR_DETAILS = 1024;

/**
 * Rewrites an outbound CALLERROR so that it only ever carries a 1.6 error code, an
 * object as errorDetails, and nothing large echoed back: the description is cut to
 * `MAX_ERROR_DESCRIPTION` characters and details over `MAX_ERROR_DETAILS` become `{}`.
 * ocpp-rpc renames OccurenceConstraintViolation to the 2.x spelling on 1.6
 * connections, among others; this undoes it at the last moment. Other frames pass
 * through untouched (and unparsed: this runs on every send).
 */
export function normalizeOutboundFrame(text: string): string {
  if (!text.startsWith('[4,')) return text;
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return text;
  }
  if (!Array.isArray(frame) || frame[0] !== CALLERROR) return text;
  const [, messageId, errorCode, description, details] = frame;
  const code = toOcpp16ErrorCode(errorCode);
  const objectDetails = details !== null && typeof details === 'object' && !Array.isArray(details);
  const small = text.length <= MAX_ERROR_DESCRIPTION + MAX_ERROR_DETAILS;
  if (
    small &&
    code === errorCode &&
    isOcppErrorCode(errorCode) &&
    objectDetails &&
    typeof description === 'string'
  ) {
    return text;
  }
  const text16 = typeof description === 'string' ? description : '';
  const keptDetails = objectDetails && JSON.stringify(details).length <= MAX_ERROR_DETAILS ? details : {};
  return JSON.stringify([
    CALLERROR,
    messageId,
    code,
    text16.length > MAX_ERROR_DESCRIPTION ? `${text16.slice(0, MAX_ERROR_DESCRIPTION - 1)}…` : text16,
    keptDetails,
  ]);
}
