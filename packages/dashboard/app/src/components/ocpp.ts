import type { ConnectorStatus } from '../api/api-types.js';

/** OCPP 1.6 ChargePointStatus (§7.7), in the order a session passes through them. */
export const CONNECTOR_STATUSES: readonly ConnectorStatus[] = [
  'Available',
  'Preparing',
  'Charging',
  'SuspendedEVSE',
  'SuspendedEV',
  'Finishing',
  'Reserved',
  'Unavailable',
  'Faulted',
];

/** The feature profile of each central-system command (OCPP 1.6 §3 and the security extension). */
export const COMMAND_PROFILES: readonly { profile: string; actions: readonly string[] }[] = [
  {
    profile: 'Core',
    actions: [
      'ChangeAvailability',
      'ChangeConfiguration',
      'ClearCache',
      'DataTransfer',
      'GetConfiguration',
      'RemoteStartTransaction',
      'RemoteStopTransaction',
      'Reset',
      'UnlockConnector',
    ],
  },
  { profile: 'Firmware Management', actions: ['GetDiagnostics', 'UpdateFirmware'] },
  { profile: 'Local Auth List Management', actions: ['GetLocalListVersion', 'SendLocalList'] },
  { profile: 'Reservation', actions: ['CancelReservation', 'ReserveNow'] },
  {
    profile: 'Smart Charging',
    actions: ['ClearChargingProfile', 'GetCompositeSchedule', 'SetChargingProfile'],
  },
  { profile: 'Remote Trigger', actions: ['TriggerMessage'] },
  {
    profile: 'Security extension',
    actions: [
      'CertificateSigned',
      'DeleteCertificate',
      'ExtendedTriggerMessage',
      'GetInstalledCertificateIds',
      'GetLog',
      'InstallCertificate',
      'SignedUpdateFirmware',
    ],
  },
];

export const chargePointHref = (id: string): string => `/charge-points/${encodeURIComponent(id)}`;
export const transactionHref = (id: number): string => `/transactions/${id}`;
