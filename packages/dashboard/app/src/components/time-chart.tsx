import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartLine } from '../meter/meter-charts.js';
import { formatNumber } from './format.js';

// Dark enough on white for 3:1 non-text contrast (WCAG 1.4.11), and told apart by more than hue.
const COLOURS = ['#0b57d0', '#b3261e', '#146c2e', '#7c4dff', '#8a5300'];
const DASHES = [[], [6, 3], [2, 2], [8, 2, 2, 2], [4, 4]];

const TIME_STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 604_800,
];

interface TimeChartProps {
  readonly title: string;
  readonly unit: string;
  readonly lines: readonly ChartLine[];
  readonly height?: number;
  /** `bars` for counts per second. */
  readonly kind?: 'lines' | 'bars';
}

/** Joins lines sampled at different times into uPlot's one x axis (gaps stay gaps). */
function aligned(lines: readonly ChartLine[]): uPlot.AlignedData {
  if (lines.length === 0) return [[]];
  return uPlot.join(lines.map((line) => [line.points.map((p) => p[0]), line.points.map((p) => p[1])]));
}

/**
 * A time chart on uPlot (canvas), redrawn in place as points arrive and resized with
 * its container. Screen readers get the title, the number of points and the latest
 * value instead of the canvas.
 */
export function TimeChart({ title, unit, lines, height = 200, kind = 'lines' }: TimeChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const labels = lines.map((line) => line.label).join('\u0000');

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 200),
      height,
      legend: { show: lines.length > 1 },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: {
          time: true,
          // A lone reading would otherwise stretch the axis over years.
          range: (_u, min, max) => (min === max ? [min - 60, max + 60] : [min, max]),
        },
      },
      axes: [
        // Whole seconds at least: readings come per second at best.
        { stroke: '#3c4043', grid: { stroke: '#e3e3e3' }, space: 60, incrs: TIME_STEPS },
        {
          stroke: '#3c4043',
          grid: { stroke: '#e3e3e3' },
          label: unit,
          size: 56,
          // As many decimals as the step between ticks needs (0.005 kWh steps show 3).
          values: (_u, ticks, _axis, _space, step) =>
            ticks.map((tick) =>
              formatNumber(tick, '', Math.max(0, Math.min(4, -Math.floor(Math.log10(step))))),
            ),
        },
      ],
      series: [
        {},
        ...lines.map((line, index) => ({
          label: line.label,
          stroke: COLOURS[index % COLOURS.length],
          dash: DASHES[index % DASHES.length],
          width: 2,
          ...(kind === 'bars'
            ? { paths: uPlot.paths.bars?.({ size: [0.8, 40] }), fill: `${COLOURS[0]}55` }
            : { spanGaps: true }),
        })),
      ],
    };
    const plot = new uPlot(options, aligned(lines), element);
    chart.current = plot;
    const observer = new ResizeObserver(() => {
      plot.setSize({ width: Math.max(element.clientWidth, 200), height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
      chart.current = null;
    };
  }, [labels, height, unit, kind]);

  useEffect(() => {
    chart.current?.setData(aligned(lines));
  }, [lines]);

  const points = lines.reduce((sum, line) => sum + line.points.length, 0);
  const main = lines.find((line) => line.label === 'total') ?? lines[0];
  const last = main?.points[main.points.length - 1]?.[1];
  const summary =
    points === 0 ? 'no readings yet' : `${points} readings, latest ${formatNumber(last, unit, 2)}`;
  return (
    <figure class="chart" data-points={points} data-chart={title}>
      <figcaption>
        <span class="chart-title">{title}</span>{' '}
        <span class="chart-latest">{formatNumber(last, unit, 2)}</span>
      </figcaption>
      <div ref={container} class="chart-canvas" aria-hidden="true" />
      <p class="visually-hidden">
        {title}: {summary}
      </p>
      {points === 0 ? <p class="chart-empty muted">No readings yet</p> : null}
    </figure>
  );
}
