import type { Request } from '../ocpp16/actions.js';
import type { ChargePointHandle } from '../outbound/charge-point-handle.js';
import type { ChargePointRecord, RegistrationStatus } from '../storage/records.js';

export interface BootRequest {
  chargePointId: string;
  params: Request<'BootNotification'>;
  /** What Levity knew of the charge point before this boot, including the operator's `admission`. */
  chargePoint: ChargePointRecord | undefined;
}

export interface BootDecision {
  status: RegistrationStatus;
  /** For Pending/Rejected: seconds before the charge point may boot again. Default: `bootRetryIntervalSeconds`. */
  interval?: number;
}

/**
 * Decides the status answered to a BootNotification (OCPP 1.6 §4.2).
 *
 * @example
 * const cs = createCentralSystem({
 *   bootPolicy: ({ params }) => ({ status: params.chargePointVendor === 'Acme' ? 'Accepted' : 'Rejected', interval: 3600 }),
 * });
 */
export type BootPolicy = (request: BootRequest) => BootDecision | Promise<BootDecision>;

/** A built-in policy by name, or your own function. */
export type BootPolicyOption = 'accept-all' | 'known-only' | 'pending' | BootPolicy;

export const BOOT_POLICIES = ['accept-all', 'known-only', 'pending'] as const;

/** Accepts every charge point the operator has not rejected. The default. */
export const acceptAllChargePoints: BootPolicy = ({ chargePoint }) => ({
  status: chargePoint?.admission === 'Rejected' ? 'Rejected' : 'Accepted',
});

/** Accepts only charge points the operator accepted beforehand (`cs.chargePoints.accept(id)`). */
export const knownChargePointsOnly: BootPolicy = ({ chargePoint }) => ({
  status: chargePoint?.admission === 'Accepted' ? 'Accepted' : 'Rejected',
});

/**
 * Answers Pending until the operator decides (`onPendingBoot`, or `cs.chargePoints.accept/reject`);
 * then Accepted or Rejected.
 */
export const pendingUntilDecided: BootPolicy = ({ chargePoint }) => {
  const admission = chargePoint?.admission;
  return { status: admission === 'Accepted' || admission === 'Rejected' ? admission : 'Pending' };
};

export function resolveBootPolicy(option: BootPolicyOption): BootPolicy {
  if (typeof option === 'function') return option;
  if (option === 'known-only') return knownChargePointsOnly;
  if (option === 'pending') return pendingUntilDecided;
  return acceptAllChargePoints;
}

/** What the operator's hook gets for a charge point answered Pending. */
export interface PendingBootContext {
  chargePointId: string;
  params: Request<'BootNotification'>;
  /**
   * Calls to the charge point: in Pending it may be queried and configured
   * (GetConfiguration, ChangeConfiguration, TriggerMessage…) but not start or stop
   * transactions remotely (OCPP 1.6 §4.2).
   */
  chargePoint: ChargePointHandle;
}

/**
 * Runs after a charge point was answered Pending, to configure it and decide. Return
 * `'Accepted'` or `'Rejected'` to record the decision (an accepted charge point is asked
 * to boot again at once), or nothing to leave it pending for `cs.chargePoints.accept()`.
 */
export type PendingBootHook = (
  context: PendingBootContext,
) => 'Accepted' | 'Rejected' | undefined | Promise<'Accepted' | 'Rejected' | undefined>;
