import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LatencySummary } from '../stats.js';
import { Latencies, Tally } from '../stats.js';
import { ChargePoint } from './charge-point.js';
import { bootNotification, heartbeat, startTransaction, statusNotification } from './frames.js';

export interface FleetOptions {
  /** Endpoints without the id, e.g. `ws://127.0.0.1:9000/ws`: the nodes, which share the charge points evenly. */
  urls: readonly string[];
  size: number;
  /** Source addresses, round robin, so that one address's ephemeral ports do not run out. */
  addresses: readonly string[];
  handshakeTimeoutMs: number;
  /** A call unanswered for this long counts as failed. */
  callTimeoutMs: number;
}

export interface JoinOptions {
  /** Open loop: start this many connections per second, whatever the server does. */
  rate?: number;
  /** Closed loop: at most this many charge points connecting and booting at once. */
  concurrency?: number;
  /** Open a transaction on connector 1 after booting (MeterValues then carry its id). */
  startTransaction?: boolean;
  progress?: (text: string) => void;
}

/** How the charge points of a fleet got on line. */
export interface JoinReport {
  attempted: number;
  /** WebSocket handshakes completed. */
  connected: number;
  /** Handshakes that failed or timed out. */
  failed: number;
  /** BootNotifications answered Accepted. */
  booted: number;
  /** What went wrong, by kind: handshake errors, then boot/status/start failures. */
  failures: Record<string, number>;
  handshakeMs: LatencySummary;
  bootMs: LatencySummary;
  seconds: number;
  /** The load generator's CPU use while joining, in % of one core. */
  loadCpuPercent: number;
}

const FIRST_LOCAL_PORT = 10_000;
const LAST_LOCAL_PORT = 32_767;
const LOCAL_PORT_TAKEN = new Set(['EADDRINUSE', 'EADDRNOTAVAIL']);

export const chargePointId = (index: number): string => `CP${String(index + 1).padStart(5, '0')}`;
export const idTagOf = (index: number): string => `TAG${String(index + 1).padStart(5, '0')}`;

/**
 * The node a charge point connects to: round robin, so that any number of charge points
 * splits as evenly as it can (and the same charge point always goes to the same node).
 *
 * @example nodeUrlOf(3, ['ws://a/ws', 'ws://b/ws']) // 'ws://b/ws'
 */
export function nodeUrlOf(index: number, urls: readonly string[]): string {
  const url = urls[index % urls.length];
  if (url === undefined) throw new Error('a fleet needs at least one server URL');
  return url;
}

/** N charge points against one central system: connecting, booting, heartbeating, closing. */
export class Fleet {
  readonly chargePoints: ChargePoint[];
  /** Sockets the server closed (or reset) after they had opened. */
  readonly drops = new Tally();
  readonly heartbeats = new Tally();
  readonly #options: FleetOptions;
  readonly #timers: NodeJS.Timeout[] = [];

  constructor(options: FleetOptions) {
    this.#options = options;
    this.chargePoints = Array.from({ length: options.size }, (_, i) => new ChargePoint(chargePointId(i)));
    // Calls that never come back would keep their charge point busy for ever.
    this.#every(500, () => {
      const before = performance.now() - options.callTimeoutMs;
      for (const cp of this.chargePoints) cp.expire(before);
    });
  }

  get connected(): number {
    let open = 0;
    for (const cp of this.chargePoints) if (cp.open) open++;
    return open;
  }

  /** Charge points that have tried to join so far: the next join starts after them. */
  #joined = 0;
  readonly #report = { attempted: 0, connected: 0, failed: 0, booted: 0 };
  readonly #failures = new Tally();
  readonly #handshakes = new Latencies();
  readonly #boots = new Latencies();
  #joinMs = 0;
  #joinCpuMicros = 0;

  /**
   * Connects and boots the next `count` charge points (all the others by default):
   * BootNotification, StatusNotification Available, optionally a transaction. Reports
   * on every charge point joined so far.
   */
  async join({
    count,
    rate,
    concurrency,
    startTransaction: start = false,
    progress,
  }: JoinOptions & { count?: number }): Promise<JoinReport> {
    const report = this.#report;
    const failures = this.#failures;
    const first = this.#joined;
    const end = Math.min(this.chargePoints.length, first + (count ?? this.chargePoints.length));
    this.#joined = end;
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const joinOne = async (index: number) => {
      const cp = this.chargePoints[index] as ChargePoint;
      report.attempted++;
      const connect = await this.#connect(cp, index);
      if (!connect.ok) {
        report.failed++;
        failures.add(connect.error);
        return;
      }
      report.connected++;
      this.#handshakes.add(connect.ms);
      cp.onClose = (reason) => this.drops.add(reason);
      const boot = await cp.call('BootNotification', bootNotification(cp.id));
      if (!boot.ok || boot.payload.status !== 'Accepted') {
        failures.add(`boot: ${boot.ok ? String(boot.payload.status) : boot.error}`);
        return;
      }
      report.booted++;
      this.#boots.add(boot.ms);
      cp.heartbeatIntervalMs = Number(boot.payload.interval ?? 300) * 1000;
      // Spread over the interval, as a fleet that booted at different times would be.
      cp.nextHeartbeatAt = performance.now() + Math.random() * cp.heartbeatIntervalMs;
      const now = new Date().toISOString();
      const status = await cp.call('StatusNotification', statusNotification(1, 'Available', now));
      if (!status.ok) failures.add(`status: ${status.error}`);
      if (start) {
        const answer = await cp.call('StartTransaction', startTransaction(1, idTagOf(index), 0, now));
        if (answer.ok) cp.transactionId = Number(answer.payload.transactionId);
        else failures.add(`start: ${answer.error}`);
      }
    };

    const tell = setInterval(
      () => progress?.(`${report.connected} connected, ${report.failed} failed, ${report.booted} booted`),
      5000,
    );
    try {
      if (rate !== undefined) await this.#paced(first, end, rate, joinOne);
      else await this.#pooled(first, end, concurrency ?? 100, joinOne);
    } finally {
      clearInterval(tell);
    }
    this.#joinMs += performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    this.#joinCpuMicros += cpu.user + cpu.system;
    return {
      ...report,
      failures: { ...failures.counts },
      handshakeMs: this.#handshakes.summary(),
      bootMs: this.#boots.summary(),
      seconds: Math.round(this.#joinMs / 100) / 10,
      loadCpuPercent: Math.round(this.#joinCpuMicros / (this.#joinMs * 10)),
    };
  }

  /** Sends each booted charge point's Heartbeat when its interval is up (skipped while busy). */
  startHeartbeats(): void {
    this.#every(1000, () => {
      const now = performance.now();
      for (const cp of this.chargePoints) {
        if (cp.nextHeartbeatAt > now || cp.busy || !cp.open) continue;
        cp.nextHeartbeatAt = now + cp.heartbeatIntervalMs;
        void cp
          .call('Heartbeat', heartbeat())
          .then((outcome) => this.heartbeats.add(outcome.ok ? 'answered' : outcome.error));
      }
    });
  }

  /** Resolves once no call is in flight, or after `timeoutMs`. */
  async settle(timeoutMs: number): Promise<void> {
    const until = performance.now() + timeoutMs;
    while (performance.now() < until && this.chargePoints.some((cp) => cp.busy)) await sleep(20);
  }

  close(): void {
    for (const timer of this.#timers) clearInterval(timer);
    for (const cp of this.chargePoints) {
      cp.onClose = undefined;
      cp.close();
    }
  }

  /** The port each source address binds next; below Linux's ephemeral range so as not to meet the kernel's choices. */
  readonly #nextPort = new Map<string, number>();

  async #connect(cp: ChargePoint, index: number) {
    const addresses = this.#options.addresses;
    const localAddress = addresses[index % addresses.length] as string;
    for (let attempt = 1; ; attempt++) {
      const localPort = this.#nextPort.get(localAddress) ?? FIRST_LOCAL_PORT;
      this.#nextPort.set(localAddress, localPort >= LAST_LOCAL_PORT ? FIRST_LOCAL_PORT : localPort + 1);
      const outcome = await cp.connect({
        url: nodeUrlOf(index, this.#options.urls),
        localAddress,
        localPort,
        handshakeTimeoutMs: this.#options.handshakeTimeoutMs,
      });
      // A port something else on this machine holds: the load generator's problem, not the server's.
      if (outcome.ok || attempt === 5 || !LOCAL_PORT_TAKEN.has(outcome.error)) return outcome;
    }
  }

  #every(ms: number, work: () => void): void {
    this.#timers.push(setInterval(work, ms));
  }

  /** Starts charge point first + i at i/rate seconds, without waiting for the ones before. */
  async #paced(first: number, end: number, rate: number, joinOne: (index: number) => Promise<void>) {
    const joins: Promise<void>[] = [];
    const start = performance.now();
    let next = first;
    while (next < end) {
      const due = Math.min(end, first + Math.floor(((performance.now() - start) * rate) / 1000) + 1);
      while (next < due) joins.push(joinOne(next++));
      await sleep(2);
    }
    await Promise.all(joins);
  }

  /** At most `concurrency` charge points joining at a time. */
  async #pooled(first: number, end: number, concurrency: number, joinOne: (index: number) => Promise<void>) {
    let next = first;
    const worker = async () => {
      while (next < end) await joinOne(next++);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, end - first) }, worker));
  }
}
