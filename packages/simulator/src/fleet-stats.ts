import type { SimulatedChargePoint } from './simulated-charge-point.js';

/** Where a fleet run stands. */
export type FleetPhase = 'connecting' | 'running' | 'stopping' | 'stopped';

/** A snapshot of a fleet run, reported every `summaryIntervalMs` and at the end. */
export interface FleetSummary {
  readonly phase: FleetPhase;
  readonly elapsedSeconds: number;
  readonly chargePoints: number;
  /** With an open connection now. */
  readonly connected: number;
  /** Whose last BootNotification was Accepted. */
  readonly booted: number;
  readonly activeTransactions: number;
  readonly startedTransactions: number;
  readonly completedTransactions: number;
  /** Calls to the central system that were answered with a CALLRESULT. */
  readonly calls: number;
  /** Answered calls per second since the previous summary (at the end: over the whole run). */
  readonly callsPerSecond: number;
  /** Failures by kind, e.g. `StartTransaction: timeout`, `connect: ECONNREFUSED`. */
  readonly errors: Readonly<Record<FleetErrorKind, number>>;
}

/** `{action}: {what went wrong}`, or `connect: {reason}`. */
export type FleetErrorKind = string;

/** A short, stable name for what went wrong, for counting. */
export function errorKind(error: unknown): string {
  const { name, rpcErrorCode, code, message } = error as {
    name?: string;
    rpcErrorCode?: string;
    code?: string | number;
    message?: string;
  };
  if (rpcErrorCode) return `CALLERROR ${rpcErrorCode}`;
  if (name === 'TimeoutError') return 'timeout';
  if (message?.includes('socket not open')) return 'not connected';
  if (typeof code === 'string') return code;
  if (typeof code === 'number') return `HTTP ${code}`;
  return (message ?? String(error)).slice(0, 60);
}

/** Counts what a fleet's charge points do, from their events. */
export class FleetStats {
  readonly #started = performance.now();
  readonly #sims: SimulatedChargePoint[] = [];
  readonly #errors: Record<string, number> = {};
  #calls = 0;
  #startedTransactions = 0;
  #completedTransactions = 0;
  #last = { at: performance.now(), calls: 0 };

  watch(sim: SimulatedChargePoint): void {
    this.#sims.push(sim);
    sim.on('sent', ({ action, response, error }) => {
      if (response !== undefined) this.#calls++;
      else this.error(`${action}: ${errorKind(error)}`);
    });
    sim.on('booted', ({ status }) => {
      if (status !== 'Accepted') this.error(`BootNotification: ${status}`);
    });
    sim.on('transactionStarted', () => this.#startedTransactions++);
    sim.on('transactionStopped', () => this.#completedTransactions++);
  }

  error(kind: string): void {
    this.#errors[kind] = (this.#errors[kind] ?? 0) + 1;
  }

  summary(phase: FleetPhase, chargePoints: number): FleetSummary {
    const now = performance.now();
    // Since the previous summary while running; over the whole run at the end.
    const since = phase === 'stopped' ? { at: this.#started, calls: 0 } : this.#last;
    const seconds = (now - since.at) / 1000;
    const callsPerSecond = seconds > 0 ? (this.#calls - since.calls) / seconds : 0;
    this.#last = { at: now, calls: this.#calls };
    return {
      phase,
      elapsedSeconds: Math.round((now - this.#started) / 100) / 10,
      chargePoints,
      connected: this.#sims.filter((sim) => sim.connected).length,
      booted: this.#sims.filter((sim) => sim.registrationStatus === 'Accepted').length,
      activeTransactions: this.#sims.reduce((sum, sim) => sum + sim.transactions().length, 0),
      startedTransactions: this.#startedTransactions,
      completedTransactions: this.#completedTransactions,
      calls: this.#calls,
      callsPerSecond: Math.round(callsPerSecond * 10) / 10,
      errors: { ...this.#errors },
    };
  }
}

/** One line for a terminal: `12.0s  connected 20/20  booted 20/20  charging 14  completed 31  calls/s 52.3  errors 0`. */
export function formatSummary(summary: FleetSummary): string {
  const errors = Object.entries(summary.errors).sort(([, a], [, b]) => b - a);
  const total = errors.reduce((sum, [, count]) => sum + count, 0);
  const detail =
    errors.length > 0 ? ` (${errors.map(([kind, count]) => `${kind} ×${count}`).join(', ')})` : '';
  return (
    `${summary.elapsedSeconds.toFixed(1)}s ${summary.phase}  ` +
    `connected ${summary.connected}/${summary.chargePoints}  booted ${summary.booted}/${summary.chargePoints}  ` +
    `charging ${summary.activeTransactions}  completed ${summary.completedTransactions}  ` +
    `calls ${summary.calls}  calls/s ${summary.callsPerSecond.toFixed(1)}  errors ${total}${detail}`
  );
}
