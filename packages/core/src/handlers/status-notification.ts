import type { Logger } from '../logger.js';
import type { StatusUpdate } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';
import { runUnitOfWork } from '../storage/unit-of-work.js';
import { toUtcIso } from '../time.js';
import { checkConnectorId } from './connector-id.js';
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
  logger,
}) => {
  checkConnectorId(params.connectorId);
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
  await runUnitOfWork(storage, async (unit) => {
    if (update.connectorId === 0) {
      await unit.chargePoints.recordStatus(update);
    } else {
      await unit.connectors.recordStatus(update);
    }
    if (update.connectorId > 0 && update.status === 'Available') {
      await flagOpenTransactions(unit, update, logger);
    }
    if (update.errorCode !== 'NoError') {
      const { chargePointId: _, ...event } = update;
      await unit.errors.add({ chargePointId, ...event });
    }
  });
  return {};
};

/**
 * A connector that reports Available has no session in progress. If Levity still has
 * one open there (typically after a reconnect that lost the StopTransaction), it is
 * flagged for the operator; it stays open and no meter value is invented, because the
 * real StopTransaction may still arrive from the charger's offline queue.
 */
async function flagOpenTransactions(storage: Storage, update: StatusUpdate, logger: Logger): Promise<void> {
  const reportedAt = update.timestamp ?? update.receivedAt;
  const open = await storage.transactions.listActive(update.chargePointId, update.connectorId);
  for (const transaction of open) {
    if (transaction.attention !== null || (transaction.startedAt ?? '') > reportedAt) continue;
    await storage.transactions.flag(transaction.id, {
      attention: 'OpenWhileAvailable',
      at: update.receivedAt,
    });
    logger.warn(
      { transactionId: transaction.id, connectorId: update.connectorId },
      'connector reported Available while a transaction is open there; flagged for attention',
    );
  }
}
