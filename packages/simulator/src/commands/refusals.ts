import type { CentralSystemAction } from '@levity/core';
import type { Commands } from './command.js';

/**
 * The `'reject'` behaviour: each action's refusal, as its schema allows. Actions without
 * a status refuse in their own way: GetConfiguration knows none of the keys,
 * GetDiagnostics has no file, UpdateFirmware fails to download, GetLocalListVersion
 * does not support a list.
 */
export const refusals: Commands<CentralSystemAction> = {
  CancelReservation: () => ({ status: 'Rejected' }),
  ChangeAvailability: () => ({ status: 'Rejected' }),
  ChangeConfiguration: () => ({ status: 'Rejected' }),
  ClearCache: () => ({ status: 'Rejected' }),
  ClearChargingProfile: () => ({ status: 'Unknown' }),
  DataTransfer: () => ({ status: 'Rejected' }),
  GetCompositeSchedule: () => ({ status: 'Rejected' }),
  GetConfiguration: ({ key }) => (key && key.length > 0 ? { unknownKey: key } : { configurationKey: [] }),
  GetDiagnostics: () => ({}),
  GetLocalListVersion: () => ({ listVersion: -1 }),
  RemoteStartTransaction: () => ({ status: 'Rejected' }),
  RemoteStopTransaction: () => ({ status: 'Rejected' }),
  ReserveNow: () => ({ status: 'Rejected' }),
  Reset: () => ({ status: 'Rejected' }),
  SendLocalList: () => ({ status: 'Failed' }),
  SetChargingProfile: () => ({ status: 'Rejected' }),
  TriggerMessage: () => ({ status: 'Rejected' }),
  UnlockConnector: () => ({ status: 'UnlockFailed' }),
  UpdateFirmware: (_params, rt) => {
    rt.later('a failing firmware download', async () => {
      await rt.send('FirmwareStatusNotification', { status: 'Downloading' });
      await rt.sleep(rt.options.timing.firmwareStepMs);
      await rt.send('FirmwareStatusNotification', { status: 'DownloadFailed' });
    });
    return {};
  },
  CertificateSigned: () => ({ status: 'Rejected' }),
  DeleteCertificate: () => ({ status: 'Failed' }),
  ExtendedTriggerMessage: () => ({ status: 'Rejected' }),
  GetInstalledCertificateIds: () => ({ status: 'NotFound' }),
  GetLog: () => ({ status: 'Rejected' }),
  InstallCertificate: () => ({ status: 'Rejected' }),
  SignedUpdateFirmware: () => ({ status: 'Rejected' }),
};
