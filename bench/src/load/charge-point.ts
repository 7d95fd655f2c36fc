import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { callFrame } from './frames.js';

/** How one call ended: a CALLRESULT (with its payload) or what went wrong instead. */
export type CallOutcome =
  | { ok: true; ms: number; payload: Record<string, unknown> }
  | { ok: false; ms: number; error: string };

export type ConnectOutcome = { ok: true; ms: number } | { ok: false; ms: number; error: string };

interface Pending {
  readonly messageId: string;
  readonly sentAt: number;
  readonly settle: (outcome: CallOutcome) => void;
}

export interface ConnectOptions {
  /** Endpoint without the id, e.g. `ws://127.0.0.1:9000/ws`. */
  url: string;
  localAddress: string | undefined;
  /**
   * Bound explicitly: binding to an address with port 0 makes Linux search for a free
   * port in the load generator's kernel time, which grows with every open socket
   * (10 s of system time for 19,500 sockets), and would slow the load, not the server.
   */
  localPort: number | undefined;
  handshakeTimeoutMs: number;
}

/** Short, stable names for what a socket error was, to count them. */
function errorKind(error: Error & { code?: string }): string {
  if (error.code) return error.code;
  const message = error.message;
  if (message.startsWith('Unexpected server response')) return `HTTP ${message.slice(-3)}`;
  if (message.includes('handshake has timed out')) return 'handshake timeout';
  return message.slice(0, 48);
}

/**
 * One charge point speaking OCPP-J over a raw `ws` socket, with at most one call in
 * flight (OCPP-J §4.1.1: a charge point waits for the answer before its next CALL).
 */
export class ChargePoint {
  readonly id: string;
  #ws: WebSocket | undefined;
  #pending: Pending | undefined;
  #nextId = 0;
  /** Set once the socket closes (or never opened), with why. */
  closedBecause: string | undefined;
  /** Any use the scenario makes of it: the open transaction, the session step. */
  transactionId: number | undefined;
  step = 0;
  energyWh = 0;
  nextHeartbeatAt = Number.POSITIVE_INFINITY;
  heartbeatIntervalMs = 0;
  /** Tells the fleet that the server closed this charge point's socket. */
  onClose: ((reason: string) => void) | undefined;

  constructor(id: string) {
    this.id = id;
  }

  get open(): boolean {
    return this.#ws?.readyState === WebSocket.OPEN;
  }

  /** Whether a call is waiting for its answer. */
  get busy(): boolean {
    return this.#pending !== undefined;
  }

  connect({ url, localAddress, localPort, handshakeTimeoutMs }: ConnectOptions): Promise<ConnectOutcome> {
    const started = performance.now();
    return new Promise((resolve) => {
      const ws = new WebSocket(`${url}/${this.id}`, ['ocpp1.6'], {
        localAddress,
        localPort,
        handshakeTimeout: handshakeTimeoutMs,
        perMessageDeflate: false,
        skipUTF8Validation: true,
      });
      this.#ws = ws;
      this.closedBecause = undefined;
      let opened = false;
      ws.once('open', () => {
        opened = true;
        if (ws.protocol !== 'ocpp1.6') {
          ws.terminate();
          resolve({ ok: false, ms: performance.now() - started, error: 'no ocpp1.6 subprotocol' });
          return;
        }
        resolve({ ok: true, ms: performance.now() - started });
      });
      // A socket this charge point gave up on (a retried connect) no longer speaks for it.
      const current = () => this.#ws === ws;
      ws.on('error', (error) => {
        if (!opened) resolve({ ok: false, ms: performance.now() - started, error: errorKind(error) });
        if (current()) this.#closed(opened ? `socket error ${errorKind(error)}` : 'never opened');
      });
      ws.on('close', (code) => {
        if (current()) this.#closed(`closed ${code}`);
      });
      ws.on('message', (data) => this.#receive(data as Buffer));
    });
  }

  /** Sends one CALL; resolves with its answer (never rejects). */
  call(action: string, payloadJson: string): Promise<CallOutcome> {
    return new Promise((settle) => {
      const ws = this.#ws;
      if (this.#pending) throw new Error(`${this.id}: a call is already in flight`);
      if (!ws || ws.readyState !== WebSocket.OPEN) {
        settle({ ok: false, ms: 0, error: this.closedBecause ?? 'not connected' });
        return;
      }
      const messageId = String(++this.#nextId);
      this.#pending = { messageId, sentAt: performance.now(), settle };
      ws.send(callFrame(messageId, action, payloadJson));
    });
  }

  /** Gives up on the call in flight if it was sent before `sentBefore` (performance.now() ms). */
  expire(sentBefore: number): void {
    const pending = this.#pending;
    if (pending && pending.sentAt < sentBefore) this.#settle({ ok: false, ms: 0, error: 'call timeout' });
  }

  close(): void {
    this.#ws?.terminate();
  }

  #settle(outcome: CallOutcome): void {
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = undefined;
    pending.settle(
      outcome.ok || outcome.ms > 0 ? outcome : { ...outcome, ms: performance.now() - pending.sentAt },
    );
  }

  #receive(data: Buffer): void {
    const now = performance.now();
    let message: unknown;
    try {
      message = JSON.parse(data.toString('utf8'));
    } catch {
      return;
    }
    if (!Array.isArray(message)) return;
    const [type, messageId] = message as [number, string];
    if (type === 2) {
      // The central system asked something: this charge point implements no such call.
      this.#ws?.send(JSON.stringify([4, messageId, 'NotImplemented', 'load generator', {}]));
      return;
    }
    const pending = this.#pending;
    if (!pending || pending.messageId !== messageId) return;
    const ms = now - pending.sentAt;
    if (type === 3) this.#settle({ ok: true, ms, payload: (message[2] ?? {}) as Record<string, unknown> });
    else if (type === 4) this.#settle({ ok: false, ms, error: `CALLERROR ${String(message[2])}` });
  }

  #closed(reason: string): void {
    if (this.closedBecause !== undefined) return;
    this.closedBecause = reason;
    this.#settle({ ok: false, ms: 0, error: reason });
    this.onClose?.(reason);
  }
}
