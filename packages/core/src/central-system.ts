import type { IncomingMessage, RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ApiTokensApi } from './api/api-tokens.js';
import { createApiTokensApi } from './api/api-tokens.js';
import { createChargePointSecurityApi } from './api/charge-point-security.js';
import type { ChargePointsApi } from './api/charge-points.js';
import { createChargePointsApi } from './api/charge-points.js';
import type { IdTagsApi } from './api/id-tags.js';
import { createIdTagsApi } from './api/id-tags.js';
import type { CommandsApi, JobsApi, ReservationsApi } from './api/operations.js';
import { createCommandsApi, createJobsApi, createReservationsApi } from './api/operations.js';
import type { TransactionsApi } from './api/transactions.js';
import { createTransactionsApi } from './api/transactions.js';
import type { Cluster, ClusterMember } from './cluster/cluster.js';
import type { ClusterEventListener } from './cluster/cluster-events.js';
import { ClusterEventHub } from './cluster/cluster-events.js';
import { CommandJournal } from './commands/command-journal.js';
import { ReservationExpiry } from './commands/reservation-expiry.js';
import type { ListenOptions } from './connection/connection-server.js';
import { ConnectionServer } from './connection/connection-server.js';
import { limitRequestWait } from './connection/limits.js';
import { UnbootedExpiry } from './connection/unbooted-expiry.js';
import type { WireStats } from './connection/wire-stats.js';
import { WireCounters } from './connection/wire-stats.js';
import { InvalidOptionError, NotConnectedError } from './errors.js';
import { TypedEmitter } from './event-emitter.js';
import type { CentralSystemEventName, CentralSystemListener } from './events.js';
import { createFollowUps } from './follow-ups.js';
import type { DataTransferHandler } from './handlers/data-transfer-registry.js';
import { DataTransferRegistry } from './handlers/data-transfer-registry.js';
import type { Handler } from './handlers/handler.js';
import { HandlerRegistry } from './handlers/registry.js';
import { createDispatch } from './inbound/dispatch.js';
import { Instruments } from './instrumentation/instruments.js';
import type { ChargePointAction } from './ocpp16/actions.js';
import type { CentralSystemOptions } from './options.js';
import { resolveOptions } from './options.js';
import type { ChargePointHandle } from './outbound/charge-point-handle.js';
import { createChargePointHandle, sendOn } from './outbound/charge-point-handle.js';
import { resolveAuthorizationPolicy } from './policies/authorization.js';
import { resolveBootPolicy } from './policies/boot.js';
import { Pruner } from './retention/pruner.js';
import type { TlsOptions } from './security/tls.js';
import { createPlainServer, TlsServers } from './security/tls.js';
import type { Storage } from './storage/storage.js';

export type { ListenOptions } from './connection/connection-server.js';
export { DEFAULT_LISTEN_BACKLOG, OCPP16_SUBPROTOCOL } from './connection/connection-server.js';

/** Options of `CentralSystem.createServer`. */
export interface CreateServerOptions {
  /** Serve charge point upgrades on it. Default true. */
  chargePoints?: boolean;
  /** Milliseconds a client has to send a whole request (408 beyond). Default 30 000. */
  requestTimeoutMs?: number;
  /** Milliseconds from a new connection to complete request headers; silent clients are dropped. Default 10 000. */
  headersTimeoutMs?: number;
}

/** An OCPP 1.6-J central system. Create one with `createCentralSystem`. */
export interface CentralSystem {
  readonly storage: Storage;
  /** The cluster this central system is a node of (a cluster of one by default). */
  readonly cluster: Cluster;
  /** This node's name (`cluster.nodeId`). */
  readonly nodeId: string;
  /**
   * Answers `action` with `handler` instead of the current handler, which stays
   * reachable through `context.next()`. Request and response types follow the action.
   */
  handle<A extends ChargePointAction>(action: A, handler: Handler<A>): this;
  /**
   * Answers DataTransfer for a vendor extension: for one `messageId`, or for all of the
   * vendor's messages when it is omitted. Unregistered vendors get UnknownVendorId,
   * unregistered messages of a known vendor UnknownMessageId (OCPP 1.6 §4.3).
   *
   * @example
   * cs.dataTransfer('com.acme', 'GetPrice', async ({ data }) => ({ status: 'Accepted', data: '0.30' }));
   */
  dataTransfer(vendorId: string, handler: DataTransferHandler): this;
  dataTransfer(vendorId: string, messageId: string, handler: DataTransferHandler): this;
  /** The id-tag store that the `id-tags` authorization policy reads. */
  readonly idTags: IdTagsApi;
  /** Known charge points and the operator's decision about each (boot policies). */
  readonly chargePoints: ChargePointsApi;
  /** Stored transactions with their energy. */
  readonly transactions: TransactionsApi;
  /** The log of every call sent to charge points, with its outcome. */
  readonly commands: CommandsApi;
  /** Reservations made with ReserveNow, and what became of them. */
  readonly reservations: ReservationsApi;
  /** Firmware, diagnostics and log jobs, following their status notifications. */
  readonly jobs: JobsApi;
  /** Named tokens with roles for the HTTP API (`@levity/http`): create, list, revoke. */
  readonly apiTokens: ApiTokensApi;
  on<E extends CentralSystemEventName>(event: E, listener: CentralSystemListener<E>): this;
  once<E extends CentralSystemEventName>(event: E, listener: CentralSystemListener<E>): this;
  off<E extends CentralSystemEventName>(event: E, listener: CentralSystemListener<E>): this;
  /** Starts an HTTP server of its own (HTTPS with the `tls` option) that serves only charge point connections. */
  listen(options?: ListenOptions): Promise<AddressInfo>;
  /**
   * A server for your own requests that also serves charge points (unless
   * `chargePoints: false`): HTTPS with the `tls` option (kept up to date by `reloadTls`),
   * HTTP otherwise. You listen on it and close it.
   *
   * @example
   * const server = cs.createServer((request, response) => response.end('hello'));
   * server.listen(443);
   */
  createServer(handler?: RequestListener, options?: CreateServerOptions): Server;
  /**
   * Replaces the TLS certificate, key and CA of every server from `listen` and
   * `createServer`, for new connections; open connections stay as they are.
   * @throws InvalidOptionError when the new credentials are unusable (nothing changes), or when no `tls` was configured
   */
  reloadTls(tls: TlsOptions): void;
  /**
   * Serves charge point connections from your own `http.Server`:
   * `server.on('upgrade', cs.handleUpgrade)`. Your other routes keep working.
   */
  readonly handleUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** A handle to call a charge point, connected or not (calls fail at once when it is not). */
  chargePoint(id: string): ChargePointHandle;
  /** Ids of the charge points connected to this node right now. */
  connectedChargePoints(): string[];
  /**
   * Which node holds a connection of each of these charge points, cluster-wide (those
   * connected nowhere are absent).
   *
   * @example
   * const where = await cs.locateChargePoints(['CP1', 'CP2']); // Map { 'CP1' => 'node-a' }
   */
  locateChargePoints(ids: readonly string[]): Promise<Map<string, string>>;
  /**
   * Listens to the events of every node of the cluster (this one's included), e.g. for an
   * event stream; `on` listeners see this node's events only. Returns the unsubscribe function.
   *
   * @example
   * const stop = cs.onClusterEvent(({ name, event, nodeId }) => console.log(nodeId, name, event));
   */
  onClusterEvent(listener: ClusterEventListener): () => void;
  /**
   * Counters of wire problems and of what the limits against abuse did, since this
   * central system was created: a copy, for a metrics exporter or a health check.
   *
   * @example
   * const { unsolicitedResponses, logLinesSuppressed } = cs.stats();
   */
  stats(): WireStats;
  /**
   * The background pruner of the `retention` option (`undefined` without it). It starts
   * with the central system and stops with `close()`; stop it, and start it again, to
   * let only one of several nodes prune at a time.
   *
   * @example
   * await cs.pruner?.stop();
   */
  readonly pruner: Pruner | undefined;
  /**
   * Closes every connection (answers in flight are finished and stored first), stops
   * listening and flushes pending writes. Does not close the storage: it is yours.
   */
  close(): Promise<void>;
}

/**
 * Creates a central system. Nothing listens until `listen()` or `handleUpgrade`.
 *
 * @example
 * const cs = createCentralSystem({ storage: await SqliteStorage.open({ filename: 'levity.db' }) });
 * cs.on('booted', ({ chargePointId }) => console.log(chargePointId, 'booted'));
 * await cs.listen({ port: 9000 });
 */
export function createCentralSystem(options: CentralSystemOptions = {}): CentralSystem {
  const config = resolveOptions(options);
  const { storage, clock, cluster } = config;
  const logger = config.logger.child({ component: 'levity' });
  const events = new TypedEmitter(logger);
  const instruments = new Instruments();
  const clusterEvents = new ClusterEventHub(cluster, logger);
  events.setTap(clusterEvents);
  const journal = new CommandJournal(storage, logger, clock, instruments, cluster.nodeId);
  const counters = new WireCounters();
  // Handles look connections up when they are used, after the server below exists.
  const chargePointHandle = (id: string) =>
    createChargePointHandle(id, {
      lookup: (chargePointId) => connections.registry.get(chargePointId),
      forward: (call, signal) => cluster.forward(call, signal),
      defaultTimeoutMs: config.callTimeoutSeconds * 1000,
      journal,
      storage,
      clock,
    });
  const followUps = createFollowUps({
    storage,
    logger,
    clock,
    chargePoint: chargePointHandle,
    onPendingBoot: config.onPendingBoot,
    certificateSigner: config.certificateSigner,
  });
  const tlsServers = config.tls ? new TlsServers(config.tls) : undefined;
  const dataTransfers = new DataTransferRegistry();
  const handlers = new HandlerRegistry({
    heartbeatIntervalSeconds: config.heartbeatIntervalSeconds,
    bootRetryIntervalSeconds: config.bootRetryIntervalSeconds,
    authorize: resolveAuthorizationPolicy(config.authorizationPolicy, storage, clock),
    bootPolicy: resolveBootPolicy(config.bootPolicy),
    dataTransfers,
    canSignCertificates: config.certificateSigner !== undefined,
    followUps,
    clock,
  });
  const member: ClusterMember = {
    storage,
    async callLocal(call) {
      const connection = connections.registry.get(call.chargePointId);
      if (!connection) throw new NotConnectedError(call.chargePointId);
      return sendOn(connection, call.action, call.params as never, { timeoutMs: call.timeoutMs });
    },
    localConnections: () =>
      connections.registry.all().map(({ chargePointId, connectedAt, remoteAddress }) => ({
        id: chargePointId,
        connectedAt,
        remoteAddress,
      })),
    connectedHere: (id) => connections.registry.get(id) !== undefined,
    replacedElsewhere: (id, connectedAt) => connections.replacedElsewhere(id, connectedAt),
    deliver: (event) => clusterEvents.deliver(event),
  };
  const joined = cluster.join(member);
  const connections = new ConnectionServer({
    config,
    storage,
    cluster,
    joined,
    logger,
    events,
    counters,
    instruments,
    dispatch: createDispatch({
      handlers,
      events,
      storage,
      clock,
      acceptsUnbooted: config.bootPolicy === 'accept-all',
      maxFieldLength: config.maxFieldLength,
      counters,
      instruments,
    }),
    ...(tlsServers ? { tls: tlsServers } : {}),
  });
  const reservationExpiry = new ReservationExpiry(storage, logger, clock, config.reservationSweepMs, cluster);
  const unbootedExpiry = new UnbootedExpiry(
    storage,
    logger,
    clock,
    config.unbootedRetentionSeconds * 1000,
    cluster,
  );
  const pruner = config.retention
    ? new Pruner(storage, {
        ...config.retention,
        logger: logger.child({ component: 'retention' }),
        clock,
        exclusive: (work) => cluster.runExclusive('retention', work),
      })
    : undefined;
  pruner?.start();

  /** After an operator accepts a charge point that is connected but not accepted, ask it to boot again. */
  const rebootIfWaiting = async (id: string, actor: string | undefined) => {
    const connection = connections.registry.get(id);
    if (!connection) return;
    await connection.registrationLoaded();
    if (connection.registration === 'Accepted') return;
    await chargePointHandle(id).call(
      'TriggerMessage',
      { requestedMessage: 'BootNotification' },
      actor === undefined ? {} : { actor },
    );
  };

  const centralSystem: CentralSystem = {
    storage,
    cluster,
    nodeId: cluster.nodeId,
    idTags: createIdTagsApi(storage, clock),
    chargePoints: {
      ...createChargePointsApi(storage, clock, logger, rebootIfWaiting, config.chargePointIdPattern),
      ...createChargePointSecurityApi({
        storage,
        clock,
        logger,
        chargePoint: chargePointHandle,
        connectedAnywhere: async (id) => (await cluster.locate([id])).has(id),
        tls: () => ({
          served: tlsServers !== undefined,
          clientCertificates: tlsServers?.requestsClientCertificates ?? false,
        }),
      }),
    },
    transactions: createTransactionsApi(storage),
    commands: createCommandsApi(storage),
    reservations: createReservationsApi(storage),
    jobs: createJobsApi(storage),
    apiTokens: createApiTokensApi(storage, clock),
    handle(action, handler) {
      handlers.add(action, handler);
      return centralSystem;
    },
    dataTransfer(
      vendorId: string,
      messageIdOrHandler: string | DataTransferHandler,
      handler?: DataTransferHandler,
    ) {
      if (typeof messageIdOrHandler === 'function')
        dataTransfers.add(vendorId, undefined, messageIdOrHandler);
      else dataTransfers.add(vendorId, messageIdOrHandler, handler as DataTransferHandler);
      return centralSystem;
    },
    on(event, listener) {
      events.on(event, listener);
      return centralSystem;
    },
    once(event, listener) {
      events.once(event, listener);
      return centralSystem;
    },
    off(event, listener) {
      events.off(event, listener);
      return centralSystem;
    },
    listen: (listenOptions) => connections.listen(listenOptions),
    createServer(
      handler,
      { chargePoints = true, requestTimeoutMs = 30_000, headersTimeoutMs = 10_000 } = {},
    ) {
      const headersTimeout = Math.min(headersTimeoutMs, requestTimeoutMs);
      const http = {
        requestTimeout: requestTimeoutMs,
        headersTimeout,
        // Node checks its timeouts this often; the default (30 s) would let them run late.
        connectionsCheckingInterval: Math.min(1000, headersTimeout),
      };
      const server = tlsServers ? tlsServers.createServer(handler, http) : createPlainServer(handler, http);
      limitRequestWait(server, headersTimeout);
      if (chargePoints) server.on('upgrade', connections.handleUpgrade);
      return server;
    },
    reloadTls(tls) {
      if (!tlsServers)
        throw new InvalidOptionError('tls', 'this central system was created without TLS; nothing to reload');
      tlsServers.reload(tls);
      logger.info({}, 'TLS certificate, key and CA reloaded');
    },
    handleUpgrade: connections.handleUpgrade,
    chargePoint: chargePointHandle,
    connectedChargePoints: () => connections.registry.ids(),
    locateChargePoints: (ids) => cluster.locate(ids),
    onClusterEvent: (listener) => clusterEvents.subscribe(listener),
    stats: () => counters.snapshot(),
    pruner,
    async close() {
      if (connections.closing) return;
      await connections.close();
      await followUps.settled();
      reservationExpiry.stop();
      unbootedExpiry.stop();
      await pruner?.stop();
      await joined.catch(() => {});
      await cluster.leave();
    },
  };
  instruments.bind(centralSystem);
  return centralSystem;
}
