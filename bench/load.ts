/**
 * The load generator: N simulated charge points (`@levity/simulator`, the product's own)
 * against a running central system. Usable from code (`runLoad`) or as a script; as a child
 * process with IPC it sends its report to the parent, otherwise it prints it as JSON.
 *
 * @example
 *   tsx bench/load.ts --url ws://127.0.0.1:9000/ws --cps 200 --duration 10
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MeterValue } from '@levity/core';
import type { SimulatedChargePoint, SimulatorEvents } from '@levity/simulator';
import { createSimulatedChargePoint } from '@levity/simulator';
import { isMain, parseFlags } from './flags.js';

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

/** What every simulated charge point of one run adds to. */
class Stats {
  latencies: number[] = [];
  calls = 0;
  measuredCalls = 0;
  measuring = false;
  errors: Record<string, number> = {};
  sessions = { started: 0, stopped: 0 };
  sampledValues = { acknowledged: 0, unanswered: 0 };
  /** Errors already counted as a failed call, so that the composite method that rethrows them is not counted again. */
  readonly callErrors = new WeakSet<object>();

  error(kind: string): void {
    this.errors[kind] = (this.errors[kind] ?? 0) + 1;
  }

  /** One OCPP call of a simulated charge point, from its `sent` event: the round trip of that call alone. */
  call(event: SimulatorEvents['sent']): void {
    const sampled = sampledValues(event);
    if (event.error === undefined) {
      this.calls++;
      if (this.measuring) {
        this.measuredCalls++;
        this.latencies.push(event.durationMs);
      }
      this.sampledValues.acknowledged += sampled;
    } else {
      this.error(`${event.action}: ${errorKind(event.error)}`);
      if (typeof event.error === 'object' && event.error !== null) this.callErrors.add(event.error);
      this.sampledValues.unanswered += sampled;
    }
  }

  /** A failure of a composite method (start, stop, …) that no failed call accounts for. */
  failure(what: string, error: unknown): void {
    if (typeof error === 'object' && error !== null && this.callErrors.has(error)) return;
    this.error(`${what}: ${errorKind(error)}`);
  }
}

function errorKind(error: unknown): string {
  const { name, rpcErrorCode, message } = error as { name?: string; rpcErrorCode?: string; message?: string };
  if (rpcErrorCode) return `CALLERROR ${rpcErrorCode}`;
  if (name === 'TimeoutError') return 'timeout';
  return name && name !== 'Error' ? name : (message ?? String(error)).slice(0, 60);
}

/** The sampled values a call carries (MeterValues, and StopTransaction's transactionData), which the server must store. */
function sampledValues({ action, params }: SimulatorEvents['sent']): number {
  const count = (values: readonly MeterValue[] | undefined) =>
    (values ?? []).reduce((n, value) => n + value.sampledValue.length, 0);
  if (action === 'MeterValues') return count((params as { meterValue?: MeterValue[] }).meterValue);
  if (action === 'StopTransaction')
    return count((params as { transactionData?: MeterValue[] }).transactionData);
  return 0;
}

/**
 * A 3-phase charger with ten sampled values per MeterValues (energy, power, current and
 * voltage per phase, SoC, temperature), sent when the session loop says, not by timer.
 */
const CONFIGURATION = {
  MeterValuesSampledData:
    'Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC,Temperature',
  MeterValueSampleInterval: '0',
  ClockAlignedDataInterval: '0',
};

/**
 * Spreads calls evenly: the k-th call of a charge point may start `k * intervalMs` after a
 * random offset; a charge point that falls behind does not burst to catch up. The composite
 * methods make several calls each, so it counts the calls actually made (`callsMade`).
 */
function pacer(intervalMs: number, callsMade: () => number): () => Promise<void> {
  if (intervalMs <= 0) return async () => {};
  const base = callsMade();
  let origin = performance.now() + Math.random() * intervalMs;
  return async () => {
    const due = origin + (callsMade() - base) * intervalMs;
    const now = performance.now();
    if (due > now) await sleep(due - now);
    else origin += now - due;
  };
}

interface Runner {
  sim: SimulatedChargePoint;
  /** Calls this charge point has made, answered or not. */
  calls: number;
}

/** Connects and boots charge point `id`, and waits for its connector statuses; `undefined` (and the error counted) when it could not. */
async function connect(
  id: string,
  options: LoadOptions,
  index: number,
  stats: Stats,
): Promise<Runner | undefined> {
  const sim = createSimulatedChargePoint({
    url: options.url,
    id,
    model: 'Bench-AC22',
    connectors: 2,
    configuration: CONFIGURATION,
    reconnect: false,
    callTimeoutMs: 30_000,
    // The server validates every message in strict mode (a bad payload comes back as a
    // CALLERROR and is counted); validating here too would only make this process the bottleneck.
    strictMode: false,
    localAddress: options.sourceAddresses[index % options.sourceAddresses.length],
  });
  const runner: Runner = { sim, calls: 0 };
  sim.on('sent', (event) => {
    runner.calls++;
    stats.call(event);
  });
  try {
    await sim.connect();
  } catch (error) {
    stats.error(`connect: ${errorKind(error)}`);
    await sim.close();
    return undefined;
  }
  // After an accepted boot the charge point reports connectors 0…2; the last one ends its start.
  const statuses = sim.waitFor(
    'sent',
    (e) => e.action === 'StatusNotification' && (e.params as { connectorId: number }).connectorId === 2,
    30_000,
  );
  statuses.catch(() => {});
  try {
    const boot = await sim.boot();
    if (boot.status !== 'Accepted')
      throw Object.assign(new Error(`BootNotification ${boot.status}`), { name: boot.status });
    await statuses;
    return runner;
  } catch (error) {
    stats.failure('boot', error);
    await sim.close();
    return undefined;
  }
}

/**
 * Charging sessions back to back until `deadline`, alternating connectors: (Heartbeat every
 * third session,) Authorize and StartTransaction with their statuses, MeterValues, then
 * StopTransaction and the statuses after it. A session in progress at the deadline is still stopped.
 */
async function chargeUntil(runner: Runner, options: LoadOptions, stats: Stats, deadline: number) {
  const { sim } = runner;
  const pace = pacer(options.rate > 0 ? (1000 * options.cps) / options.rate : 0, () => runner.calls);
  for (let session = 0; performance.now() < deadline && sim.connected; session++) {
    const connectorId = (session % 2) + 1;
    try {
      if (session % 3 === 2) {
        await pace();
        await sim.heartbeat();
      }
      await pace();
      const { transactionId } = await sim.startTransaction({ connectorId });
      if (transactionId === undefined) {
        stats.error('Authorize: not accepted');
        continue;
      }
      stats.sessions.started++;
      for (let i = 1; i <= options.meterValuesPerSession && performance.now() < deadline; i++) {
        await pace();
        await sim
          .sendMeterValues(connectorId, 'Sample.Periodic')
          .catch((error: unknown) => stats.failure('MeterValues', error));
      }
      await pace();
      if (await sim.stopTransaction({ connectorId, reason: 'EVDisconnected' })) stats.sessions.stopped++;
    } catch (error) {
      stats.failure('session', error);
    }
  }
}

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const stats = new Stats();
  const ids = Array.from({ length: options.cps }, (_, i) => `BENCH-${String(i + 1).padStart(5, '0')}`);
  const runners: Runner[] = [];
  const connecting = performance.now();
  // Connect in batches so the connect storm does not itself cause failures.
  for (let first = 0; first < ids.length; first += options.batchSize) {
    const batch = ids.slice(first, first + options.batchSize);
    const connected = await Promise.all(batch.map((id, i) => connect(id, options, first + i, stats)));
    for (const runner of connected) if (runner) runners.push(runner);
  }

  const connectSeconds = (performance.now() - connecting) / 1000;
  stats.measuring = true;
  const started = performance.now();
  const deadline = started + options.durationSeconds * 1000;
  // Sessions in progress at the deadline are finished, outside the timed phase.
  const timer = setTimeout(() => {
    stats.measuring = false;
  }, options.durationSeconds * 1000);
  await Promise.all(runners.map((runner) => chargeUntil(runner, options, stats, deadline)));
  clearTimeout(timer);
  stats.measuring = false;
  const measuredSeconds = (Math.min(performance.now(), deadline) - started) / 1000;
  await Promise.all(runners.map(({ sim }) => sim.close()));

  const sorted = Float64Array.from(stats.latencies).sort();
  const cpu = process.cpuUsage();
  return {
    connected: runners.length,
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
