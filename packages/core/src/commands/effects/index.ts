import type { CommandEffects } from '../effect.js';
import { clearChargingProfile, setChargingProfile } from './charging-profiles.js';
import { changeConfiguration, getConfiguration } from './configuration.js';
import { securityConfiguration } from './credentials.js';
import { getDiagnostics, getLog, signedUpdateFirmware, updateFirmware } from './jobs.js';
import { getLocalListVersion, sendLocalList } from './local-list.js';
import { cancelReservation, reserveNow } from './reservations.js';

/**
 * The state each command implies, by action. Commands without an entry (Reset,
 * UnlockConnector, TriggerMessage…) change nothing Levity keeps; RemoteStart and
 * RemoteStopTransaction are linked when the transaction messages they cause arrive.
 */
export const commandEffects: CommandEffects = {
  GetConfiguration: getConfiguration,
  ChangeConfiguration: {
    before: (context) => securityConfiguration.before?.(context) ?? Promise.resolve(),
    async answered(context, response) {
      await changeConfiguration.answered?.(context, response);
      await securityConfiguration.answered?.(context, response);
    },
  },
  SendLocalList: sendLocalList,
  GetLocalListVersion: getLocalListVersion,
  ReserveNow: reserveNow,
  CancelReservation: cancelReservation,
  SetChargingProfile: setChargingProfile,
  ClearChargingProfile: clearChargingProfile,
  UpdateFirmware: updateFirmware,
  GetDiagnostics: getDiagnostics,
  GetLog: getLog,
  SignedUpdateFirmware: signedUpdateFirmware,
};
