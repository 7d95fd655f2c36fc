import type { MeterValueRecord, RegisterRange, TransactionRecord } from '../storage/records.js';

export interface TransactionEnergy {
  /** Energy delivered in Wh, or `null` when nothing tells. */
  energyWh: number | null;
  /**
   * Where the figure comes from: `meter` (meterStop − meterStart), `registers` (the
   * Energy.Active.Import.Register readings, when the meter values are missing or
   * disagree with them), or `null`.
   */
  source: 'meter' | 'registers' | null;
}

/**
 * A register reading in Wh, or undefined when it is not a plain number (signed data,
 * garbage). `RegisterRange` is defined by this function: storages that compute ranges
 * themselves must read values exactly like it.
 */
export function registerWh(
  value: Pick<MeterValueRecord, 'format' | 'measurand' | 'unit' | 'value'>,
): number | undefined {
  if (value.format !== 'Raw' || value.measurand !== 'Energy.Active.Import.Register') return undefined;
  if (value.unit !== 'Wh' && value.unit !== 'kWh') return undefined;
  const number = Number(value.value);
  if (!Number.isFinite(number)) return undefined;
  return value.unit === 'kWh' ? number * 1000 : number;
}

/**
 * The register range of each transaction among `values` (see `RegisterRange`): what a
 * storage without an index of its own can answer `registerRanges` with.
 */
export function registerRangesOf(values: Iterable<MeterValueRecord>): RegisterRange[] {
  const ranges = new Map<number, RegisterRange>();
  for (const value of values) {
    if (value.transactionId === null) continue;
    const wh = registerWh(value);
    if (wh === undefined) continue;
    const range = ranges.get(value.transactionId);
    if (range === undefined) {
      ranges.set(value.transactionId, { transactionId: value.transactionId, lowestWh: wh, highestWh: wh });
    } else {
      if (wh < range.lowestWh) range.lowestWh = wh;
      if (wh > range.highestWh) range.highestWh = wh;
    }
  }
  return [...ranges.values()];
}

/**
 * The energy of a transaction in Wh from its register range. meterStart/meterStop are
 * the charge point's own statement (OCPP 1.6 §4.8, §4.10) and win when they make sense;
 * the register readings sampled during the session (in Wh or kWh) take over when
 * meterStop is missing (an open or superseded session) or disagrees with them (below
 * meterStart, or clearly below the highest reading), as some firmware reports meterStop
 * 0 or a stale value.
 *
 * @example
 * const [range] = await storage.meterValues.registerRanges([transaction.id]);
 * const { energyWh } = energyFromRegisters(transaction, range);
 */
export function energyFromRegisters(
  transaction: TransactionRecord,
  range: RegisterRange | undefined,
): TransactionEnergy {
  const start = transaction.meterStart ?? range?.lowestWh ?? null;
  const stop = transaction.meterStop;
  const highest = range?.highestWh ?? null;
  const round = (wh: number) => Math.round(wh * 1000) / 1000;

  // Readings in kWh with few decimals are coarse: a small overshoot is rounding, not disagreement.
  const tolerance = stop === null ? 0 : Math.max(10, stop * 0.001);
  if (start !== null && stop !== null && stop >= start && (highest === null || highest <= stop + tolerance)) {
    return { energyWh: stop - start, source: 'meter' };
  }
  if (start !== null && highest !== null && highest >= start) {
    return { energyWh: round(highest - start), source: 'registers' };
  }
  if (start !== null && stop !== null && stop >= start) return { energyWh: stop - start, source: 'meter' };
  return { energyWh: null, source: null };
}

/**
 * The energy of a transaction in Wh, from its meter values (those of other
 * transactions are ignored); see `energyFromRegisters`.
 */
export function transactionEnergy(
  transaction: TransactionRecord,
  values: readonly MeterValueRecord[],
): TransactionEnergy {
  const range = registerRangesOf(values).find((candidate) => candidate.transactionId === transaction.id);
  return energyFromRegisters(transaction, range);
}
