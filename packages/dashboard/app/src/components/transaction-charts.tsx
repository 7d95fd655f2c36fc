import { useMemo, useState } from 'preact/hooks';
import type { MeterValues } from '../api/api-types.js';
import { useLive } from '../live/live-events.js';
import type { ChartKind, MeterCharts } from '../meter/meter-charts.js';
import { addMeterValues, CHART_UNITS, chartsFromSeries, EMPTY_CHARTS } from '../meter/meter-charts.js';
import { ErrorNotice } from './notice.js';
import { TimeChart } from './time-chart.js';
import { useResource } from './use-resource.js';

const MEASURANDS: Readonly<Record<ChartKind, string>> = {
  power: 'Power.Active.Import',
  energy: 'Energy.Active.Import.Register',
  current: 'Current.Import',
  soc: 'SoC',
};
const TITLES: Readonly<Record<ChartKind, string>> = {
  power: 'Power',
  energy: 'Energy',
  current: 'Current',
  soc: 'State of charge',
};

interface TransactionChartsProps {
  readonly transactionId: number;
  readonly kinds: readonly ChartKind[];
  /** Extend the charts with the transaction's live meterValues events. */
  readonly live: boolean;
  /** Leave out charts without readings (a charger that sends no SoC). */
  readonly hideEmpty?: boolean;
  /**
   * The transaction's meterStart (Wh): the energy chart then shows what this session
   * delivered rather than the meter's register, which counts the meter's whole life.
   */
  readonly meterStartWh?: number | null;
}

/** A transaction's meter values as charts, loaded from the API and extended live. */
export function TransactionCharts({
  transactionId,
  kinds,
  live,
  hideEmpty = false,
  meterStartWh = null,
}: TransactionChartsProps) {
  const key = kinds.join(',');
  const loaded = useResource(
    async (api) => {
      const answers = await Promise.all(
        kinds.map((kind) =>
          api.get<MeterValues>(`/api/transactions/${transactionId}/meter-values`, {
            measurand: MEASURANDS[kind],
            limit: 20_000,
          }),
        ),
      );
      return chartsFromSeries(answers.flatMap((answer) => answer.series));
    },
    [transactionId, key],
  );
  // Live readings since the load; merged with the loaded ones below.
  const [liveReadings, setLiveReadings] = useState<MeterCharts>(EMPTY_CHARTS);
  useLive('meterValues', (event) => {
    if (!live || event.transactionId !== transactionId) return;
    setLiveReadings((charts) => addMeterValues(charts, event.meterValue));
  });

  const charts = useMemo(() => {
    const base = loaded.data ?? EMPTY_CHARTS;
    const merged: Record<ChartKind, MeterCharts[ChartKind]> = { ...base };
    for (const kind of kinds) {
      const lines = new Map(base[kind].map((line) => [line.label, line.points]));
      for (const line of liveReadings[kind]) {
        const points = new Map([...(lines.get(line.label) ?? []), ...line.points].map(([t, v]) => [t, v]));
        lines.set(
          line.label,
          [...points].sort((a, b) => a[0] - b[0]),
        );
      }
      const offset = kind === 'energy' && meterStartWh !== null ? meterStartWh / 1000 : 0;
      merged[kind] = [...lines].map(([label, points]) => ({
        label,
        points: offset === 0 ? points : points.map(([t, v]) => [t, v - offset] as const),
      }));
    }
    return merged;
  }, [loaded.data, liveReadings, key, meterStartWh]);

  const shown = kinds.filter((kind) => !hideEmpty || charts[kind].length > 0);
  return (
    <div class="charts">
      <ErrorNotice error={loaded.error} title="Meter values" />
      {shown.map((kind) => (
        <TimeChart
          key={kind}
          title={kind === 'energy' && meterStartWh !== null ? 'Energy delivered' : TITLES[kind]}
          unit={CHART_UNITS[kind]}
          lines={charts[kind]}
        />
      ))}
      {shown.length === 0 && !loaded.loading ? (
        <p class="muted">No meter values for this transaction.</p>
      ) : null}
    </div>
  );
}
