// Label values come from bounded sets only: a label value the wire chooses (an action
// name, a charge point id) would let one client create series without end.
import { isCentralSystemAction, isChargePointAction } from '@levity/core';

/** What an action no version of OCPP 1.6 knows is reported as. */
export const UNKNOWN_ACTION = 'unknown';

/**
 * The `action` label of an inbound CALL: any OCPP 1.6 action (those only a central
 * system sends are refused, and counted as such), anything else folded into `unknown`.
 */
export function actionLabel(action: string): string {
  return isChargePointAction(action) || isCentralSystemAction(action) ? action : UNKNOWN_ACTION;
}

/** WebSocket close codes by name (RFC 6455 §7.4.1); others are `other`. */
const CLOSE_CODES: Readonly<Record<number, string>> = {
  1000: 'normal',
  1001: 'going_away',
  1002: 'protocol_error',
  1003: 'unsupported_data',
  1005: 'no_status',
  1006: 'abnormal',
  1007: 'invalid_payload',
  1008: 'policy_violation',
  1009: 'message_too_big',
  1011: 'internal_error',
};

/** Every value of the `reason` label of closed connections. */
export const CLOSE_REASONS: readonly string[] = [...Object.values(CLOSE_CODES), 'other', 'replaced'];

/**
 * The `reason` label of a closed connection: `replaced` when Levity closed it for a
 * newer connection of the same charge point, otherwise the close code's name.
 */
export function closeReason(code: number, replaced: boolean): string {
  if (replaced) return 'replaced';
  return CLOSE_CODES[code] ?? 'other';
}

/** What a request no route matched is reported as (its URL is the client's to choose). */
export const UNMATCHED_ROUTE = 'unmatched';
