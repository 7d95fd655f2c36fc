import { compositeSchedule } from '../state/composite-schedule.js';
import type { Commands } from './command.js';

/** The Smart Charging profile (OCPP 1.6 §3.13, §5.5, §5.7, §5.16). */
export const smartChargingCommands: Commands<
  'SetChargingProfile' | 'ClearChargingProfile' | 'GetCompositeSchedule'
> = {
  SetChargingProfile({ connectorId, csChargingProfiles }, rt) {
    const status = rt.state.chargingProfiles.set(
      connectorId,
      csChargingProfiles,
      rt.profileLimits(),
      (id) => rt.state.connectors.get(id)?.transaction?.transactionId,
      rt.now(),
    );
    if (status === 'Accepted') rt.sampling.limitsChanged();
    return { status };
  },

  ClearChargingProfile(criteria, rt) {
    const status = rt.state.chargingProfiles.clear(criteria);
    if (status === 'Accepted') rt.sampling.limitsChanged();
    return { status };
  },

  /** The limits that will apply from now for `duration` seconds, in the unit asked for (default A). */
  GetCompositeSchedule({ connectorId, duration, chargingRateUnit }, rt) {
    if (connectorId > rt.state.connectors.count) return { status: 'Rejected' };
    const now = rt.now();
    const chargingSchedule = compositeSchedule(
      rt.compositeInput(connectorId),
      now,
      duration,
      chargingRateUnit ?? 'A',
    );
    return {
      status: 'Accepted',
      connectorId,
      scheduleStart: chargingSchedule.startSchedule ?? now.toISOString(),
      chargingSchedule,
    };
  },
};
