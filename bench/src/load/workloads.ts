import type { CallOutcome, ChargePoint } from './charge-point.js';
import { authorize, meterValues, startTransaction, statusNotification, stopTransaction } from './frames.js';

/** The next call a charge point makes, and what its answer changes. */
export interface NextCall {
  action: string;
  payload: string;
  answered?(outcome: CallOutcome): void;
}

/** What each charge point sends next under load. */
export type Workload = (cp: ChargePoint, index: number) => NextCall;

export const WORKLOADS = ['meter', 'mix'] as const;
export type WorkloadName = (typeof WORKLOADS)[number];

/** MeterValues of nine sampled values on the charge point's open transaction. */
const meter: Workload = (cp) => {
  cp.energyWh += 150;
  return {
    action: 'MeterValues',
    payload: meterValues(1, cp.transactionId, cp.energyWh, new Date().toISOString()),
  };
};

const tagOf = (index: number) => `TAG${String(index + 1).padStart(5, '0')}`;
/** Calls in one session of the mix; a failed call starts a new session. */
const SESSION_LENGTH = 10;

/**
 * One charging session after another: StatusNotification Preparing, Authorize,
 * StartTransaction, StatusNotification Charging, four MeterValues, StopTransaction,
 * StatusNotification Available.
 */
const mix: Workload = (cp, index) => {
  const now = new Date().toISOString();
  const advance = (outcome: CallOutcome) => {
    cp.step = outcome.ok ? (cp.step + 1) % SESSION_LENGTH : 0;
  };
  switch (cp.step) {
    case 0:
      return {
        action: 'StatusNotification',
        payload: statusNotification(1, 'Preparing', now),
        answered: advance,
      };
    case 1:
      return { action: 'Authorize', payload: authorize(tagOf(index)), answered: advance };
    case 2:
      return {
        action: 'StartTransaction',
        payload: startTransaction(1, tagOf(index), cp.energyWh, now),
        answered: (outcome) => {
          if (outcome.ok) cp.transactionId = Number(outcome.payload.transactionId);
          advance(outcome);
        },
      };
    case 3:
      return {
        action: 'StatusNotification',
        payload: statusNotification(1, 'Charging', now),
        answered: advance,
      };
    case 8:
      return {
        action: 'StopTransaction',
        payload: stopTransaction(cp.transactionId ?? 0, cp.energyWh, now, tagOf(index)),
        answered: advance,
      };
    case 9:
      return {
        action: 'StatusNotification',
        payload: statusNotification(1, 'Available', now),
        answered: advance,
      };
    default:
      return { ...meter(cp, index), answered: advance };
  }
};

export const workloads: Record<WorkloadName, Workload> = { meter, mix };
