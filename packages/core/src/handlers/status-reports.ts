import type { DefaultHandler } from './handler.js';

/** OCPP 1.6 §6.16: the latest diagnostics upload status. */
export const diagnosticsStatusNotification: DefaultHandler<'DiagnosticsStatusNotification'> = async ({
  chargePointId,
  params,
  storage,
  receivedAt,
}) => {
  await storage.chargePoints.recordDiagnosticsStatus(chargePointId, params.status, receivedAt);
  return {};
};

/** OCPP 1.6 §6.17: the latest firmware update status. */
export const firmwareStatusNotification: DefaultHandler<'FirmwareStatusNotification'> = async ({
  chargePointId,
  params,
  storage,
  receivedAt,
}) => {
  await storage.chargePoints.recordFirmwareStatus(chargePointId, params.status, receivedAt);
  return {};
};
