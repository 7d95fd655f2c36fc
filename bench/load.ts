/**
 * The load generator: N simulated charge points against a running central system.
 * Usable from code (`runLoad`) or as a script; as a child process with IPC it sends
 * its report to the parent, otherwise it prints it as JSON.
 *
 * @example
 *   tsx bench/load.ts --url ws://127.0.0.1:9000/ws --cps 200 --duration 10
 */
import { performance } from 'node:perf_hooks';
import type { RPCClient } from 'ocpp-rpc';
import { isMain, parseFlags } from './flags.js';
import { chargeUntil, connect, Stats } from './simulated-charge-point.js';

export interface LoadOptions {
  /** Endpoint without the id, e.g. `ws://127.0.0.1:9000/ws`. */
  url: string;
  cps: number;
  durationSeconds: number;
  /** Target calls per second over all charge points; 0: each sends its next call as soon as the last is answered. */
  rate: number;
  /** Charge points connecting (and booting) at the same time. */
  batchSize: number;
  /** Local addresses the charge points connect from, round robin, so that ephemeral ports do not run out. */
  sourceAddresses: readonly string[];
  meterValuesPerSession: number;
}

export interface LoadReport {
  connected: number;
  /** How long connecting and booting every charge point took. */
  connectSeconds: number;
  /** Calls answered with a CALLRESULT, connecting and draining included. */
  calls: number;
  /** Calls answered during the timed phase, and its length. */
  measuredCalls: number;
  measuredSeconds: number;
  callsPerSecond: number;
  /** Round trips of the calls answered in the timed phase. */
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  errors: Record<string, number>;
  sessions: { started: number; stopped: number };
  /** Sampled values the central system acknowledged (so must have stored), and those sent but never answered. */
  sampledValues: { acknowledged: number; unanswered: number };
  /** CPU time of the load generator's process, to tell whether it, not the server, was the bottleneck. */
  cpuSeconds: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? 0) * 100) / 100;
}

/** What load.ts sends its parent over IPC when run as a child process. */
export type LoadMessage = { type: 'report'; report: LoadReport };

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const stats = new Stats();
  const ids = Array.from({ length: options.cps }, (_, i) => `BENCH-${String(i + 1).padStart(5, '0')}`);
  const clients: { id: string; client: RPCClient }[] = [];
  const connecting = performance.now();
  // Connect in batches so the connect storm does not itself cause failures.
  for (let first = 0; first < ids.length; first += options.batchSize) {
    const batch = ids.slice(first, first + options.batchSize);
    const connected = await Promise.all(batch.map((id, i) => connect(id, options, first + i, stats)));
    connected.forEach((client, i) => {
      const id = batch[i];
      if (client && id) clients.push({ id, client });
    });
  }

  const connectSeconds = (performance.now() - connecting) / 1000;
  stats.measuring = true;
  const started = performance.now();
  const deadline = started + options.durationSeconds * 1000;
  // Sessions in progress at the deadline are finished, outside the timed phase.
  const timer = setTimeout(() => {
    stats.measuring = false;
  }, options.durationSeconds * 1000);
  await Promise.all(clients.map(({ id, client }) => chargeUntil(client, id, options, stats, deadline)));
  clearTimeout(timer);
  stats.measuring = false;
  const measuredSeconds = (Math.min(performance.now(), deadline) - started) / 1000;
  await Promise.all(clients.map(({ client }) => client.close({ code: 1000, reason: 'Benchmark done' })));

  const sorted = Float64Array.from(stats.latencies).sort();
  const cpu = process.cpuUsage();
  return {
    connected: clients.length,
    connectSeconds: Math.round(connectSeconds * 100) / 100,
    calls: stats.calls,
    measuredCalls: stats.measuredCalls,
    measuredSeconds: Math.round(measuredSeconds * 100) / 100,
    callsPerSecond: Math.round(stats.measuredCalls / measuredSeconds),
    latencyMs: {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: percentile(sorted, 100),
    },
    errors: stats.errors,
    sessions: stats.sessions,
    sampledValues: stats.sampledValues,
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1e5) / 10,
  };
}

if (isMain(import.meta.url)) {
  const flags = parseFlags();
  if (!flags.url) throw new Error('--url is required, e.g. --url ws://127.0.0.1:9000/ws');
  const report = await runLoad({ ...flags, url: flags.url });
  if (process.send) process.send({ type: 'report', report } satisfies LoadMessage);
  else console.log(JSON.stringify(report, null, 2));
  process.disconnect?.();
}
