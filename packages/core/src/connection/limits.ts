import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { Server as TlsServer } from 'node:tls';
import { bufferedAmount, terminate } from './ocpp-rpc-adapter.js';
import type { Connection } from './registry.js';
import type { ServerClient } from './server-client.js';
import type { UpgradeRefusal } from './upgrade-guard.js';

/**
 * Counts the WebSocket upgrades in progress and drops those that take longer than
 * the handshake timeout (a client that sends the upgrade request and then nothing,
 * or a check at the upgrade that never finishes), so that half-open handshakes
 * cannot pile up.
 */
export class HandshakeGuard {
  readonly #timeoutMs: number;
  readonly #onTimeout: () => void;
  #inFlight = 0;

  constructor(timeoutMs: number, onTimeout: () => void) {
    this.#timeoutMs = timeoutMs;
    this.#onTimeout = onTimeout;
  }

  /** Starts the clock for one upgrade; call the returned function once it is open. */
  start(socket: Duplex): () => void {
    this.#inFlight++;
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      this.#inFlight--;
      clearTimeout(timer);
      socket.off('close', done);
    };
    const timer = setTimeout(() => {
      if (finished) return;
      done();
      this.#onTimeout();
      socket.destroy();
    }, this.#timeoutMs);
    timer.unref();
    socket.once('close', done);
    return done;
  }

  /** Upgrades started and not yet open, closed or timed out. */
  get inFlight(): number {
    return this.#inFlight;
  }
}

/**
 * Why an upgrade is refused for the connection limit, or undefined when it may go on.
 * A charge point that reconnects while its old socket is still registered replaces
 * it, so it does not count against the limit.
 */
export function connectionLimitRefusal(
  open: number,
  maxConnections: number,
  replacesOwnConnection: boolean,
): UpgradeRefusal | undefined {
  if (maxConnections === 0 || replacesOwnConnection || open < maxConnections) return undefined;
  return {
    status: 503,
    message: `This central system serves at most ${maxConnections} connections; try again later`,
  };
}

/**
 * Drops a TCP connection that has not sent a complete request (headers) within
 * `timeoutMs` of connecting. Node's `headersTimeout` answers 408 to a client that
 * sent part of its headers, but never drops one that sends nothing at all; this
 * covers both. Later requests on a kept-alive connection are Node's business again
 * (`keepAliveTimeout`, `requestTimeout`). On a TLS server the clock starts once the
 * TLS handshake is done (`tls` has its own `handshakeTimeout`).
 *
 * @example
 * const server = http.createServer(app);
 * limitRequestWait(server, 10_000);
 */
export function limitRequestWait(server: Server, timeoutMs: number, onTimeout: () => void = () => {}): void {
  const waiting = new WeakMap<Socket, NodeJS.Timeout>();
  const arrived = (socket: Socket) => {
    const timer = waiting.get(socket);
    if (timer === undefined) return;
    clearTimeout(timer);
    waiting.delete(socket);
  };
  const connectionEvent = server instanceof TlsServer ? 'secureConnection' : 'connection';
  server.on(connectionEvent, (socket: Socket) => {
    const timer = setTimeout(() => {
      waiting.delete(socket);
      onTimeout();
      socket.destroy();
    }, timeoutMs);
    timer.unref();
    waiting.set(socket, timer);
    socket.once('close', () => arrived(socket));
  });
  server.on('request', (request: { socket: Socket }) => arrived(request.socket));
  server.on('upgrade', (request: { socket: Socket }) => arrived(request.socket));
}

/**
 * The `canSend` check of a connection: true while less than `limitBytes` wait in its
 * send buffer. Past that, the charge point has stopped reading, and this process must
 * not hold what it does not read: it is dropped (`onDrop` is told once) rather than
 * closed, since a close frame would queue behind everything else.
 */
export function sendBufferGuard(
  client: ServerClient,
  limitBytes: number,
  onDrop: (bufferedBytes: number) => void,
): () => boolean {
  let dropped = false;
  return () => {
    if (dropped) return false;
    const buffered = bufferedAmount(client);
    if (buffered <= limitBytes) return true;
    dropped = true;
    onDrop(buffered);
    terminate(client);
    return false;
  };
}

/**
 * Closes a new connection (1008) that does not say who it is within `seconds`: a
 * BootNotification, or any message when every charge point is accepted anyway, unless
 * its charge point booted here before (a reconnect need not boot again, OCPP-J §5.4).
 * Returns the timer to clear when the connection closes; none when `seconds` is 0.
 */
export function startBootDeadline(
  connection: Connection<ServerClient>,
  { seconds, anyMessageWillDo }: { seconds: number; anyMessageWillDo: boolean },
  onExpire: () => void,
): NodeJS.Timeout | undefined {
  if (seconds === 0) return undefined;
  const timer = setTimeout(async () => {
    await connection.registrationLoaded();
    if (connection.registration !== null || connection.signal.aborted) return;
    if (anyMessageWillDo && connection.heard) return;
    onExpire();
    void connection.client.close({
      code: 1008,
      reason: `No BootNotification within ${seconds} s`,
      awaitPending: false,
    });
  }, seconds * 1000);
  timer.unref();
  return timer;
}
