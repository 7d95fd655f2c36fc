import type { Response } from '../ocpp16/actions.js';
import type { TransactionStop } from '../storage/records.js';
import { toUtcIso } from '../time.js';
import type { DefaultHandler } from './handler.js';
import { toNewMeterValues } from './sampled-values.js';

/**
 * OCPP 1.6 §4.10: closes the transaction and keeps its transactionData. Always a
 * CALLRESULT: a CALLERROR makes chargers resend it until they give up and drop it.
 * A stop for a transaction Levity never issued (or another charge point's) is stored
 * as a flagged row with its meter values, so nothing the charger sent is lost.
 */
export const stopTransaction: DefaultHandler<'StopTransaction'> = async (
  { chargePointId, params, storage, receivedAt, logger },
  deps,
) => {
  const stop: TransactionStop = {
    meterStop: params.meterStop,
    stoppedAt: toUtcIso(params.timestamp),
    reason: params.reason ?? null,
    idTag: params.idTag ?? null,
    receivedAt,
  };
  const response: Response<'StopTransaction'> = {};
  if (params.idTag !== undefined) {
    response.idTagInfo = await deps.authorize({
      chargePointId,
      idTag: params.idTag,
      reason: 'StopTransaction',
    });
  }
  const transaction = await storage.transactions.get(params.transactionId);
  const values = (connectorId: number | null, transactionId: number | null) =>
    toNewMeterValues(params.transactionData ?? [], {
      chargePointId,
      connectorId,
      transactionId,
      reportedTransactionId: params.transactionId,
      source: 'StopTransaction',
      receivedAt,
    });

  if (transaction && transaction.chargePointId === chargePointId && transaction.anomaly === null) {
    if (transaction.stoppedAt === null) {
      await storage.transactions.stop(transaction.id, stop, values(transaction.connectorId, transaction.id));
      return response;
    }
    if (transaction.stoppedAt === stop.stoppedAt && transaction.meterStop === stop.meterStop) {
      // The same stop again after a lost answer: already stored.
      return response;
    }
  }
  logger.warn(
    { transactionId: params.transactionId, known: transaction !== undefined },
    'StopTransaction for a transaction this charge point has no open session for; stored as an anomaly',
  );
  await storage.transactions.recordUnknownStop(
    { ...stop, chargePointId, reportedTransactionId: params.transactionId },
    values(null, null),
  );
  return response;
};
