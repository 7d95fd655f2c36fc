import { readFileSync } from 'node:fs';
import type { CentralSystem, CentralSystemAction, Request } from '@levity/core';

export const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

const future = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

/** Valid params for every central-system action. */
export function sampleParams(): { [A in CentralSystemAction]: Request<A> } {
  return {
    CancelReservation: { reservationId: 1 },
    ChangeAvailability: { connectorId: 1, type: 'Inoperative' },
    ChangeConfiguration: { key: 'HeartbeatInterval', value: '120' },
    ClearCache: {},
    ClearChargingProfile: {},
    DataTransfer: { vendorId: 'com.example', messageId: 'Ping', data: 'x' },
    GetCompositeSchedule: { connectorId: 1, duration: 3600 },
    GetConfiguration: { key: ['HeartbeatInterval'] },
    GetDiagnostics: { location: 'ftp://diagnostics.example.com/upload' },
    GetLocalListVersion: {},
    RemoteStartTransaction: { idTag: 'REMOTE-1', connectorId: 1 },
    RemoteStopTransaction: { transactionId: 123_456 },
    ReserveNow: { connectorId: 1, expiryDate: future(600), idTag: 'RES-1', reservationId: 1 },
    Reset: { type: 'Soft' },
    SendLocalList: { listVersion: 1, updateType: 'Full', localAuthorizationList: [] },
    SetChargingProfile: {
      connectorId: 0,
      csChargingProfiles: {
        chargingProfileId: 1,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Relative',
        chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
      },
    },
    TriggerMessage: { requestedMessage: 'Heartbeat' },
    UnlockConnector: { connectorId: 1 },
    UpdateFirmware: { location: 'https://firmware.example.com/sim-2.0.0.bin', retrieveDate: future(0) },
    CertificateSigned: { certificateChain: fixture('charge-point-chain.pem') },
    DeleteCertificate: {
      certificateHashData: {
        hashAlgorithm: 'SHA256',
        issuerNameHash: 'ab',
        issuerKeyHash: 'cd',
        serialNumber: '01',
      },
    },
    ExtendedTriggerMessage: { requestedMessage: 'Heartbeat' },
    GetInstalledCertificateIds: { certificateType: 'CentralSystemRootCertificate' },
    GetLog: {
      log: { remoteLocation: 'https://logs.example.com/upload' },
      logType: 'DiagnosticsLog',
      requestId: 7,
    },
    InstallCertificate: {
      certificateType: 'CentralSystemRootCertificate',
      certificate: fixture('root-ca.pem'),
    },
    SignedUpdateFirmware: {
      requestId: 9,
      firmware: {
        location: 'https://firmware.example.com/sim-3.0.0.bin',
        retrieveDateTime: future(0),
        signingCertificate: fixture('root-ca.pem'),
        signature: 'c2lnbmF0dXJl',
      },
    },
  };
}

/** Every message a charge point sent, in the order the central system answered them. */
export function recordMessages(cs: CentralSystem, chargePointId: string) {
  const messages: { action: string; request: Record<string, unknown> }[] = [];
  cs.on('message', (event) => {
    if (event.chargePointId === chargePointId) {
      messages.push({ action: event.action, request: event.request as Record<string, unknown> });
    }
  });
  return {
    messages,
    actions: () => messages.map((m) => m.action),
    of: (action: string) => messages.filter((m) => m.action === action).map((m) => m.request),
  };
}
