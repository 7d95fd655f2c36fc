import type { OcppErrorCode } from '../ocpp16/error-codes.js';
import { isOcppErrorCode, toOcpp16ErrorCode } from '../ocpp16/error-codes.js';

const CALL = 2;
const CALLRESULT = 3;
const CALLERROR = 4;
/** OCPP-J §4.1.4: a message id is a string of at most 36 characters. */
const MAX_MESSAGE_ID_LENGTH = 36;

/** What to do with one inbound text frame, decided before ocpp-rpc parses it. */
export type FrameVerdict =
  | { kind: 'pass' }
  | { kind: 'ignore'; reason: string }
  | { kind: 'reject'; messageId: string; errorCode: OcppErrorCode; description: string };

function reject(messageId: string, errorCode: OcppErrorCode, description: string): FrameVerdict {
  return { kind: 'reject', messageId, errorCode, description };
}

/**
 * Checks the OCPP-J envelope (§4) of an inbound frame. ocpp-rpc answers envelope
 * mistakes with OCPP 2.0.1 codes (RpcFrameworkError, MessageTypeNotSupported) that a
 * 1.6 charger does not know; this answers them with 1.6 codes instead, and ignores
 * message type ids other than 2, 3 and 4 as J §4.1.3 requires.
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
  if (messageType !== CALL) {
    // Never answer a CALLRESULT or CALLERROR, however broken (J §4.2): just drop it.
    if (!valid) return { kind: 'ignore', reason: 'response with an invalid UniqueId' };
    return { kind: 'pass' };
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
  if (typeof frame[2] !== 'string' || frame[2].length === 0) {
    return reject(messageId, 'FormationViolation', 'Action must be a non-empty string');
  }
  return { kind: 'pass' };
}

/** The CALLERROR frame for a rejected envelope. */
export function callErrorFrame(messageId: string, errorCode: OcppErrorCode, description: string): string {
  return JSON.stringify([CALLERROR, messageId, errorCode, description, {}]);
}

/**
 * Rewrites an outbound CALLERROR so that it only ever carries a 1.6 error code and an
 * object as errorDetails. ocpp-rpc renames OccurenceConstraintViolation to the 2.x
 * spelling on 1.6 connections, among others; this undoes it at the last moment.
 * Other frames pass through untouched (and unparsed: this runs on every send).
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
  if (code === errorCode && isOcppErrorCode(errorCode) && objectDetails && typeof description === 'string') {
    return text;
  }
  return JSON.stringify([
    CALLERROR,
    messageId,
    code,
    typeof description === 'string' ? description : '',
    objectDetails ? details : {},
  ]);
}

/** The two ocpp-rpc client methods the guard wraps (pinned ocpp-rpc 2.2.1; tests cover it). */
export interface GuardableClient {
  _onMessage(buffer: Buffer | string): void;
  sendRaw(message: string): void;
}

export interface WireGuardHooks {
  onRejected(verdict: Extract<FrameVerdict, { kind: 'reject' }>): void;
  onIgnored(verdict: Extract<FrameVerdict, { kind: 'ignore' }>): void;
  /** Called for every inbound frame, valid or not: any message is a sign of life. */
  onFrame(): void;
}

/** Puts the envelope check in front of ocpp-rpc's parser and the code rewrite behind its sender. */
export function installWireGuard(client: GuardableClient, hooks: WireGuardHooks): void {
  const parse = client._onMessage.bind(client);
  const send = client.sendRaw.bind(client);
  client.sendRaw = (message: string) => send(normalizeOutboundFrame(message));
  client._onMessage = (buffer: Buffer | string) => {
    hooks.onFrame();
    const text = buffer.toString();
    // Empty frames are keep-alives for some chargers; ocpp-rpc ignores them too.
    if (text.length === 0) return;
    const verdict = inspectFrame(text);
    if (verdict.kind === 'pass') return parse(buffer);
    if (verdict.kind === 'ignore') return hooks.onIgnored(verdict);
    hooks.onRejected(verdict);
    try {
      send(callErrorFrame(verdict.messageId, verdict.errorCode, verdict.description));
    } catch {
      // The socket is closing; there is nobody left to answer.
    }
  };
}
