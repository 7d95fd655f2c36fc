import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Cluster } from '../cluster/cluster.js';
import { LevityError } from '../errors.js';
import type { TypedEmitter } from '../event-emitter.js';
import type { Instruments } from '../instrumentation/instruments.js';
import type { Logger } from '../logger.js';
import { isCentralSystemAction, isChargePointAction } from '../ocpp16/actions.js';
import { toOcpp16ErrorCode } from '../ocpp16/error-codes.js';
import { ocpp16Validator } from '../ocpp16/validator.js';
import type { ResolvedOptions } from '../options.js';
import type { TlsServers } from '../security/tls.js';
import type { SecurityProfile } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';
import { nowIso } from '../time.js';
import { ChargePointConnection, ChargePointLogger } from './connection.js';
import {
  connectionLimitRefusal,
  HandshakeGuard,
  limitRequestWait,
  sendBufferGuard,
  startBootDeadline,
} from './limits.js';
import { LivenessTracker } from './liveness.js';
import { LogLimiter } from './log-limiter.js';
import type { InboundMessage } from './ocpp-rpc-adapter.js';
import { createRpcServer, takeOverFrames, terminate } from './ocpp-rpc-adapter.js';
import { PresenceRecorder } from './presence.js';
import type { Connection } from './registry.js';
import { ConnectionRegistry } from './registry.js';
import type { InboundCall, ServerClient } from './server-client.js';
import { UpgradeAuthenticator } from './upgrade-authenticator.js';
import { offersSubprotocol, parseChargePointPath, refuseUpgrade } from './upgrade-guard.js';
import { callErrorFrame, inspectFrame, normalizeOutboundFrame } from './wire-guard.js';
import type { WireCounters } from './wire-stats.js';

/** The OCPP-J subprotocol Levity speaks. */
export const OCPP16_SUBPROTOCOL = 'ocpp1.6';

export interface ListenOptions {
  /** Default `0.0.0.0`. */
  host?: string;
  /** Default 9000; 0 picks a free port (see the returned address). */
  port?: number;
  /**
   * Connections the kernel queues until they are accepted. Default
   * `DEFAULT_LISTEN_BACKLOG` (4096); Linux caps it at `net.core.somaxconn`.
   */
  backlog?: number;
}

/**
 * The listen backlog Levity asks for, instead of Node's 511: when a site's charge points
 * all reconnect at once (1,000 a second), the kernel drops the handshakes that overflow
 * the queue and the charge points retry 1, 3, 7 s later, which is how a reconnect storm
 * turns into handshake time-outs. A deeper queue lets them wait their turn instead.
 */
export const DEFAULT_LISTEN_BACKLOG = 4096;

/** Answers one CALL of a connection; what it throws becomes a CALLERROR. */
export type InboundDispatch = (connection: Connection<ServerClient>, call: InboundCall) => Promise<unknown>;

/** What the upgrade learned about a connecting charge point, carried to its connection. */
interface UpgradeContext {
  readonly chargePointId: string;
  /** Stops the handshake clock (see `handshakeTimeoutSeconds`). */
  readonly opened: () => void;
  /** The security profile the upgrade met. */
  readonly securityProfile: SecurityProfile;
}

export interface ConnectionServerDependencies {
  readonly config: ResolvedOptions;
  readonly storage: Storage;
  /** Stores presence; its `join` settles before the first connection is accepted. */
  readonly cluster: Cluster;
  /** `cluster.join(…)`: nothing is connected to this node before it settles. */
  readonly joined: Promise<void>;
  readonly logger: Logger;
  readonly events: TypedEmitter;
  readonly dispatch: InboundDispatch;
  readonly counters: WireCounters;
  readonly instruments: Instruments;
  /** When set, `listen()` serves `wss://` with these credentials. */
  readonly tls?: TlsServers;
}

/** Action names echoed back are cut to this length: the wire must not amplify what a client sends. */
const ECHO_LIMIT = 64;
const clip = (text: string) => (text.length > ECHO_LIMIT ? `${text.slice(0, ECHO_LIMIT)}…` : text);

/** What each refusal of the upgrade authenticator means. */
const AUTH_REFUSALS = { 401: 'auth', 429: 'auth_backoff', 503: 'auth_busy' } as const;

/** How long close() waits for a charge point to answer the close frame before dropping it. */
const CLOSE_GRACE_MS = 5000;

/**
 * CALLs of one connection handled at once before its socket stops being read. OCPP-J
 * §4.1.1 allows one; real chargers sometimes send a few without waiting, and a flood
 * then waits in the kernel's buffers, not in this process.
 */
const MAX_CALLS_IN_FLIGHT = 32;

/**
 * Owns the charge point connections: decides upgrades, keeps one connection per charge
 * point, feeds their frames to the dispatch, records presence, and closes them all.
 */
export class ConnectionServer {
  readonly registry = new ConnectionRegistry<ServerClient>();
  readonly #deps: ConnectionServerDependencies;
  readonly #rpc;
  readonly #liveness: LivenessTracker;
  readonly #authenticator: UpgradeAuthenticator;
  /** Storage writes about connections, awaited by close() so none is cut off. */
  readonly #pendingWrites = new Set<Promise<unknown>>();
  /** Connections and disconnections, stored in batches; close() flushes them. */
  readonly #presence: PresenceRecorder;
  /** Nothing can be connected before this process started: settles once storage says so. */
  readonly #ready: Promise<void>;
  readonly #handshakes: HandshakeGuard;
  readonly #logLimiter: LogLimiter;
  readonly #logFlush: NodeJS.Timeout;
  #httpServer: Server | undefined;
  #closing = false;

  constructor(deps: ConnectionServerDependencies) {
    this.#deps = deps;
    const { config, storage, logger, counters } = deps;
    this.#liveness = new LivenessTracker(storage, logger, config.lastSeenFlushMs);
    this.#presence = new PresenceRecorder(deps.cluster, logger);
    this.#handshakes = new HandshakeGuard(config.handshakeTimeoutSeconds * 1000, () =>
      counters.add('handshakeTimeouts'),
    );
    this.#logLimiter = new LogLimiter({
      linesPerWindow: config.logLinesPerMinute,
      windowMs: 60_000,
      counters,
    });
    this.#logFlush = setInterval(() => this.#logLimiter.flush(), 10_000);
    this.#logFlush.unref();
    this.#ready = deps.joined.then(
      () => {},
      (error: unknown) =>
        logger.error(
          { err: error },
          "could not join the cluster (mark this node's charge points disconnected)",
        ),
    );
    this.#rpc = createRpcServer<UpgradeContext>(
      {
        protocol: OCPP16_SUBPROTOCOL,
        validator: ocpp16Validator,
        callTimeoutMs: config.callTimeoutSeconds * 1000,
        pingIntervalMs: config.pingIntervalSeconds * 1000,
        maxPayloadBytes: config.maxPayloadBytes,
      },
      {
        error: (error) => logger.error({ err: error }, 'WebSocket server error'),
        upgradeAborted: (error) => logger.debug({ err: error }, 'upgrade aborted'),
      },
    );
    this.#rpc.onClient((client, context) => this.#accept(client, context));
    this.#authenticator = new UpgradeAuthenticator({
      storage,
      logger,
      events: deps.events,
      clock: config.clock,
      securityProfile: config.securityProfile,
      limits: {
        maxFailures: config.authFailureLimit,
        windowMs: 60_000,
        backoffMs: config.authBackoffSeconds * 1000,
        maxBackoffMs: config.authBackoffSeconds * 16_000,
      },
      track: (write, what) => this.#track(write, what),
    });
  }

  get closing(): boolean {
    return this.#closing;
  }

  /** Serves a charge point's upgrade request: `server.on('upgrade', connections.handleUpgrade)`. */
  readonly handleUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const { config, logger, instruments } = this.#deps;
    if (this.#closing) {
      instruments.connectionRefused('shutting_down', 503, null);
      refuseUpgrade(socket, { status: 503, message: 'Central system is shutting down' });
      return;
    }
    // Upgrades are logged on a budget per remote address, like the lines a charge point causes.
    const upgradeLog = this.#logLimiter.forChargePoint(`address ${request.socket.remoteAddress}`, logger);
    const path = parseChargePointPath(request.url, config.basePath, config.chargePointIdPattern);
    if (!path.ok) {
      // Never the URL: its query string may hold a token (`/api/events?token=`).
      upgradeLog.info({ status: path.status }, 'upgrade refused');
      instruments.connectionRefused('path', path.status, null);
      refuseUpgrade(socket, path);
      return;
    }
    const { chargePointId } = path;
    const overLimit = connectionLimitRefusal(
      this.registry.size + this.#handshakes.inFlight,
      config.maxConnections,
      this.registry.get(chargePointId) !== undefined,
    );
    if (overLimit) {
      this.#deps.counters.add('connectionsRefused');
      instruments.connectionRefused('connection_limit', overLimit.status, chargePointId);
      logger.debug({ status: overLimit.status }, 'upgrade refused: too many connections');
      refuseUpgrade(socket, overLimit);
      return;
    }
    if (!offersSubprotocol(request, OCPP16_SUBPROTOCOL)) {
      upgradeLog.warn({ chargePointId }, 'client offers no ocpp1.6 subprotocol');
    }
    // The handshake clock runs from here: time spent checking credentials counts against it.
    const opened = this.#handshakes.start(socket);
    // Who the client is (security profiles) is decided before ocpp-rpc sees the request.
    this.#ready
      .then(() => this.#authenticator.check(request, chargePointId))
      .then(
        (verdict) => {
          if (!verdict.ok) {
            instruments.connectionRefused(AUTH_REFUSALS[verdict.status], verdict.status, chargePointId);
            return refuseUpgrade(socket, verdict);
          }
          if (this.#closing) {
            instruments.connectionRefused('shutting_down', 503, chargePointId);
            return refuseUpgrade(socket, { status: 503, message: 'Central system is shutting down' });
          }
          this.#rpc.upgrade(request, socket, head, {
            chargePointId,
            opened,
            securityProfile: verdict.securityProfile,
          });
        },
        (error: unknown) => {
          logger.error({ err: error, chargePointId }, 'could not check the credentials of an upgrade');
          instruments.connectionRefused('auth_error', 503, chargePointId);
          refuseUpgrade(socket, { status: 503, message: 'Cannot check credentials now; try again later' });
        },
      );
  };

  /** Starts an HTTP server of its own that serves only charge point connections. */
  async listen({
    host = '0.0.0.0',
    port = 9000,
    backlog = DEFAULT_LISTEN_BACKLOG,
  }: ListenOptions = {}): Promise<AddressInfo> {
    const { config, logger } = this.#deps;
    if (this.#closing)
      throw new LevityError('LEVITY_ERR_CLOSED', 'This central system is closed; create a new one');
    if (this.#httpServer)
      throw new LevityError('LEVITY_ERR_ALREADY_LISTENING', 'listen() was already called');
    const notFound = (_request: IncomingMessage, response: ServerResponse) => {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`Charge points connect over WebSocket to ${config.basePath}/{chargePointId}\n`);
    };
    const server = this.#deps.tls ? this.#deps.tls.createServer(notFound) : createServer(notFound);
    limitRequestWait(server, config.handshakeTimeoutSeconds * 1000, () =>
      this.#deps.counters.add('handshakeTimeouts'),
    );
    server.on('upgrade', this.handleUpgrade);
    this.#httpServer = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, backlog }, () => {
        server.off('error', reject);
        resolve();
      });
    }).catch((error: NodeJS.ErrnoException) => {
      this.#httpServer = undefined;
      throw new LevityError(
        'LEVITY_ERR_NOT_LISTENING',
        `Cannot listen on ${host}:${port}: ${error.message}`,
        {
          cause: error,
        },
      );
    });
    await this.#ready;
    const address = server.address() as AddressInfo;
    logger.info(
      { host, port: address.port, tls: this.#deps.tls !== undefined },
      'listening for charge points',
    );
    return address;
  }

  /**
   * Closes every connection (answers in flight are finished and stored first; our own
   * calls are cancelled), stops listening and flushes pending writes.
   */
  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    const closed = this.registry.all().map(async ({ client, calls }) => {
      for (const call of calls) call.abort();
      const graceful = client.close({
        code: 1001,
        reason: 'Central system shutting down',
        awaitPending: true,
      });
      // A charge point that never answers the close frame must not hold close() up.
      const timer = setTimeout(() => terminate(client), CLOSE_GRACE_MS);
      await graceful.finally(() => clearTimeout(timer));
    });
    await Promise.allSettled(closed);
    await this.#rpc.close();
    if (this.#httpServer) {
      const server = this.#httpServer;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await this.#ready;
    await this.#presence.flush();
    await Promise.allSettled([...this.#pendingWrites]);
    await this.#liveness.stop();
    clearInterval(this.#logFlush);
    this.#logLimiter.flush(true);
  }

  #track(write: Promise<unknown>, what: string): void {
    const guarded = write.catch((error) =>
      this.#deps.logger.error({ err: error }, `could not store ${what}`),
    );
    this.#pendingWrites.add(guarded);
    void guarded.finally(() => this.#pendingWrites.delete(guarded));
  }

  #accept(client: ServerClient, { chargePointId, opened, securityProfile }: UpgradeContext): void {
    opened();
    const { config, logger, events, counters, instruments } = this.#deps;
    // A pino child per connection is made only when the connection first logs (see connection.ts).
    const log = this.#logLimiter.forChargePoint(chargePointId, new ChargePointLogger(logger, chargePointId));
    if (client.protocol !== OCPP16_SUBPROTOCOL || this.#closing) {
      instruments.connectionRefused(this.#closing ? 'shutting_down' : 'subprotocol', 101, chargePointId);
      log.warn({ protocol: client.protocol }, 'closing a connection without the ocpp1.6 subprotocol');
      void client.close({ code: 1002, reason: 'Subprotocol ocpp1.6 required', awaitPending: false });
      return;
    }
    // A number in the close handler's closure: how long the connection lasted, for `levity:connection:closed`.
    const openedAt = performance.now();
    const connection = new ChargePointConnection<ServerClient>({
      chargePointId,
      client,
      remoteAddress: client.handshake.remoteAddress ?? null,
      protocol: client.protocol,
      connectedAt: nowIso(config.clock),
      logger,
      log,
      loadRegistration: this.#loadRegistration,
    });
    takeOverFrames(client, {
      read: (text, reply) => this.#read(connection, text, reply),
      write: normalizeOutboundFrame,
      unsolicited: (message) => {
        counters.add('unsolicitedResponses');
        log.warn({ messageId: message.messageId }, 'response to no call in flight ignored');
      },
      canSend: sendBufferGuard(client, config.maxSendBufferBytes, (bufferedBytes) => {
        counters.add('slowReadersDropped');
        log.warn(
          { bufferedBytes, limit: config.maxSendBufferBytes },
          'charge point does not read what is sent to it; dropping the connection',
        );
      }),
      maxCallsInFlight: MAX_CALLS_IN_FLIGHT,
      tooBig: () => {
        counters.add('oversizeMessages');
        log.warn({ limit: config.maxPayloadBytes }, 'message over the size limit; connection closed (1009)');
      },
    });
    client.handle((call) => this.#deps.dispatch(connection, call));
    client.on('strictValidationFailure', ({ method, outbound, isCall, error }) => {
      if (!outbound) {
        counters.add('schemaViolations');
        // ocpp-rpc answers it with a CALLERROR before any handler runs.
        if (isCall) {
          const code = toOcpp16ErrorCode((error as { rpcErrorCode?: unknown }).rpcErrorCode);
          instruments.inboundCall(chargePointId, method, code, null);
        }
      }
      log.warn({ action: method, outbound, isCall, reason: error.message }, 'schema validation failed');
    });
    const bootDeadline = startBootDeadline(
      connection,
      { seconds: config.bootTimeoutSeconds, anyMessageWillDo: config.bootPolicy === 'accept-all' },
      () => {
        counters.add('bootTimeouts');
        log.warn(
          { bootTimeoutSeconds: config.bootTimeoutSeconds },
          'closing a connection that did not boot in time',
        );
      },
    );
    client.on('close', ({ code, reason }) => {
      clearTimeout(bootDeadline);
      this.#closed(connection, code, String(reason), openedAt);
    });

    const replaced = this.registry.add(connection);
    if (replaced) {
      // A reconnect while the old socket still looks open: the old one is a zombie
      // (power cut, NAT timeout). The new connection wins; what the old one already
      // sent is still handled and stored, only its answers may not arrive.
      log.warn(
        { previousConnectedAt: replaced.connectedAt },
        'charge point reconnected; closing its previous connection',
      );
      void replaced.client.close({ code: 1000, reason: 'Replaced by a new connection', awaitPending: false });
    }
    instruments.connectionOpened(chargePointId, securityProfile, replaced !== undefined);
    log.info({ remoteAddress: connection.remoteAddress, securityProfile }, 'charge point connected');
    this.#presence.connected(chargePointId, connection.connectedAt, connection.remoteAddress);
    events.emit('connected', {
      chargePointId,
      remoteAddress: connection.remoteAddress,
      protocol: client.protocol,
      securityProfile,
    });
  }

  /**
   * Another node holds a connection of the charge point opened at `connectedAt`: this
   * node's older one is a zombie. It is closed as a replaced connection (no
   * disconnection recorded, no `disconnected` event), as a reconnect to this node would.
   */
  replacedElsewhere(chargePointId: string, connectedAt: string): void {
    const connection = this.registry.get(chargePointId);
    if (!connection || connection.connectedAt > connectedAt) return;
    this.registry.remove(connection);
    connection.log.warn(
      { previousConnectedAt: connection.connectedAt },
      'charge point connected to another node; closing its connection here',
    );
    void connection.client.close({ code: 1000, reason: 'Replaced by a new connection', awaitPending: false });
  }

  readonly #loadRegistration = async (chargePointId: string) =>
    (await this.#deps.storage.chargePoints.get(chargePointId))?.registrationStatus ?? null;

  #closed(
    connection: ChargePointConnection<ServerClient>,
    code: number,
    reason: string,
    openedAt: number,
  ): void {
    const { config, events, instruments } = this.#deps;
    const { chargePointId } = connection;
    connection.closed();
    const replaced = !this.registry.remove(connection);
    instruments.connectionClosed(chargePointId, code, replaced, performance.now() - openedAt);
    if (replaced) {
      connection.log.info({ code, reason }, 'replaced connection closed');
      return;
    }
    connection.log.info({ code, reason }, 'charge point disconnected');
    this.#presence.disconnected(chargePointId, nowIso(config.clock));
    events.emit('disconnected', { chargePointId, code, reason });
  }

  /** The one parse of an inbound frame: envelope checked, actions a charge point cannot send refused. */
  #read(
    connection: Connection<ServerClient>,
    text: string,
    reply: (frame: string) => void,
  ): InboundMessage | undefined {
    const { counters, instruments } = this.#deps;
    connection.heard = true;
    this.#liveness.seen(connection.chargePointId, nowIso(this.#deps.config.clock));
    const verdict = inspectFrame(text);
    if (verdict.kind === 'ignore') {
      counters.add('framesIgnored');
      connection.log.warn({ reason: verdict.reason }, 'frame ignored');
      return undefined;
    }
    if (verdict.kind === 'reject') {
      counters.add('framesRejected');
      connection.log.warn(
        { errorCode: verdict.errorCode, reason: verdict.description },
        'malformed frame answered with CALLERROR',
      );
      reply(callErrorFrame(verdict.messageId, verdict.errorCode, verdict.description));
      return undefined;
    }
    const { message } = verdict;
    if (message.type === 2 && !isChargePointAction(message.action)) {
      // Decided before the payload is validated: an action a charge point never sends
      // is NotSupported whatever its payload, and one OCPP 1.6 lacks NotImplemented.
      const known = isCentralSystemAction(message.action);
      const code = known ? 'NotSupported' : 'NotImplemented';
      counters.add('actionsRefused');
      const action = clip(message.action);
      instruments.inboundCall(connection.chargePointId, action, code, null);
      connection.log.info({ errorCode: code, action }, 'action not accepted from a charge point');
      reply(
        callErrorFrame(
          message.messageId,
          code,
          known ? `${action} is not accepted from a charge point` : `Unknown action: ${action}`,
        ),
      );
      return undefined;
    }
    return message;
  }
}
