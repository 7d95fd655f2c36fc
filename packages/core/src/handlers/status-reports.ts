import type { DefaultHandler } from './handler.js';

/** OCPP 1.6 §6.16: the diagnostics upload status, latest on the charge point and in its history. */
export const diagnosticsStatusNotification: DefaultHandler<'DiagnosticsStatusNotification'> = async ({
  chargePointId,
  params,
  storage,
  receivedAt,
}) => {
  await storage.chargePoints.recordDiagnosticsStatus(chargePointId, params.status, receivedAt);
  await storage.statusReports.add({
    chargePointId,
    kind: 'Diagnostics',
    status: params.status,
    requestId: null,
    jobId: null,
    receivedAt,
  });
  return {};
};

/** OCPP 1.6 §6.17: the firmware update status, latest on the charge point and in its history. */
export const firmwareStatusNotification: DefaultHandler<'FirmwareStatusNotification'> = async ({
  chargePointId,
  params,
  storage,
  receivedAt,
}) => {
  await storage.chargePoints.recordFirmwareStatus(chargePointId, params.status, receivedAt);
  await storage.statusReports.add({
    chargePointId,
    kind: 'Firmware',
    status: params.status,
    requestId: null,
    jobId: null,
    receivedAt,
  });
  return {};
};

/** Security extension: the status of a log upload started by GetLog. */
export const logStatusNotification: DefaultHandler<'LogStatusNotification'> = async ({
  chargePointId,
  params,
  storage,
  receivedAt,
}) => {
  await storage.statusReports.add({
    chargePointId,
    kind: 'Log',
    status: params.status,
    requestId: params.requestId ?? null,
    jobId: null,
    receivedAt,
  });
  return {};
};

/** Security extension: the status of a firmware update started by SignedUpdateFirmware. */
export const signedFirmwareStatusNotification: DefaultHandler<'SignedFirmwareStatusNotification'> = async ({
  chargePointId,
  params,
  storage,
  receivedAt,
}) => {
  await storage.chargePoints.recordFirmwareStatus(chargePointId, params.status, receivedAt);
  await storage.statusReports.add({
    chargePointId,
    kind: 'SignedFirmware',
    status: params.status,
    requestId: params.requestId ?? null,
    jobId: null,
    receivedAt,
  });
  return {};
};
