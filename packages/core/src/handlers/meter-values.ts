import type { TransactionRecord } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';
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
/**
 * Messages of more sampled values than this are stored outside a unit of work: a
 * storage may then split the write (SQLite stages it in slices) so that other charge
 * points' messages are answered in between.
 */
export const LARGE_METER_VALUES = 2048;

export const meterValues: DefaultHandler<'MeterValues'> = async ({
  chargePointId,
  params,
  storage,
  receivedAt,
  logger,
}) => {
  checkConnectorId(params.connectorId);
  const store = async (repositories: Storage, separately: boolean) => {
    let transaction: TransactionRecord | undefined;
    if (params.transactionId !== undefined) {
      const found = await repositories.transactions.get(params.transactionId);
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
      await repositories.meterValues.add(values);
      return;
    }
    if (!separately) {
      await repositories.meterValues.add(values);
      await flagValuesAfterStop(repositories, transaction, receivedAt, logger);
      return;
    }
    await runUnitOfWork(repositories, async (unit) => {
      await unit.meterValues.add(values);
      // Read again inside the unit: a flag set since is kept.
      const current = await unit.transactions.get(transaction.id);
      if (current) await flagValuesAfterStop(unit, current, receivedAt, logger);
    });
  };
  // The usual message: its read and writes are one unit, which on SQLite runs on the
  // write connection (its page cache stays warm) and sees the transaction as it is.
  if (sampledValueCount(params.meterValue) <= LARGE_METER_VALUES) {
    await runUnitOfWork(storage, (unit) => store(unit, false));
  } else {
    await store(storage, true);
  }
  return {};
};

function sampledValueCount(meterValue: readonly { sampledValue: readonly unknown[] }[]): number {
  let count = 0;
  for (const value of meterValue) count += value.sampledValue.length;
  return count;
}
