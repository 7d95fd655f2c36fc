/**
 * A raw WebSocket connection that sends fuzz messages and keeps count of what comes
 * back: every well-formed CALL it sends must be answered with a CALLRESULT or a
 * CALLERROR carrying its id and one of the ten OCPP 1.6 error codes.
 */
import WebSocket from 'ws';
import type { FuzzMessage } from './frames.js';
import { textOf, wellFormedCallId } from './frames.js';

/** OCPP-J 1.6 Table 7, with the wire spellings the errata keep. */
export const OCPP16_ERROR_CODES: ReadonlySet<string> = new Set([
  'NotImplemented',
  'NotSupported',
  'InternalError',
  'ProtocolError',
  'SecurityError',
  'FormationViolation',
  'PropertyConstraintViolation',
  'OccurenceConstraintViolation',
  'TypeConstraintViolation',
  'GenericError',
]);

/** Counters shared by every connection of a fuzz run. */
export interface AnswerCounts {
  framesSent: number;
  messagesSent: number;
  byFamily: Record<string, number>;
  /** CALLs that had to be answered. */
  wellFormedCalls: number;
  /** Of those, the ones no answer came for (the connection open, within the time). */
  unanswered: number;
  callResults: number;
  /** Every CALLERROR received, by code (answers to malformed frames included). */
  callErrors: Record<string, number>;
  /** CALLERRORs with a code OCPP 1.6 does not have. */
  badErrorCodes: Record<string, number>;
  /** Frames from the server that are no answer to a CALL sent (e.g. its own CALLs). */
  otherFrames: number;
}

export function emptyCounts(): AnswerCounts {
  return {
    framesSent: 0,
    messagesSent: 0,
    byFamily: {},
    wellFormedCalls: 0,
    unanswered: 0,
    callResults: 0,
    callErrors: {},
    badErrorCodes: {},
    otherFrames: 0,
  };
}

const bump = (record: Record<string, number>, key: string, by = 1) => {
  record[key] = (record[key] ?? 0) + by;
};

export class FuzzConnection {
  readonly #ws: WebSocket;
  readonly #counts: AnswerCounts;
  /** Ids of well-formed CALLs sent and not answered yet, with how many times each was sent. */
  readonly #pending = new Map<string, number>();
  #waiters: (() => void)[] = [];
  #closed: { code: number; reason: string } | undefined;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(ws: WebSocket, counts: AnswerCounts) {
    this.#ws = ws;
    this.#counts = counts;
    ws.on('message', (data: Buffer) => this.#receive(data.toString('utf8')));
    ws.on('error', () => {});
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => {
        this.#closed = { code, reason: reason.toString() };
        for (const wake of this.#waiters.splice(0)) wake();
        resolve(this.#closed);
      }),
    );
  }

  static open(
    url: string,
    id: string,
    counts: AnswerCounts,
    protocols = ['ocpp1.6'],
  ): Promise<FuzzConnection> {
    const ws = new WebSocket(`${url}/${encodeURIComponent(id)}`, protocols, { maxPayload: 64 * 1024 * 1024 });
    const connection = new FuzzConnection(ws, counts);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(connection));
      ws.once('unexpected-response', (_request, response) =>
        reject(new Error(`upgrade of ${id} refused with ${response.statusCode}`)),
      );
      ws.once('error', reject);
    });
  }

  get isOpen(): boolean {
    return this.#closed === undefined;
  }

  get closeInfo(): { code: number; reason: string } | undefined {
    return this.#closed;
  }

  /** Sends one message (a fragmented one as several frames). */
  send(message: FuzzMessage): void {
    if (message.kind === 'killer') throw new Error('killers go on a connection of their own');
    this.#counts.messagesSent++;
    bump(this.#counts.byFamily, message.family);
    const id = wellFormedCallId(textOf(message));
    if (id !== undefined) {
      this.#counts.wellFormedCalls++;
      this.#pending.set(id, (this.#pending.get(id) ?? 0) + 1);
    }
    switch (message.kind) {
      case 'text':
        this.#ws.send(message.text);
        this.#counts.framesSent++;
        return;
      case 'binary':
        this.#ws.send(message.bytes, { binary: true });
        this.#counts.framesSent++;
        return;
      case 'fragments':
        message.parts.forEach((part, index) => {
          this.#ws.send(part, { binary: false, fin: index === message.parts.length - 1 });
        });
        this.#counts.framesSent += message.parts.length;
        return;
    }
  }

  /** Resolves once every well-formed CALL sent is answered, or the connection closed, or the time is up. */
  async settle(timeoutMs: number): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.#pending.size > 0 && this.isOpen && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const unanswered = [...this.#pending.keys()];
    this.#counts.unanswered += [...this.#pending.values()].reduce((a, b) => a + b, 0);
    this.#pending.clear();
    return unanswered;
  }

  close(): void {
    this.#ws.terminate();
  }

  #receive(text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      this.#counts.otherFrames++;
      return;
    }
    if (!Array.isArray(frame) || (frame[0] !== 3 && frame[0] !== 4)) {
      this.#counts.otherFrames++;
      return;
    }
    const [type, id, code] = frame as [number, unknown, unknown];
    if (type === 3) this.#counts.callResults++;
    else {
      const name = String(code);
      bump(this.#counts.callErrors, name);
      if (!OCPP16_ERROR_CODES.has(name)) bump(this.#counts.badErrorCodes, name);
    }
    if (typeof id !== 'string') return;
    const left = this.#pending.get(id);
    if (left === undefined) return;
    if (left <= 1) this.#pending.delete(id);
    else this.#pending.set(id, left - 1);
    for (const wake of this.#waiters.splice(0)) wake();
  }
}

/**
 * Sends a message the server closes the connection for (invalid UTF-8, oversize) on a
 * connection of its own, and resolves with the close code the server sent.
 */
export async function sendKiller(
  url: string,
  id: string,
  message: Extract<FuzzMessage, { kind: 'killer' }>,
  counts: AnswerCounts,
): Promise<number> {
  const ws = new WebSocket(`${url}/${encodeURIComponent(id)}`, ['ocpp1.6']);
  ws.on('error', () => {});
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', () => reject(new Error(`upgrade of ${id} refused`)));
  });
  counts.messagesSent++;
  counts.framesSent++;
  bump(counts.byFamily, message.family);
  ws.send(message.payload, { binary: message.binary });
  const timer = setTimeout(() => ws.terminate(), 30_000);
  const code = await closed;
  clearTimeout(timer);
  return code;
}
