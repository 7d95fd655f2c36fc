import { findRemoteStop } from '../commands/links.js';
import type { Response } from '../ocpp16/actions.js';
import type { TransactionAnomaly, TransactionRecord, TransactionStop } from '../storage/records.js';
import { runUnitOfWork } from '../storage/unit-of-work.js';
import { toUtcIso } from '../time.js';
import { flagValuesAfterStop, hasValuesAfterStop, sampledAfter } from '../transactions/late-meter-values.js';
import type { DefaultHandler } from './handler.js';
import { toNewMeterValues } from './sampled-values.js';

/** Whether a stop may (still) be written to the transaction. */
function acceptsStop(transaction: TransactionRecord): boolean {
  // A transaction Levity closed itself as superseded has no meterStop yet: the real
  // StopTransaction, delivered late, completes it.
  return (
    transaction.stoppedAt === null ||
    (transaction.attention === 'Superseded' && transaction.meterStop === null)
  );
}

/**
 * OCPP 1.6 §4.10: closes the transaction and keeps its transactionData. Always a
 * CALLRESULT: a CALLERROR makes chargers resend it until they give up and drop it.
 * A stop that matches no open session of this charge point (an unknown id, another
 * charge point's, or one already stopped with other data) is stored as a flagged row
 * with its meter values, so nothing the charger sent is lost.
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
  const remoteStopCommandId = await findRemoteStop(storage, chargePointId, params.transactionId);
  const values = (connectorId: number | null, transactionId: number | null) =>
    toNewMeterValues(params.transactionData ?? [], {
      chargePointId,
      connectorId,
      transactionId,
      reportedTransactionId: params.transactionId,
      source: 'StopTransaction',
      receivedAt,
    });
  const anomaly = await runUnitOfWork(storage, async (unit): Promise<TransactionAnomaly | null> => {
    const transaction = await unit.transactions.get(params.transactionId);
    const ours = transaction !== undefined && transaction.chargePointId === chargePointId;
    if (ours && transaction.anomaly === null) {
      if (acceptsStop(transaction)) {
        const transactionData = values(transaction.connectorId, transaction.id);
        const stopped = await unit.transactions.stop(
          transaction.id,
          { ...stop, remoteStopCommandId },
          transactionData,
        );
        // Values sampled after this stop, in its own transactionData or stored before it
        // arrived (messages replayed out of order), are kept but flagged.
        if (
          stopped &&
          (sampledAfter(transactionData, stop.stoppedAt) || (await hasValuesAfterStop(unit, stopped)))
        )
          await flagValuesAfterStop(unit, stopped, receivedAt, logger);
        return null;
      }
      // The same stop again (a lost answer, or a resend before the answer): stored already.
      if (transaction.stoppedAt === stop.stoppedAt && transaction.meterStop === stop.meterStop) return null;
      // A different stop for a stopped transaction: kept once as a flagged row, never
      // written over the first. Further resends of it add nothing.
      if (await unit.transactions.findAnomaly(chargePointId, transaction.id, 'AlreadyStopped')) return null;
    }
    const kind: TransactionAnomaly =
      ours && transaction.anomaly === null ? 'AlreadyStopped' : 'UnknownTransaction';
    await unit.transactions.recordUnknownStop(
      {
        ...stop,
        remoteStopCommandId,
        chargePointId,
        reportedTransactionId: params.transactionId,
        anomaly: kind,
      },
      values(ours ? transaction.connectorId : null, null),
    );
    return kind;
  });
  if (anomaly !== null) {
    logger.warn(
      { transactionId: params.transactionId, anomaly },
      'StopTransaction matches no open session of this charge point; stored as an anomaly',
    );
  }
  return response;
};
