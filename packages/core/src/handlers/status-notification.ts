import { OcppError } from '../ocpp16/error-codes.js';
import type { StatusUpdate } from '../storage/records.js';
import { toUtcIso } from '../time.js';
import type { DefaultHandler } from './handler.js';

/**
 * OCPP 1.6 §4.9: connector 0 is the charge point's main controller, so its status
 * belongs to the charge point; connectors ≥ 1 have their own row. Any errorCode
 * other than NoError is also kept as an error event, whatever the status.
 */
export const statusNotification: DefaultHandler<'StatusNotification'> = async ({
  chargePointId,
  params,
  storage,
  receivedAt,
}) => {
  if (params.connectorId < 0) {
    throw new OcppError('PropertyConstraintViolation', 'connectorId must be 0 or greater', {
      field: '/connectorId',
    });
  }
  const update: StatusUpdate = {
    chargePointId,
    connectorId: params.connectorId,
    status: params.status,
    errorCode: params.errorCode,
    info: params.info ?? null,
    vendorId: params.vendorId ?? null,
    vendorErrorCode: params.vendorErrorCode ?? null,
    timestamp: params.timestamp === undefined ? null : toUtcIso(params.timestamp),
    receivedAt,
  };
  if (update.connectorId === 0) {
    await storage.chargePoints.recordStatus(update);
  } else {
    await storage.connectors.recordStatus(update);
  }
  if (update.errorCode !== 'NoError') {
    const { chargePointId: _, ...event } = update;
    await storage.errors.add({ chargePointId, ...event });
  }
  return {};
};
