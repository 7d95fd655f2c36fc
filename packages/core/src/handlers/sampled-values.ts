import type { MeterValue } from '../ocpp16/payloads.js';
import type { IsoTimestamp, MeterValueSource, NewMeterValue } from '../storage/records.js';
import { toUtcIso } from '../time.js';

export interface MeterValueOrigin {
  chargePointId: string;
  connectorId: number | null;
  transactionId: number | null;
  reportedTransactionId: number | null;
  source: MeterValueSource;
  receivedAt: IsoTimestamp;
}

/**
 * Flattens MeterValue[] into one row per sampled value, normalising timestamps to UTC
 * and making the spec's defaults explicit (OCPP 1.6 §7.45: context Sample.Periodic,
 * format Raw, measurand Energy.Active.Import.Register, location Outlet, unit Wh) so
 * that queries need not know them. Values stay strings: they may be kWh, decimals or
 * signed data. Every row is built with the same literal shape (no spread), as this
 * runs for every sampled value Levity receives.
 */
export function toNewMeterValues(
  meterValues: readonly MeterValue[],
  origin: MeterValueOrigin,
): NewMeterValue[] {
  const { chargePointId, connectorId, transactionId, reportedTransactionId, source, receivedAt } = origin;
  const rows: NewMeterValue[] = [];
  for (const meterValue of meterValues) {
    const timestamp = toUtcIso(meterValue.timestamp);
    for (const sampled of meterValue.sampledValue) {
      rows.push({
        chargePointId,
        connectorId,
        transactionId,
        reportedTransactionId,
        timestamp,
        value: sampled.value,
        context: sampled.context ?? 'Sample.Periodic',
        format: sampled.format ?? 'Raw',
        measurand: sampled.measurand ?? 'Energy.Active.Import.Register',
        phase: sampled.phase ?? null,
        location: sampled.location ?? 'Outlet',
        unit: sampled.unit ?? 'Wh',
        source,
        receivedAt,
      });
    }
  }
  return rows;
}
