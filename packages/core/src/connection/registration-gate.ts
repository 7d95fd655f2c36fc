import type { Action } from '../ocpp16/actions.js';
import type { RegistrationStatus } from '../storage/records.js';

/**
 * Whether a charge point may send `action` in its registration state (OCPP 1.6 §4.2):
 * until a BootNotification is Accepted it sends nothing but BootNotification. A charge
 * point Levity never saw boot (a reconnect need not bring a new BootNotification,
 * OCPP-J §5.4) is trusted only when every charge point is accepted anyway.
 * Returns why not, or undefined when it may.
 */
export function inboundRefusal(
  action: Action,
  status: RegistrationStatus | null,
  acceptsUnbooted: boolean,
): string | undefined {
  if (action === 'BootNotification' || status === 'Accepted') return undefined;
  if (status === null) {
    return acceptsUnbooted ? undefined : `${action} before an accepted BootNotification`;
  }
  return `${action} while the charge point's registration is ${status}: send BootNotification first`;
}

/** Actions the central system must not send while a charge point is Pending (OCPP 1.6 §4.2). */
const forbiddenWhilePending: ReadonlySet<Action> = new Set([
  'RemoteStartTransaction',
  'RemoteStopTransaction',
]);

/**
 * Whether Levity may send `action` to a charge point in its registration state:
 * nothing while Rejected ("the Central System SHOULD NOT initiate any"), no remote
 * start or stop while Pending. Returns why not, or undefined when it may.
 */
export function outboundRefusal(action: Action, status: RegistrationStatus | null): string | undefined {
  if (status === 'Rejected') return `its BootNotification was Rejected; OCPP 1.6 §4.2 forbids calls to it`;
  if (status === 'Pending' && forbiddenWhilePending.has(action)) {
    return `its registration is Pending; OCPP 1.6 §4.2 forbids ${action} until it is Accepted`;
  }
  return undefined;
}
