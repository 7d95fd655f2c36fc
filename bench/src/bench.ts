import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deployment, Target } from './deployment.js';
import { startDeployment } from './deployment.js';
import type { BenchOptions, ScenarioName } from './options.js';
import { runnableServers } from './options.js';
import type { PrefillResult } from './prefill.js';
import { prefillMeterValues } from './prefill.js';
import { exited, nextMessage, spawnScript } from './processes.js';
import type { ServerName } from './servers.js';
import { startServer } from './servers.js';
import type { ConnectionSpec, LoadMessage, LoadReport, ScenarioSpec } from './spec.js';

/** One scenario run against one server. */
export interface RunResult {
  scenario: ScenarioName;
  server: ServerName;
  round: number;
  /** Growth: the meter_val rows the database held before the run. */
  rows: number | null;
  report: LoadReport;
  /** Lines the server logged, by level. */
  serverLog: Record<string, number>;
}

export interface BenchResult {
  options: BenchOptions;
  /** The 1-minute load average when the bench started: above the core count, other work competed. */
  loadAverageAtStart: number;
  runs: RunResult[];
  prefill: PrefillResult | null;
  seconds: number;
  /** Why servers asked for were left out (the PostgreSQL ones without a server), or `null`. */
  skipped: string | null;
}

type Progress = (text: string) => void;

/** The load spec of one scenario (growth is a flat-out MeterValues run). */
export function scenarioSpec(scenario: ScenarioName, o: BenchOptions): ScenarioSpec {
  switch (scenario) {
    case 'meter':
    case 'mix':
      return {
        kind: 'knee',
        workload: scenario,
        cps: o.cps,
        ladder: o.ladder,
        refine: o.refine,
        warmupSeconds: o.warmupSeconds,
        stepSeconds: o.stepSeconds,
        limits: { p99Ms: o.p99LimitMs, achievedShare: 0.97 },
      };
    case 'p99':
      return {
        kind: 'rate',
        workload: 'meter',
        cps: o.cps,
        rate: o.fixedRate,
        warmupSeconds: o.warmupSeconds,
        seconds: o.fixedSeconds,
      };
    case 'growth':
      return {
        kind: 'flat-out',
        workload: 'meter',
        cps: o.cps,
        warmupSeconds: o.warmupSeconds,
        seconds: o.growthSeconds,
      };
    case 'idle':
      return {
        kind: 'fleet',
        size: o.fleet,
        connectRate: null,
        concurrency: o.idleConcurrency,
        holdSeconds: o.holdSeconds,
      };
    case 'storm':
      return {
        kind: 'fleet',
        size: o.fleet,
        connectRate: o.stormRate,
        concurrency: 0,
        holdSeconds: o.holdSeconds,
      };
  }
}

/** A bound on how long the load generator may take, so that a hung run fails instead of hanging. */
function budgetMs(spec: ScenarioSpec, o: BenchOptions): number {
  const join = spec.kind === 'fleet' ? spec.size / Math.min(spec.connectRate ?? 200, 200) : spec.cps / 100;
  const steps =
    spec.kind === 'knee'
      ? (spec.ladder.length + 2 * spec.refine + 1) * (spec.warmupSeconds + spec.stepSeconds + 12)
      : spec.kind === 'fleet'
        ? spec.holdSeconds
        : spec.warmupSeconds + spec.seconds + 12;
  return (120 + join + steps + o.callTimeoutSeconds) * 1000;
}

/** Runs the load generator against a started server and returns its report. */
export async function drive(server: Target, spec: ScenarioSpec, o: BenchOptions, progress: Progress) {
  const connection: ConnectionSpec = {
    urls: server.urls,
    serverPids: server.pids,
    databasePid: server.databasePid,
    addresses: o.addresses,
    handshakeTimeoutMs: o.handshakeTimeoutSeconds * 1000,
    callTimeoutMs: o.callTimeoutSeconds * 1000,
  };
  const load = spawnScript('./load/main.ts', [JSON.stringify({ ...spec, ...connection })]);
  const onMessage = (message: LoadMessage) => {
    if (message.type === 'progress') progress(`  ${message.text}`);
  };
  load.on('message', onMessage);
  try {
    const report = await nextMessage(
      load,
      (m) =>
        (m as LoadMessage).type === 'report'
          ? (m as Extract<LoadMessage, { type: 'report' }>).report
          : undefined,
      budgetMs(spec, o),
    );
    await exited(load);
    return report;
  } finally {
    load.off('message', onMessage);
    if (load.exitCode === null && load.signalCode === null) load.kill('SIGKILL');
  }
}

/**
 * Runs the chosen scenarios, each against Levity (the `levity` binary, default settings,
 * a fresh SQLite file, or a fresh PostgreSQL database for one node and for two), and the
 * bare ocpp-rpc reference in turn, and collects the reports.
 */
export async function runBench(o: BenchOptions, progress: Progress): Promise<BenchResult> {
  const started = Date.now();
  const loadAverageAtStart = loadavg()[0] ?? 0;
  const { servers: serverNames, skipped } = runnableServers(o.servers, o.pgUrl);
  if (skipped) progress(skipped);
  const dirs: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), `levity-bench-${prefix}-`));
    dirs.push(dir);
    return dir;
  };
  const cleanUp = () => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  };
  const servers = new Set<Deployment>();
  const onInterrupt = () => {
    for (const server of servers) void server.stop();
    cleanUp();
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  const runs: RunResult[] = [];
  let prefill: PrefillResult | null = null;
  try {
    const once = async (
      scenario: ScenarioName,
      name: ServerName,
      round: number,
      database?: string,
      rows = 0,
    ) => {
      const dir = tempDir(name);
      const spec = scenarioSpec(scenario, o);
      const label = `${scenario} · ${name}${round > 0 ? ` · round ${round + 1}` : ''}${database ? ` · ${rows} rows` : ''}`;
      progress(`${label}: starting`);
      const server = await startDeployment(name, {
        dir,
        levityArgs: o.levityArgs,
        nodeArgs: o.nodeArgs,
        pgUrl: o.pgUrl,
        label: `${scenario}_${name}`,
        ...(o.levityBinary ? { levityBinary: o.levityBinary } : {}),
        ...(database ? { database } : {}),
      });
      servers.add(server);
      let report: LoadReport | undefined;
      let serverLog: Record<string, number> = {};
      try {
        report = await drive(server, spec, o, progress);
      } finally {
        await server.stop();
        servers.delete(server);
        serverLog = server.logLevels();
        rmSync(dir, { recursive: true, force: true });
      }
      runs.push({
        scenario,
        server: name,
        round,
        rows: scenario === 'growth' ? rows : null,
        report,
        serverLog,
      });
    };

    for (const scenario of o.scenarios) {
      if (scenario === 'growth') {
        if (!serverNames.includes('levity')) continue;
        const dir = tempDir('growth');
        const database = join(dir, 'prefilled.db');
        progress(`growth: migrating a database and pre-filling ${o.growthRows} meter_val rows`);
        // Let Levity create and migrate the file, then fill it behind its back.
        const migrate = await startServer('levity', {
          dir,
          database,
          levityArgs: o.levityArgs,
          ...(o.levityBinary ? { levityBinary: o.levityBinary } : {}),
        });
        await migrate.stop();
        prefill = prefillMeterValues(database, o.growthRows, o.cps);
        progress(
          `growth: ${prefill.meterValues} rows in ${prefill.seconds} s (${Math.round(prefill.fileBytes / 2 ** 20)} MiB)`,
        );
        for (let round = 0; round < o.rounds; round++) {
          const order = round % 2 === 0 ? [false, true] : [true, false];
          for (const filled of order) {
            if (filled) await once('growth', 'levity', round, database, prefill.meterValues);
            else await once('growth', 'levity', round);
          }
        }
        continue;
      }
      for (let round = 0; round < o.rounds; round++) {
        const order = round % 2 === 0 ? serverNames : [...serverNames].reverse();
        for (const name of order) await once(scenario, name, round);
      }
    }
    return {
      options: o,
      loadAverageAtStart,
      runs,
      prefill,
      seconds: Math.round((Date.now() - started) / 1000),
      skipped,
    };
  } finally {
    process.off('SIGINT', onInterrupt);
    for (const server of servers) await server.stop();
    cleanUp();
  }
}
