import type { Logger } from '../logger.js';
import type { IsoTimestamp, NewMeterValue, TransactionRecord } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';

/** Whether any of `values` was sampled after `stoppedAt` (both UTC ISO strings, which sort by time). */
export function sampledAfter(
  values: readonly Pick<NewMeterValue, 'timestamp'>[],
  stoppedAt: IsoTimestamp,
): boolean {
  return values.some((value) => value.timestamp > stoppedAt);
}

/** One millisecond after `at`: meter values are filtered from a time on, and a value at the stop itself is fine. */
const justAfter = (at: IsoTimestamp) => new Date(Date.parse(at) + 1).toISOString();

/** Whether the transaction has stored meter values sampled after its stop. */
export async function hasValuesAfterStop(storage: Storage, transaction: TransactionRecord): Promise<boolean> {
  if (transaction.stoppedAt === null) return false;
  const late = await storage.meterValues.list({
    transactionId: transaction.id,
    from: justAfter(transaction.stoppedAt),
    limit: 1,
  });
  return late.length > 0;
}

/**
 * Flags a stopped transaction that has meter values sampled after its stop (a charger
 * replaying its buffer after an outage, or a clock that jumped): they are kept, linked to
 * it, but an operator should look before billing it. A transaction already flagged keeps
 * its flag: `Superseded` is how Levity recognises the real stop when it comes (and the
 * session did go on after the time Levity closed it), and any flag asks for a look.
 */
export async function flagValuesAfterStop(
  storage: Storage,
  transaction: TransactionRecord,
  at: IsoTimestamp,
  logger: Logger,
): Promise<void> {
  if (transaction.attention !== null || transaction.anomaly !== null) return;
  await storage.transactions.flag(transaction.id, { attention: 'MeterValuesAfterStop', at });
  logger.warn(
    { transactionId: transaction.id, stoppedAt: transaction.stoppedAt },
    'meter values sampled after the transaction stopped; stored, and the transaction flagged for attention',
  );
}
