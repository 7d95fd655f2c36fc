import type { TransactionRecord } from '../storage/records.js';
import { runUnitOfWork } from '../storage/unit-of-work.js';
import { flagValuesAfterStop, sampledAfter } from '../transactions/late-meter-values.js';
import { checkConnectorId } from './connector-id.js';
import type { DefaultHandler } from './handler.js';
import { toNewMeterValues } from './sampled-values.js';

/**
 * OCPP 1.6 §4.7: stores every sampled value of the message in one storage write,
 * linked to its transaction when Levity knows it. Values naming an unknown
 * transaction are kept too, with the id the charger sent. Values sampled after their
 * transaction's stop are kept as well, and the transaction is flagged
 * (`MeterValuesAfterStop`) in the same unit of work.
 */
export const meterValues: DefaultHandler<'MeterValues'> = async ({
  chargePointId,
  params,
  storage,
  receivedAt,
  logger,
}) => {
  checkConnectorId(params.connectorId);
  let transaction: TransactionRecord | undefined;
  if (params.transactionId !== undefined) {
    const found = await storage.transactions.get(params.transactionId);
    if (found && found.chargePointId === chargePointId) transaction = found;
  }
  const values = toNewMeterValues(params.meterValue, {
    chargePointId,
    connectorId: params.connectorId,
    transactionId: transaction?.id ?? null,
    reportedTransactionId: params.transactionId ?? null,
    source: 'MeterValues',
    receivedAt,
  });
  const stoppedAt = transaction?.stoppedAt ?? null;
  if (transaction === undefined || stoppedAt === null || !sampledAfter(values, stoppedAt)) {
    await storage.meterValues.add(values);
    return {};
  }
  await runUnitOfWork(storage, async (unit) => {
    await unit.meterValues.add(values);
    // Read again inside the unit: a flag set since is kept.
    const current = await unit.transactions.get(transaction.id);
    if (current) await flagValuesAfterStop(unit, current, receivedAt, logger);
  });
  return {};
};
