import type {
  ChargePointFilter,
  ChargePointRecord,
  MeterValueFilter,
  MeterValueRecord,
  RegisterRange,
} from '@levity/core';
import type { SqliteChargePoints } from '../repositories/charge-points.js';
import type { SqliteMeterValues } from '../repositories/meter-values.js';

// better-sqlite3 is synchronous: one long read holds the main thread, and with it every
// OCPP answer. The reads an operator makes (the API's lists) are therefore cut into
// chunks, each run after a turn of the event loop, so that the frames read from the
// sockets meanwhile are answered in between. A list cut this way is not one snapshot:
// rows committed while it is read may or may not be in it (none is listed twice, none
// that existed before is missed).

/** Meter values read per statement. */
const METER_VALUES_PER_CHUNK = 2000;
/** Transactions whose energy registers are read per statement. */
const TRANSACTIONS_PER_CHUNK = 100;
/** Charge points read per statement. */
const CHARGE_POINTS_PER_CHUNK = 1000;

/** Resolves after the I/O callbacks waiting now have run. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** `meterValues.list`, in chunks of 2,000 values (keyset: timestamp, then id). */
export async function listMeterValuesInChunks(
  repository: SqliteMeterValues,
  filter: MeterValueFilter = {},
): Promise<MeterValueRecord[]> {
  const limit = filter.limit ?? Number.POSITIVE_INFINITY;
  const values: MeterValueRecord[] = [];
  let after: MeterValueRecord | undefined;
  while (values.length < limit) {
    await nextTurn();
    const wanted = Math.min(METER_VALUES_PER_CHUNK, limit - values.length);
    const chunk = await repository.listAfter({ ...filter, limit: wanted }, after);
    for (const value of chunk) values.push(value);
    if (chunk.length < wanted) break;
    after = chunk[chunk.length - 1];
  }
  return values;
}

/** `meterValues.registerRanges`, 100 transactions per statement. */
export async function registerRangesInChunks(
  repository: SqliteMeterValues,
  transactionIds: readonly number[],
): Promise<RegisterRange[]> {
  const ranges: RegisterRange[] = [];
  for (let start = 0; start < transactionIds.length; start += TRANSACTIONS_PER_CHUNK) {
    await nextTurn();
    const chunk = transactionIds.slice(start, start + TRANSACTIONS_PER_CHUNK);
    for (const range of await repository.registerRanges(chunk)) ranges.push(range);
  }
  return ranges;
}

/** `chargePoints.list`, 1,000 charge points per statement. */
export async function listChargePointsInChunks(
  repository: SqliteChargePoints,
  filter: ChargePointFilter = {},
): Promise<ChargePointRecord[]> {
  const limit = filter.limit ?? Number.POSITIVE_INFINITY;
  const chargePoints: ChargePointRecord[] = [];
  let after = filter.after;
  while (chargePoints.length < limit) {
    await nextTurn();
    const wanted = Math.min(CHARGE_POINTS_PER_CHUNK, limit - chargePoints.length);
    const chunk = await repository.listAfter(after, wanted);
    for (const chargePoint of chunk) chargePoints.push(chargePoint);
    if (chunk.length < wanted) break;
    after = chunk[chunk.length - 1]?.id;
  }
  return chargePoints;
}
