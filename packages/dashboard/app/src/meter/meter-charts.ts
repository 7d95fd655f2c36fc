import type { MeterValueSeries } from '../api/api-types.js';

/** The four charts a transaction shows. */
export type ChartKind = 'power' | 'energy' | 'current' | 'soc';

export const CHART_UNITS: Readonly<Record<ChartKind, string>> = {
  power: 'kW',
  energy: 'kWh',
  current: 'A',
  soc: '%',
};

/** A line of a chart: `[unix seconds, value]` points, oldest first. */
export interface ChartLine {
  readonly label: string;
  readonly points: readonly (readonly [number, number])[];
}

export type MeterCharts = Readonly<Record<ChartKind, readonly ChartLine[]>>;

export const EMPTY_CHARTS: MeterCharts = { power: [], energy: [], current: [], soc: [] };

/** A sampled value as OCPP 1.6 sends it in MeterValues (§7.45; all but `value` optional). */
export interface SampledValue {
  readonly value: string;
  readonly measurand?: string;
  readonly unit?: string;
  readonly phase?: string;
  readonly format?: string;
}

/**
 * Which chart a reading belongs to and its value in the chart's unit, or `undefined`
 * for readings the charts do not show. OCPP 1.6 §7.31: a missing measurand is
 * Energy.Active.Import.Register, a missing unit Wh (for energy; W, A and Percent are
 * assumed for power, current and SoC).
 */
export function chartValue(
  measurand: string | undefined,
  unit: string | undefined,
  value: number,
): { kind: ChartKind; value: number } | undefined {
  switch (measurand ?? 'Energy.Active.Import.Register') {
    case 'Power.Active.Import':
      return { kind: 'power', value: unit === 'kW' ? value : value / 1000 };
    case 'Energy.Active.Import.Register':
      return { kind: 'energy', value: unit === 'kWh' ? value : value / 1000 };
    case 'Current.Import':
      return { kind: 'current', value };
    case 'SoC':
      return { kind: 'soc', value };
    default:
      return undefined;
  }
}

const lineLabel = (phase: string | null | undefined): string => phase ?? 'total';

/** Adds points to a copy of `charts`, keeping each line in time order (one value per second and line). */
export function addPoints(
  charts: MeterCharts,
  points: readonly { kind: ChartKind; label: string; time: number; value: number }[],
): MeterCharts {
  if (points.length === 0) return charts;
  const lines = new Map<string, Map<number, number>>();
  const key = (kind: ChartKind, label: string) => `${kind}\u0000${label}`;
  for (const kind of Object.keys(charts) as ChartKind[]) {
    for (const line of charts[kind])
      lines.set(key(kind, line.label), new Map(line.points.map(([t, v]) => [t, v])));
  }
  for (const point of points) {
    const k = key(point.kind, point.label);
    let line = lines.get(k);
    if (line === undefined) {
      line = new Map();
      lines.set(k, line);
    }
    line.set(point.time, point.value);
  }
  const out: Record<ChartKind, ChartLine[]> = { power: [], energy: [], current: [], soc: [] };
  for (const [k, line] of lines) {
    const [kind, label] = k.split('\u0000') as [ChartKind, string];
    out[kind].push({ label, points: [...line].sort((a, b) => a[0] - b[0]) });
  }
  for (const kind of Object.keys(out) as ChartKind[])
    out[kind].sort((a, b) => a.label.localeCompare(b.label));
  return out;
}

const seconds = (timestamp: string): number => Math.floor(Date.parse(timestamp) / 1000);

/** The charts of the API's meter-value series (`GET …/meter-values`). */
export function chartsFromSeries(series: readonly MeterValueSeries[]): MeterCharts {
  const points: { kind: ChartKind; label: string; time: number; value: number }[] = [];
  for (const line of series) {
    for (const point of line.points) {
      if (point.value === null) continue;
      const charted = chartValue(line.measurand, line.unit, point.value);
      if (charted) points.push({ ...charted, label: lineLabel(line.phase), time: seconds(point.timestamp) });
    }
  }
  return addPoints(EMPTY_CHARTS, points);
}

/** Adds the readings of a live `meterValues` event (or a StopTransaction's transactionData). */
export function addMeterValues(
  charts: MeterCharts,
  meterValue: readonly { timestamp: string; sampledValue: readonly SampledValue[] }[],
): MeterCharts {
  const points: { kind: ChartKind; label: string; time: number; value: number }[] = [];
  for (const reading of meterValue) {
    const time = seconds(reading.timestamp);
    if (Number.isNaN(time)) continue;
    for (const sampled of reading.sampledValue) {
      if (sampled.format === 'SignedData') continue;
      const value = Number(sampled.value);
      if (!Number.isFinite(value)) continue;
      const charted = chartValue(sampled.measurand, sampled.unit, value);
      if (charted) points.push({ ...charted, label: lineLabel(sampled.phase), time });
    }
  }
  return addPoints(charts, points);
}

/** The newest value of a chart's first line, for headlines and screen readers. */
export function latest(lines: readonly ChartLine[]): number | undefined {
  const points = lines.find((line) => line.label === 'total')?.points ?? lines[0]?.points;
  return points?.[points.length - 1]?.[1];
}
