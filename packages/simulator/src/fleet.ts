import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidOptionError } from '@levity/core';
import type { FleetSummary } from './fleet-stats.js';
import { errorKind, FleetStats } from './fleet-stats.js';
import type { SimulatedChargePointOptions } from './options.js';
import type { SimulatedChargePoint } from './simulated-charge-point.js';
import { createSimulatedChargePoint } from './simulated-charge-point.js';

export type { FleetErrorKind, FleetPhase, FleetSummary } from './fleet-stats.js';
export { formatSummary } from './fleet-stats.js';

/** Options of `runFleet`. Only `url` and `count` are required. */
export interface FleetOptions {
  /** The central system's base URL, e.g. `ws://127.0.0.1:9000/ws`. */
  readonly url: string;
  readonly count: number;
  /** Connectors per charge point. Default 2. */
  readonly connectors?: number;
  /** Charge point ids are `{idPrefix}{n}`, n from 1. Default `SIM-`. */
  readonly idPrefix?: string;
  /** Average length of a charging session (each varies by ±25 %). Default 60. */
  readonly sessionSeconds?: number;
  /** MeterValueSampleInterval of every charge point. Default 10. */
  readonly meterIntervalSeconds?: number;
  /** Average pause between two sessions on a connector. Default a quarter of `sessionSeconds`. */
  readonly idleSeconds?: number;
  /** Stops by itself after this long; otherwise runs until `signal` aborts. */
  readonly durationSeconds?: number;
  readonly signal?: AbortSignal;
  /** Told a summary every `summaryIntervalMs` (default 1000) and once more at the end. */
  readonly onSummary?: (summary: FleetSummary) => void;
  readonly summaryIntervalMs?: number;
  /** Charge points connecting at the same time. Default 100. */
  readonly batchSize?: number;
  /**
   * Source addresses to spread connections over (each has its own ~28 000 ephemeral
   * ports). Default: 127.0.0.1–127.0.0.4 when the target is an IPv4 loopback address on Linux.
   */
  readonly sourceAddresses?: readonly string[];
  /** Further options for every charge point (timing, behaviours, configuration, …). */
  readonly chargePoint?: Partial<Omit<SimulatedChargePointOptions, 'url' | 'id' | 'localAddress'>>;
}

function defaultSourceAddresses(url: string): readonly string[] | undefined {
  const host = new URL(url).hostname;
  if (process.platform !== 'linux' || !/^127\.\d+\.\d+\.\d+$/.test(host)) return undefined;
  return ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4'];
}

function check(name: string, value: number, min: number): number {
  if (!Number.isFinite(value) || value < min)
    throw new InvalidOptionError(name, `expected a number ≥ ${min}, got ${value}`);
  return value;
}

/**
 * Runs `count` simulated charge points against a central system: connects and boots them
 * in batches, then charges on every connector, session after session with realistic
 * meter values, until `signal` aborts or `durationSeconds` pass. Then it stops the
 * running transactions, closes every connection and resolves with the final summary.
 *
 * @example
 * const controller = new AbortController();
 * process.once('SIGINT', () => controller.abort());
 * const summary = await runFleet({ url: 'ws://127.0.0.1:9000/ws', count: 100, signal: controller.signal });
 */
export async function runFleet(options: FleetOptions): Promise<FleetSummary> {
  const count = check('count', options.count, 1);
  const sessionMs = check('sessionSeconds', options.sessionSeconds ?? 60, 0) * 1000;
  const idleMs = check('idleSeconds', options.idleSeconds ?? sessionMs / 4000, 0) * 1000;
  const batchSize = check('batchSize', options.batchSize ?? 100, 1);
  const sources = options.sourceAddresses ?? defaultSourceAddresses(options.url);
  const stats = new FleetStats();
  const stop = new AbortController();
  // Every connector of every charge point waits on it.
  setMaxListeners(0, stop.signal);
  const onAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) stop.abort();
  const deadline =
    options.durationSeconds === undefined
      ? undefined
      : setTimeout(onAbort, check('durationSeconds', options.durationSeconds, 0) * 1000);
  let phase: FleetSummary['phase'] = 'connecting';
  const report = () => options.onSummary?.(stats.summary(phase, count));
  const ticker = setInterval(report, options.summaryIntervalMs ?? 1000);

  const sims: SimulatedChargePoint[] = [];
  const drivers: Promise<void>[] = [];
  try {
    for (let first = 0; first < count && !stop.signal.aborted; first += batchSize) {
      const batch: Promise<void>[] = [];
      for (let n = first; n < Math.min(count, first + batchSize); n++) {
        const source = sources?.[n % sources.length];
        const sim = createSimulatedChargePoint({
          ...options.chargePoint,
          url: options.url,
          id: `${options.idPrefix ?? 'SIM-'}${n + 1}`,
          connectors: options.connectors ?? options.chargePoint?.connectors ?? 2,
          configuration: {
            MeterValueSampleInterval: String(options.meterIntervalSeconds ?? 10),
            ...options.chargePoint?.configuration,
          },
          ...(source === undefined ? {} : { localAddress: source }),
        });
        sims.push(sim);
        stats.watch(sim);
        let firstAttempt: () => void = () => {};
        batch.push(new Promise((resolve) => (firstAttempt = resolve)));
        drivers.push(drive(sim, { sessionMs, idleMs, stop: stop.signal, stats, firstAttempt }));
      }
      await Promise.all(batch);
    }
    phase = stop.signal.aborted ? 'stopping' : 'running';
    await new Promise<void>((resolve) => {
      if (stop.signal.aborted) resolve();
      else stop.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    phase = 'stopping';
    report();
    await Promise.allSettled(drivers);
    await Promise.allSettled(sims.map((sim) => sim.close()));
  } finally {
    clearInterval(ticker);
    clearTimeout(deadline);
    options.signal?.removeEventListener('abort', onAbort);
  }
  phase = 'stopped';
  const summary = stats.summary(phase, count);
  options.onSummary?.(summary);
  return summary;
}

interface DriveContext {
  readonly sessionMs: number;
  readonly idleMs: number;
  readonly stop: AbortSignal;
  readonly stats: FleetStats;
  /** Called once the first connection attempt is over, whatever its outcome. */
  readonly firstAttempt: () => void;
}

/** Resolves after `ms`, or at once when the fleet stops. */
const pause = (ms: number, stop: AbortSignal) => sleep(ms, undefined, { signal: stop }).catch(() => {});
/** `ms` ± 25 %. */
const vary = (ms: number) => ms * (0.75 + Math.random() * 0.5);

/** One charge point: connect and boot (retrying), then charge on every connector until the fleet stops. */
async function drive(sim: SimulatedChargePoint, context: DriveContext): Promise<void> {
  const { stop, stats } = context;
  for (let attempt = 0; !stop.aborted; attempt++) {
    try {
      await sim.start();
      // Pending or Rejected: the charge point boots again after the interval by itself.
      while (!stop.aborted && sim.registrationStatus !== 'Accepted') await pause(500, stop);
      break;
    } catch (error) {
      stats.error(`connect: ${errorKind(error)}`);
      context.firstAttempt();
      await sim.close();
      await pause(Math.min(30_000, 1000 * 2 ** attempt), stop);
    }
  }
  context.firstAttempt();
  const connectors = Array.from({ length: sim.state.connectors.count }, (_, i) => i + 1);
  await Promise.allSettled(connectors.map((connectorId) => charge(sim, connectorId, context)));
}

/** Sessions back to back on one connector, staggered so that a fleet's sessions do not start in lockstep. */
async function charge(sim: SimulatedChargePoint, connectorId: number, context: DriveContext): Promise<void> {
  const { stop, stats } = context;
  const idTag = sim.idTags[(connectorId - 1) % sim.idTags.length] ?? 'SIMULATOR';
  await pause(Math.random() * (context.sessionMs + context.idleMs), stop);
  while (!stop.aborted) {
    if (!sim.connected || sim.registrationStatus !== 'Accepted' || sim.connector(connectorId).busy) {
      await pause(1000, stop);
      continue;
    }
    try {
      const started = await sim.startTransaction({ connectorId, idTag });
      if (started.idTagInfo.status !== 'Accepted')
        stats.error(`StartTransaction: ${started.idTagInfo.status}`);
      await pause(vary(context.sessionMs), stop);
    } catch {
      // Counted from the failed call's event; try again after a pause.
    }
    const running = sim.connector(connectorId).transaction;
    if (running) {
      await sim
        .stopTransaction({ connectorId, reason: stop.aborted ? 'Local' : 'EVDisconnected' })
        .catch(() => {});
    }
    await pause(vary(context.idleMs), stop);
  }
}
