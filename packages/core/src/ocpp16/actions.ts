import type { Ocpp16Messages } from './messages.generated.js';

/** Actions a charge point sends to the central system (OCPP 1.6 and its security extension). */
export const CHARGE_POINT_ACTIONS = [
  'Authorize',
  'BootNotification',
  'DataTransfer',
  'DiagnosticsStatusNotification',
  'FirmwareStatusNotification',
  'Heartbeat',
  'MeterValues',
  'StartTransaction',
  'StatusNotification',
  'StopTransaction',
  'LogStatusNotification',
  'SecurityEventNotification',
  'SignCertificate',
  'SignedFirmwareStatusNotification',
] as const satisfies readonly (keyof Ocpp16Messages)[];

/** Actions the central system sends to a charge point (OCPP 1.6 and its security extension). */
export const CENTRAL_SYSTEM_ACTIONS = [
  'CancelReservation',
  'ChangeAvailability',
  'ChangeConfiguration',
  'ClearCache',
  'ClearChargingProfile',
  'DataTransfer',
  'GetCompositeSchedule',
  'GetConfiguration',
  'GetDiagnostics',
  'GetLocalListVersion',
  'RemoteStartTransaction',
  'RemoteStopTransaction',
  'ReserveNow',
  'Reset',
  'SendLocalList',
  'SetChargingProfile',
  'TriggerMessage',
  'UnlockConnector',
  'UpdateFirmware',
  'CertificateSigned',
  'DeleteCertificate',
  'ExtendedTriggerMessage',
  'GetInstalledCertificateIds',
  'GetLog',
  'InstallCertificate',
  'SignedUpdateFirmware',
] as const satisfies readonly (keyof Ocpp16Messages)[];

/** Any OCPP 1.6-J action name. */
export type Action = keyof Ocpp16Messages;
/** An action a charge point may send to Levity: the ones `cs.handle()` accepts. */
export type ChargePointAction = (typeof CHARGE_POINT_ACTIONS)[number];
/** An action Levity may send to a charge point: the ones `chargePoint(id).call()` accepts. */
export type CentralSystemAction = (typeof CENTRAL_SYSTEM_ACTIONS)[number];

/** The request payload of an action, e.g. `Request<'BootNotification'>`. */
export type Request<A extends Action> = Ocpp16Messages[A]['request'];
/** The response payload of an action, e.g. `Response<'StartTransaction'>`. */
export type Response<A extends Action> = Ocpp16Messages[A]['response'];

const chargePointActions: ReadonlySet<string> = new Set(CHARGE_POINT_ACTIONS);
const centralSystemActions: ReadonlySet<string> = new Set(CENTRAL_SYSTEM_ACTIONS);

export function isChargePointAction(name: string): name is ChargePointAction {
  return chargePointActions.has(name);
}

export function isCentralSystemAction(name: string): name is CentralSystemAction {
  return centralSystemActions.has(name);
}
