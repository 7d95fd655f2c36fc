import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import type { BenchResult, RunResult } from './bench.js';
import type { StepResult } from './load/steps.js';
import type { ScenarioName } from './options.js';
import { SCENARIO_TITLES } from './options.js';
import type { ServerName } from './servers.js';
import { SERVER_LABELS, SERVERS } from './servers.js';

/** The figures of one run that the tables show. */
export interface Figures {
  /** Offered calls/s (the knee, for a knee search) or connections/s (fleets). */
  offered: number | null;
  achieved: number | null;
  cpuMicrosPerCall: number | null;
  /** PostgreSQL's CPU per call (all its processes), when it ran on this machine. */
  databaseCpuMicrosPerCall: number | null;
  p50: number | null;
  p99: number | null;
  rssPerConnectionKb: number | null;
  errors: number;
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, n) => a + n, 0);
const kb = (bytes: number) => bytes / 1024;

/** The step a run is judged by: the knee's, or the only one. */
export function headlineStep(run: RunResult): StepResult | undefined {
  const { steps, knee } = run.report;
  if (knee !== null) return [...steps].reverse().find((step) => step.offered === knee) ?? steps[0];
  return steps.at(-1);
}

export function figures(run: RunResult): Figures {
  const { report } = run;
  const baseline = report.baselineRssBytes;
  if (report.hold) {
    const { hold, join } = report;
    const connected = hold.connectedAtEnd;
    const { middle } = hold;
    // Between half the fleet and all of it when measured so, else from before the first connection.
    const rssPerConnectionKb =
      middle?.serverRssBytes != null && hold.serverRssBytes !== null && connected > middle.connected
        ? kb(hold.serverRssBytes - middle.serverRssBytes) / (connected - middle.connected)
        : baseline !== null && hold.serverRssBytes !== null && connected > 0
          ? kb(hold.serverRssBytes - baseline) / connected
          : null;
    return {
      offered: null,
      achieved: join.seconds > 0 ? join.connected / join.seconds : null,
      cpuMicrosPerCall: null,
      databaseCpuMicrosPerCall: null,
      p50: join.handshakeMs.p50,
      p99: join.handshakeMs.p99,
      rssPerConnectionKb,
      errors: join.failed + sum(hold.drops),
    };
  }
  const step = headlineStep(run);
  if (!step) {
    return {
      offered: null,
      achieved: null,
      cpuMicrosPerCall: null,
      databaseCpuMicrosPerCall: null,
      p50: null,
      p99: null,
      rssPerConnectionKb: null,
      errors: 0,
    };
  }
  return {
    offered: report.knee ?? step.offered,
    achieved: step.achieved,
    cpuMicrosPerCall: step.cpuMicrosPerCall,
    databaseCpuMicrosPerCall: step.databaseCpuMicrosPerCall ?? null,
    p50: step.p50,
    p99: step.p99,
    rssPerConnectionKb:
      baseline !== null && step.serverRssBytes !== null && report.join.connected > 0
        ? kb(step.serverRssBytes - baseline) / report.join.connected
        : null,
    errors: sum(step.errors),
  };
}

const integer = (n: number | null | undefined) => (n == null ? '–' : Math.round(n).toLocaleString('en-US'));
const decimal = (n: number | null | undefined) =>
  n == null ? '–' : n >= 100 ? integer(n) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
const ratio = (a: number | null | undefined, b: number | null | undefined) =>
  a == null || b == null || b === 0 ? '–' : `${(a / b).toFixed(2)}×`;

function markdown(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const runsOf = (result: BenchResult, scenario: ScenarioName) =>
  result.runs.filter((run) => run.scenario === scenario);

/** Pairs each Levity run with the reference run of the same round. */
function pairs(runs: RunResult[]): [RunResult | undefined, RunResult | undefined][] {
  return byRound(runs).map((round) => [
    round.find((run) => run.server === 'levity'),
    round.find((run) => run.server === 'reference'),
  ]);
}

/** The runs of each round, in the order of `SERVERS` (the reference last). */
function byRound(runs: RunResult[]): RunResult[][] {
  const rounds = [...new Set(runs.map((run) => run.round))];
  const order = (name: ServerName) => SERVERS.indexOf(name);
  return rounds.map((round) =>
    runs.filter((run) => run.round === round).sort((a, b) => order(a.server) - order(b.server)),
  );
}

const labelOf = (run: RunResult) =>
  `${SERVER_LABELS[run.server]}${run.round > 0 ? ` (round ${run.round + 1})` : ''}`;

function loadTable(result: BenchResult): string | undefined {
  const rows: string[][] = [];
  const withDatabase = result.runs.some((run) => figures(run).databaseCpuMicrosPerCall !== null);
  for (const scenario of ['meter', 'mix', 'p99'] as const) {
    const runs = runsOf(result, scenario);
    if (runs.length === 0) continue;
    const title =
      scenario === 'p99'
        ? `MeterValues at ${integer(result.options.fixedRate)}/s`
        : SCENARIO_TITLES[scenario];
    for (const round of byRound(runs)) {
      for (const run of round) {
        const f = figures(run);
        const step = headlineStep(run);
        const notes = [
          f.errors > 0 ? `${f.errors} errors` : '',
          step && step.loadCpuPercent > 90
            ? `load generator at ${Math.round(step.loadCpuPercent)} % CPU`
            : '',
          step?.nodeCpuPercents && step.nodeCpuPercents.length > 1
            ? `nodes at ${step.nodeCpuPercents.map((p) => Math.round(p)).join(' / ')} % CPU`
            : '',
          step?.databaseCpuPercent != null
            ? `PostgreSQL at ${Math.round(step.databaseCpuPercent)} % CPU`
            : '',
          run.report.knee === 0 ? 'no step met the limits' : '',
          run.report.knee !== null && run.report.knee === Math.max(...result.options.ladder)
            ? 'the top of the ladder: the knee is higher'
            : '',
        ].filter(Boolean);
        rows.push([
          title,
          labelOf(run),
          integer(f.offered),
          integer(f.achieved),
          decimal(f.cpuMicrosPerCall),
          ...(withDatabase ? [decimal(f.databaseCpuMicrosPerCall)] : []),
          decimal(f.p50),
          decimal(f.p99),
          decimal(f.rssPerConnectionKb),
          notes.join('; '),
        ]);
      }
      const reference = round.find((run) => run.server === 'reference');
      for (const run of round) {
        if (!reference || run === reference) continue;
        const [l, r] = [figures(run), figures(reference)];
        rows.push([
          title,
          `**${SERVER_LABELS[run.server]} ÷ ocpp-rpc**`,
          ratio(l.offered, r.offered),
          ratio(l.achieved, r.achieved),
          ratio(l.cpuMicrosPerCall, r.cpuMicrosPerCall),
          ...(withDatabase ? [''] : []),
          ratio(l.p50, r.p50),
          ratio(l.p99, r.p99),
          ratio(l.rssPerConnectionKb, r.rssPerConnectionKb),
          '',
        ]);
      }
    }
  }
  if (rows.length === 0) return undefined;
  return markdown(
    [
      'scenario',
      'server',
      'offered/s (knee)',
      'achieved/s',
      'server CPU µs/call',
      ...(withDatabase ? ['PostgreSQL CPU µs/call'] : []),
      'p50 ms',
      'p99 ms',
      'RSS/conn KB',
      'notes',
    ],
    rows,
  );
}

function fleetTable(result: BenchResult): string | undefined {
  const rows: string[][] = [];
  for (const scenario of ['idle', 'storm'] as const) {
    const runs = runsOf(result, scenario);
    const title =
      scenario === 'storm'
        ? `connect storm at ${integer(result.options.stormRate)}/s`
        : `idle fleet (${result.options.idleConcurrency} joining at once)`;
    for (const round of byRound(runs)) {
      for (const run of round) {
        const { join, hold } = run.report;
        const f = figures(run);
        const failures = Object.entries(join.failures)
          .map(([kind, n]) => `${kind}: ${n}`)
          .concat(Object.entries(hold?.drops ?? {}).map(([kind, n]) => `dropped ${kind}: ${n}`));
        rows.push([
          title,
          labelOf(run),
          integer(join.attempted),
          integer(join.connected),
          integer(join.failed),
          integer(join.booted),
          integer(hold?.connectedAtEnd),
          `${decimal(join.handshakeMs.p50)} / ${decimal(join.handshakeMs.p99)}`,
          `${decimal(join.bootMs.p50)} / ${decimal(join.bootMs.p99)}`,
          `${decimal(join.seconds)} s`,
          decimal(join.serverCpuMicrosPerJoin),
          decimal(f.rssPerConnectionKb),
          failures.join(', '),
        ]);
      }
      const reference = round.find((run) => run.server === 'reference');
      for (const levity of round) {
        if (!reference || levity === reference) continue;
        const [l, r] = [levity.report, reference.report];
        rows.push([
          title,
          `**${SERVER_LABELS[levity.server]} ÷ ocpp-rpc**`,
          '',
          ratio(l.join.connected, r.join.connected),
          '',
          ratio(l.join.booted, r.join.booted),
          ratio(l.hold?.connectedAtEnd, r.hold?.connectedAtEnd),
          `${ratio(l.join.handshakeMs.p50, r.join.handshakeMs.p50)} / ${ratio(l.join.handshakeMs.p99, r.join.handshakeMs.p99)}`,
          `${ratio(l.join.bootMs.p50, r.join.bootMs.p50)} / ${ratio(l.join.bootMs.p99, r.join.bootMs.p99)}`,
          '',
          ratio(l.join.serverCpuMicrosPerJoin, r.join.serverCpuMicrosPerJoin),
          ratio(figures(levity).rssPerConnectionKb, figures(reference).rssPerConnectionKb),
          '',
        ]);
      }
    }
  }
  if (rows.length === 0) return undefined;
  return markdown(
    [
      'scenario',
      'server',
      'charge points',
      'connected',
      'failed',
      'booted',
      'connected after hold',
      'handshake p50 / p99 ms',
      'boot p50 / p99 ms',
      'all joined in',
      'server CPU µs/join',
      'RSS/conn KB',
      'failures',
    ],
    rows,
  );
}

function growthTable(result: BenchResult): string | undefined {
  const runs = runsOf(result, 'growth');
  if (runs.length === 0) return undefined;
  const empty = runs.filter((run) => run.rows === 0).map(figures);
  const rows = runs.map((run) => {
    const f = figures(run);
    const base = empty[Math.min(run.round, empty.length - 1)];
    return [
      `Levity, meter_val at ${integer(run.rows)} rows${run.round > 0 ? ` (round ${run.round + 1})` : ''}`,
      integer(f.achieved),
      decimal(f.cpuMicrosPerCall),
      decimal(f.p50),
      decimal(f.p99),
      run.rows === 0 ? '1.00×' : ratio(f.achieved, base?.achieved),
      f.errors > 0 ? `${f.errors} errors` : '',
    ];
  });
  return markdown(
    [
      'growth: MeterValues flat out',
      'achieved/s',
      'server CPU µs/call',
      'p50 ms',
      'p99 ms',
      'vs empty table',
      'notes',
    ],
    rows,
  );
}

/** The issue's targets, each with the figure measured here. */
function targets(result: BenchResult): string[] {
  const out: string[] = [];
  const first = (scenario: ScenarioName) => pairs(runsOf(result, scenario))[0] ?? [undefined, undefined];
  const check = (ok: boolean) => (ok ? 'met' : 'NOT met');
  for (const scenario of ['meter', 'mix'] as const) {
    const [l, r] = first(scenario);
    if (l?.report.knee != null && r?.report.knee) {
      const x = l.report.knee / r.report.knee;
      out.push(`${SCENARIO_TITLES[scenario]} ≥ 0.8× the reference: ${x.toFixed(2)}× (${check(x >= 0.8)})`);
    }
  }
  const [p99] = first('p99');
  if (p99) {
    const f = figures(p99);
    out.push(
      `p99 ≤ 25 ms at ${integer(result.options.fixedRate)} MeterValues/s: ${decimal(f.p99)} ms (${check((f.p99 ?? Infinity) <= 25 && f.errors === 0)})`,
    );
  }
  const [idleL, idleR] = first('idle');
  if (idleL) {
    const f = figures(idleL);
    const x = idleR
      ? (f.rssPerConnectionKb ?? Number.NaN) / (figures(idleR).rssPerConnectionKb ?? Number.NaN)
      : Number.NaN;
    const all = idleL.report.join.connected === result.options.fleet && f.errors === 0;
    out.push(
      `idle fleet: ${integer(idleL.report.join.connected)} of ${integer(result.options.fleet)} connected, ${f.errors} failed (${check(all)}); RSS/conn ${x.toFixed(2)}× the reference (${check(x <= 1.2)})`,
    );
  }
  const [stormL] = first('storm');
  if (stormL) {
    const { join } = stormL.report;
    const ok = join.connected === result.options.fleet && join.booted === result.options.fleet;
    out.push(
      `connect storm: ${integer(join.connected)} connected, ${integer(join.failed)} failed, ${integer(join.booted)} booted of ${integer(result.options.fleet)} (${check(ok)})`,
    );
  }
  const growth = runsOf(result, 'growth');
  const empty = growth.find((run) => run.rows === 0);
  const filled = growth.find((run) => (run.rows ?? 0) > 0);
  if (empty && filled) {
    const x = (figures(filled).achieved ?? 0) / (figures(empty).achieved ?? 1);
    out.push(
      `throughput at ${integer(filled.rows)} meter_val rows ≥ 0.9× the empty table: ${x.toFixed(2)}× (${check(x >= 0.9)})`,
    );
  }
  return out;
}

/** The machine and software the figures were measured on, in one line. */
export function machine(loadAverageAtStart?: number): string {
  const cores = cpus();
  let somaxconn = '?';
  try {
    somaxconn = readFileSync('/proc/sys/net/core/somaxconn', 'utf8').trim();
  } catch {
    // Not Linux.
  }
  return `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, ${process.platform} ${process.arch}, Node ${process.version}, somaxconn ${somaxconn}, load average ${
    loadAverageAtStart === undefined ? '' : `${loadAverageAtStart.toFixed(1)} at the start, `
  }${loadavg()[0]?.toFixed(1)} at the end`;
}

/** Everything a run measured, as Markdown ready to paste into the README. */
export function formatResult(result: BenchResult, command: string): string {
  const busy =
    result.loadAverageAtStart > cpus().length / 2
      ? `Note: the machine was busy (load average ${result.loadAverageAtStart.toFixed(1)} on ${cpus().length} cores): absolute figures are low; the ratios, measured alternately in the same run, are what compares.`
      : '';
  const sections = [
    `Machine: ${machine(result.loadAverageAtStart)}`,
    busy,
    result.skipped ? `Note: ${result.skipped}` : '',
    `Command: \`${command}\` (${Math.round(result.seconds / 6) / 10} min)`,
    result.prefill
      ? `Growth: ${integer(result.prefill.meterValues)} meter_val rows pre-filled in ${result.prefill.seconds} s`
      : '',
    loadTable(result),
    fleetTable(result),
    growthTable(result),
    targets(result).length > 0
      ? `Targets:\n${targets(result)
          .map((line) => `- ${line}`)
          .join('\n')}`
      : '',
  ];
  const logs = result.runs
    .filter((run) => (run.serverLog.error ?? 0) + (run.serverLog.fatal ?? 0) + (run.serverLog.warn ?? 0) > 0)
    .map((run) => `${run.scenario}/${run.server}: ${JSON.stringify(run.serverLog)}`);
  if (logs.length > 0)
    sections.push(`Server log lines by level where any was warn or worse: ${logs.join('; ')}`);
  return sections.filter(Boolean).join('\n\n');
}
