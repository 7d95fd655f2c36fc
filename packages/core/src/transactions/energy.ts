import type { MeterValueRecord, TransactionRecord } from '../storage/records.js';

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

/** A register reading in Wh, or undefined when it is not a plain number (signed data, garbage). */
function registerWh(value: MeterValueRecord): number | undefined {
  if (value.format !== 'Raw' || value.measurand !== 'Energy.Active.Import.Register') return undefined;
  if (value.unit !== 'Wh' && value.unit !== 'kWh') return undefined;
  const number = Number(value.value);
  if (!Number.isFinite(number)) return undefined;
  return value.unit === 'kWh' ? number * 1000 : number;
}

/**
 * The energy of a transaction in Wh. meterStart/meterStop are the charge point's own
 * statement (OCPP 1.6 §4.8, §4.10) and win when they make sense; the register readings
 * sampled during the session (in Wh or kWh) take over when meterStop is missing (an
 * open or superseded session) or disagrees with them (below meterStart, or clearly
 * below the highest reading), as some firmware reports meterStop 0 or a stale value.
 */
export function transactionEnergy(
  transaction: TransactionRecord,
  values: readonly MeterValueRecord[],
): TransactionEnergy {
  const readings = values
    .filter((value) => value.transactionId === transaction.id)
    .map(registerWh)
    .filter((wh): wh is number => wh !== undefined);
  const start = transaction.meterStart ?? (readings.length > 0 ? Math.min(...readings) : null);
  const stop = transaction.meterStop;
  const highest = readings.length > 0 ? Math.max(...readings) : null;
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
