/**
 * The benchmark: Levity on SQLite (a temporary file, WAL) in one process, the load
 * generator in another, a report at the end. Stops by itself and removes its files.
 *
 * @example
 *   pnpm --filter @levity/bench bench            # 1000 charge points for 30 s, as fast as answers come
 *   pnpm --filter @levity/bench bench --cps 200 --duration 10 --rate 2000
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { exited, nextMessage, spawnScript } from './child.js';
import { isMain, parseFlags, toFlags } from './flags.js';
import type { LoadMessage, LoadOptions, LoadReport } from './load.js';
import type { ServerMessage } from './server.js';

export interface BenchmarkReport {
  options: Omit<LoadOptions, 'url'>;
  load: LoadReport;
  server: { peakRssMb: number; finalRssMb: number; cpuSeconds: number };
  /** Read from the SQLite file after the server stopped. */
  stored: { meterValues: number; transactions: number; stoppedTransactions: number; journalMode: string };
}

/** Picks the IPC message of one type. */
const ofType =
  <M extends { type: string }, T extends M['type']>(type: T) =>
  (message: unknown) =>
    (message as { type?: string }).type === type ? (message as Extract<M, { type: T }>) : undefined;
const megabytes = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

export async function runBenchmark(options: Omit<LoadOptions, 'url'>): Promise<BenchmarkReport> {
  const dir = await mkdtemp(join(tmpdir(), 'levity-bench-'));
  const db = join(dir, 'bench.db');
  const server = spawnScript('./server.ts', ['--db', db]);
  let load: ReturnType<typeof spawnScript> | undefined;
  // Generous, but bounded: connecting, the timed phase, draining and closing.
  const budgetMs = (options.durationSeconds + 120 + options.cps / 20) * 1000;
  const stopChildren = () => {
    for (const child of [load, server]) {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  };
  // Ctrl-C: leave no process or temporary file behind.
  const onInterrupt = () => {
    stopChildren();
    rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  try {
    const { port } = await nextMessage(server, ofType<ServerMessage, 'listening'>('listening'), 30_000);
    let peakRss = 0;
    server.on('message', (m: ServerMessage) => {
      if (m.type === 'stats') peakRss = Math.max(peakRss, m.rssBytes);
    });

    load = spawnScript('./load.ts', toFlags({ ...options, url: `ws://127.0.0.1:${port}/ws` }));
    const { report } = await nextMessage(load, ofType<LoadMessage, 'report'>('report'), budgetMs);
    const loadExit = await exited(load);
    if (loadExit !== 0) throw new Error(`the load generator exited with code ${loadExit}`);

    const askStats = nextMessage(server, ofType<ServerMessage, 'stats'>('stats'), 10_000);
    server.send({ type: 'stats' });
    const final = await askStats;
    const stopped = nextMessage(server, ofType<ServerMessage, 'stopped'>('stopped'), 30_000);
    server.send({ type: 'stop' });
    await stopped;
    await exited(server);

    return {
      options,
      load: report,
      server: {
        peakRssMb: megabytes(Math.max(peakRss, final.rssBytes)),
        finalRssMb: megabytes(final.rssBytes),
        cpuSeconds: Math.round(final.cpuSeconds * 10) / 10,
      },
      stored: countStored(db),
    };
  } finally {
    process.off('SIGINT', onInterrupt);
    stopChildren();
    await rm(dir, { recursive: true, force: true });
  }
}

function countStored(file: string): BenchmarkReport['stored'] {
  const db = new Database(file, { readonly: true });
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      meterValues: count('SELECT count(*) AS n FROM meter_val'),
      transactions: count('SELECT count(*) AS n FROM tx'),
      stoppedTransactions: count('SELECT count(*) AS n FROM tx WHERE stopped_at IS NOT NULL'),
      journalMode: String(db.pragma('journal_mode', { simple: true })),
    };
  } finally {
    db.close();
  }
}

/** Whether every sampled value the central system acknowledged is in the database. */
export function nothingLost({ load, stored }: BenchmarkReport): boolean {
  return stored.meterValues >= load.sampledValues.acknowledged;
}

export function formatReport(report: BenchmarkReport): string {
  const { options, load, server, stored } = report;
  const errors = Object.entries(load.errors);
  const { acknowledged, unanswered } = load.sampledValues;
  const rate = options.rate > 0 ? `${options.rate} calls/s target` : 'unpaced';
  return [
    `Levity benchmark: ${options.cps} charge points, ${options.durationSeconds} s, ${rate}, SQLite (${stored.journalMode}), Node ${process.version}`,
    `  charge points connected  ${load.connected} / ${options.cps} (connect + boot + status: ${load.connectSeconds} s)`,
    `  calls answered           ${load.calls} in all, ${load.measuredCalls} in the ${load.measuredSeconds} s timed phase`,
    `  throughput               ${load.callsPerSecond} calls/s`,
    `  round trip (ms)          p50 ${load.latencyMs.p50}  p95 ${load.latencyMs.p95}  p99 ${load.latencyMs.p99}  max ${load.latencyMs.max}`,
    `  errors                   ${errors.length === 0 ? 'none' : errors.map(([kind, n]) => `${kind}: ${n}`).join(', ')}`,
    `  server RSS (MB)          peak ${server.peakRssMb}  final ${server.finalRssMb}`,
    `  CPU time (s)             server ${server.cpuSeconds}  load generator ${load.cpuSeconds}`,
    `  sessions                 ${load.sessions.started} started, ${load.sessions.stopped} stopped; stored ${stored.transactions} (${stored.stoppedTransactions} stopped)`,
    `  meter values stored      ${stored.meterValues} (expected ${acknowledged} acknowledged${unanswered ? ` + up to ${unanswered} unanswered` : ''}): ${nothingLost(report) ? 'nothing lost' : 'VALUES LOST'}`,
  ].join('\n');
}

if (isMain(import.meta.url)) {
  const options = parseFlags();
  const report = await runBenchmark(options);
  console.log(formatReport(report));
  if (!nothingLost(report) || report.load.connected === 0) process.exitCode = 1;
}
