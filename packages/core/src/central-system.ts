import type { IncomingMessage, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import RPC, { createRPCError, RPCServer } from 'ocpp-rpc';
import type { ChargePointsApi } from './api/charge-points.js';
import { createChargePointsApi } from './api/charge-points.js';
import type { IdTagsApi } from './api/id-tags.js';
import { createIdTagsApi } from './api/id-tags.js';
import type { CommandsApi, JobsApi, ReservationsApi } from './api/operations.js';
import { createCommandsApi, createJobsApi, createReservationsApi } from './api/operations.js';
import type { TransactionsApi } from './api/transactions.js';
import { createTransactionsApi } from './api/transactions.js';
import { CommandJournal } from './commands/command-journal.js';
import { ReservationExpiry } from './commands/reservation-expiry.js';
import { LivenessTracker } from './connection/liveness.js';
import { inboundRefusal } from './connection/registration-gate.js';
import type { Connection } from './connection/registry.js';
import { ConnectionRegistry } from './connection/registry.js';
import type { InboundCall, ServerClient } from './connection/server-client.js';
import { offersSubprotocol, parseChargePointPath, refuseUpgrade } from './connection/upgrade-guard.js';
import { installWireGuard } from './connection/wire-guard.js';
import { LevityError } from './errors.js';
import { TypedEmitter } from './event-emitter.js';
import type { CentralSystemEventName, CentralSystemListener } from './events.js';
import { emitCallEvents } from './events-from-calls.js';
import { createFollowUps } from './follow-ups.js';
import type { DataTransferHandler } from './handlers/data-transfer-registry.js';
import { DataTransferRegistry } from './handlers/data-transfer-registry.js';
import type { Handler } from './handlers/handler.js';
import { HandlerRegistry } from './handlers/registry.js';
import type { ChargePointAction, Response } from './ocpp16/actions.js';
import { isCentralSystemAction, isChargePointAction } from './ocpp16/actions.js';
import { OcppError } from './ocpp16/error-codes.js';
import { ocpp16Validator } from './ocpp16/validator.js';
import type { CentralSystemOptions } from './options.js';
import { resolveOptions } from './options.js';
import type { ChargePointHandle } from './outbound/charge-point-handle.js';
import { createChargePointHandle } from './outbound/charge-point-handle.js';
import { resolveAuthorizationPolicy } from './policies/authorization.js';
import { resolveBootPolicy } from './policies/boot.js';
import type { Storage } from './storage/storage.js';
import { nowIso } from './time.js';

/** The OCPP-J subprotocol Levity speaks. */
export const OCPP16_SUBPROTOCOL = 'ocpp1.6';

export interface ListenOptions {
  /** Default `0.0.0.0`. */
  host?: string;
  /** Default 9000; 0 picks a free port (see the returned address). */
  port?: number;
}

/** An OCPP 1.6-J central system. Create one with `createCentralSystem`. */
export interface CentralSystem {
  readonly storage: Storage;
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
  on<E extends CentralSystemEventName>(event: E, listener: CentralSystemListener<E>): this;
  once<E extends CentralSystemEventName>(event: E, listener: CentralSystemListener<E>): this;
  off<E extends CentralSystemEventName>(event: E, listener: CentralSystemListener<E>): this;
  /** Starts an HTTP server of its own that serves only charge point connections. */
  listen(options?: ListenOptions): Promise<AddressInfo>;
  /**
   * Serves charge point connections from your own `http.Server`:
   * `server.on('upgrade', cs.handleUpgrade)`. Your other routes keep working.
   */
  readonly handleUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** A handle to call a charge point, connected or not (calls fail at once when it is not). */
  chargePoint(id: string): ChargePointHandle;
  /** Ids of the charge points connected right now. */
  connectedChargePoints(): string[];
  /**
   * Closes every connection (answers in flight are finished and stored first), stops
   * listening and flushes pending writes. Does not close the storage: it is yours.
   */
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 5000;

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
  const { storage, clock } = config;
  const logger = config.logger.child({ component: 'levity' });
  const events = new TypedEmitter(logger);
  const registry = new ConnectionRegistry<ServerClient>();
  const journal = new CommandJournal(storage, logger, clock);
  const chargePointHandle = (id: string) =>
    createChargePointHandle(id, {
      lookup: (chargePointId) => registry.get(chargePointId),
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
  /** Whether a charge point that never booted here may talk: only when every charge point is accepted anyway. */
  const acceptsUnbooted = config.bootPolicy === 'accept-all';
  const liveness = new LivenessTracker(storage, logger, config.lastSeenFlushMs);
  const reservationExpiry = new ReservationExpiry(storage, logger, clock, config.reservationSweepMs);
  /** Storage writes about connections, awaited by close() so none is cut off. */
  const pendingWrites = new Set<Promise<unknown>>();
  /** Charge point ids parsed by Levity, handed to ocpp-rpc's connection through the request. */
  const parsedIds = new WeakMap<IncomingMessage, string>();
  let httpServer: Server | undefined;
  let closing = false;

  const track = (write: Promise<unknown>, what: string) => {
    const guarded = write.catch((error) => logger.error({ err: error }, `could not store ${what}`));
    pendingWrites.add(guarded);
    void guarded.finally(() => pendingWrites.delete(guarded));
  };

  // Nothing can be connected before this process started listening.
  const ready = storage.chargePoints.markAllDisconnected(nowIso(clock)).catch((error) => {
    logger.error({ err: error }, 'could not mark charge points disconnected at start-up');
  });

  const rpcServer = new RPCServer({
    protocols: [OCPP16_SUBPROTOCOL],
    strictMode: true,
    strictModeValidators: [ocpp16Validator as never],
    callTimeoutMs: config.callTimeoutSeconds * 1000,
    pingIntervalMs: config.pingIntervalSeconds * 1000,
    deferPingsOnActivity: true,
    respondWithDetailedErrors: false,
    callConcurrency: 1,
    wssOptions: { maxPayload: config.maxPayloadBytes },
  });

  rpcServer.auth((accept, _reject, handshake) => {
    // OCPP-J §3.2: without a shared subprotocol, complete the handshake without a
    // Sec-WebSocket-Protocol header and close at once (see onClient).
    const chargePointId = parsedIds.get(handshake.request) ?? handshake.identity;
    accept({ chargePointId }, handshake.protocols.has(OCPP16_SUBPROTOCOL) ? OCPP16_SUBPROTOCOL : false);
  });

  rpcServer.on('client', (client: ServerClient) => onClient(client));
  rpcServer.on('error', (error: Error) => logger.error({ err: error }, 'WebSocket server error'));
  rpcServer.on('upgradeAborted', ({ error, identity }: { error: unknown; identity: string }) =>
    logger.debug({ err: error, chargePointId: identity }, 'upgrade aborted'),
  );

  function onClient(client: ServerClient) {
    const chargePointId = String(client.session.chargePointId ?? client.identity);
    const log = logger.child({ chargePointId });
    if (client.protocol !== OCPP16_SUBPROTOCOL || closing) {
      log.warn({ protocol: client.protocol }, 'closing a connection without the ocpp1.6 subprotocol');
      void client.close({ code: 1002, reason: 'Subprotocol ocpp1.6 required', awaitPending: false });
      return;
    }
    const connectedAt = nowIso(clock);
    const connection: Connection<ServerClient> = {
      chargePointId,
      client,
      remoteAddress: client.handshake.remoteAddress ?? null,
      protocol: client.protocol,
      connectedAt,
      calls: new Set(),
      registration: null,
      loaded: storage.chargePoints.get(chargePointId).then(
        (known) => {
          connection.registration = known?.registrationStatus ?? null;
        },
        (error: unknown) => log.error({ err: error }, 'could not load the charge point'),
      ),
    };
    const controller = new AbortController();
    installWireGuard(client, {
      onFrame: () => liveness.seen(chargePointId, nowIso(clock)),
      onRejected: (verdict) =>
        log.warn(
          { errorCode: verdict.errorCode, reason: verdict.description },
          'malformed frame answered with CALLERROR',
        ),
      onIgnored: (verdict) => log.warn({ reason: verdict.reason }, 'frame ignored'),
    });
    client.handle((call) => dispatch(connection, call, log, controller.signal));
    client.on('badMessage', ({ error }) => log.warn({ err: error }, 'bad message'));
    client.on('strictValidationFailure', ({ method, outbound, isCall, error }) =>
      log.warn({ action: method, outbound, isCall, reason: error.message }, 'schema validation failed'),
    );
    client.on('close', ({ code, reason }) => {
      controller.abort();
      if (!registry.remove(connection)) {
        log.info({ code, reason }, 'replaced connection closed');
        return;
      }
      log.info({ code, reason: String(reason) }, 'charge point disconnected');
      track(storage.chargePoints.recordDisconnected(chargePointId, nowIso(clock)), 'a disconnection');
      events.emit('disconnected', { chargePointId, code, reason: String(reason) });
    });

    const replaced = registry.add(connection);
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
    log.info({ remoteAddress: connection.remoteAddress }, 'charge point connected');
    track(
      storage.chargePoints.recordConnected(chargePointId, {
        at: connectedAt,
        remoteAddress: connection.remoteAddress,
      }),
      'a connection',
    );
    events.emit('connected', {
      chargePointId,
      remoteAddress: connection.remoteAddress,
      protocol: client.protocol,
    });
  }

  async function dispatch(
    connection: Connection<ServerClient>,
    call: InboundCall,
    log: typeof logger,
    signal: AbortSignal,
  ): Promise<unknown> {
    const action = call.method;
    if (!isChargePointAction(action)) {
      // ocpp-rpc has validated the payload, so the action exists in OCPP 1.6; it just
      // is not one a charge point sends.
      throw createRPCError(
        isCentralSystemAction(action) ? 'NotSupported' : 'NotImplemented',
        `${action} is not accepted from a charge point`,
        {},
      );
    }
    const chargePointId = connection.chargePointId;
    await connection.loaded;
    const refusal = inboundRefusal(action, connection.registration, acceptsUnbooted);
    if (refusal) {
      // OCPP 1.6 §4.2 has a charge point send nothing before it is accepted; OCPP 2.x
      // (B02.FR.09) answers such messages with SecurityError, the 1.6 code that fits.
      log.warn({ action, registration: connection.registration }, 'message before acceptance refused');
      throw createRPCError('SecurityError', refusal, {});
    }
    try {
      const response = await handlers.dispatch({
        chargePointId,
        action,
        params: call.params as never,
        messageId: call.messageId,
        receivedAt: nowIso(clock),
        storage,
        logger: log,
        signal,
      });
      // ocpp-rpc writes the CALLRESULT as soon as this promise settles, within the
      // current microtasks; listeners run after it, so a call a listener makes (say,
      // GetConfiguration on 'booted') never reaches the charger before its answer.
      if (action === 'BootNotification') {
        connection.registration = (response as Response<'BootNotification'>).status;
      }
      setImmediate(() =>
        emitCallEvents(events, chargePointId, action, call.params as never, response as never),
      );
      return response;
    } catch (error) {
      throw toCallError(error, action, log);
    }
  }

  /** One boundary where anything a handler throws becomes an OCPP 1.6 CALLERROR. */
  function toCallError(error: unknown, action: string, log: typeof logger): Error {
    if (error instanceof OcppError) {
      log.info({ action, errorCode: error.errorCode, reason: error.message }, 'answered with CALLERROR');
      return createRPCError(error.errorCode, error.message, error.details) as Error;
    }
    if (error instanceof RPC.RPCError) return error;
    // Never send a station SQL text or stack traces: the details go to the log only.
    log.error({ err: error, action }, 'handler failed; answered InternalError');
    return createRPCError('InternalError', `${action} could not be processed`, {}) as Error;
  }

  const handleUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (closing) {
      refuseUpgrade(socket, { status: 503, message: 'Central system is shutting down' });
      return;
    }
    const path = parseChargePointPath(request.url, config.basePath, config.chargePointIdPattern);
    if (!path.ok) {
      logger.info({ url: request.url, status: path.status }, 'upgrade refused');
      refuseUpgrade(socket, path);
      return;
    }
    if (!offersSubprotocol(request, OCPP16_SUBPROTOCOL)) {
      logger.warn({ chargePointId: path.chargePointId }, 'client offers no ocpp1.6 subprotocol');
    }
    parsedIds.set(request, path.chargePointId);
    ready
      .then(() => rpcServer.handleUpgrade(request, socket as never, head))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'upgrade failed');
        socket.destroy();
      });
  };

  /** After an operator accepts a charge point that is connected but not accepted, ask it to boot again. */
  const rebootIfWaiting = async (id: string) => {
    const connection = registry.get(id);
    if (!connection || connection.registration === 'Accepted') return;
    await chargePointHandle(id).call('TriggerMessage', { requestedMessage: 'BootNotification' });
  };

  const centralSystem: CentralSystem = {
    storage,
    idTags: createIdTagsApi(storage, clock),
    chargePoints: createChargePointsApi(storage, clock, logger, rebootIfWaiting),
    transactions: createTransactionsApi(storage),
    commands: createCommandsApi(storage),
    reservations: createReservationsApi(storage),
    jobs: createJobsApi(storage),
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
    async listen({ host = '0.0.0.0', port = 9000 }: ListenOptions = {}) {
      if (closing)
        throw new LevityError('LEVITY_ERR_CLOSED', 'This central system is closed; create a new one');
      if (httpServer) throw new LevityError('LEVITY_ERR_ALREADY_LISTENING', 'listen() was already called');
      const server = createServer((_request, response) => {
        response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        response.end(`Charge points connect over WebSocket to ${config.basePath}/{chargePointId}\n`);
      });
      server.on('upgrade', handleUpgrade);
      httpServer = server;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host, port }, () => {
          server.off('error', reject);
          resolve();
        });
      }).catch((error: NodeJS.ErrnoException) => {
        httpServer = undefined;
        throw new LevityError(
          'LEVITY_ERR_NOT_LISTENING',
          `Cannot listen on ${host}:${port}: ${error.message}`,
          {
            cause: error,
          },
        );
      });
      await ready;
      logger.info({ host, port: (server.address() as AddressInfo).port }, 'listening for charge points');
      return server.address() as AddressInfo;
    },
    handleUpgrade,
    chargePoint: chargePointHandle,
    connectedChargePoints() {
      return registry.ids();
    },
    async close() {
      if (closing) return;
      closing = true;
      const closed = registry.all().map(async ({ client, calls }) => {
        // Answers to the charge point are finished and stored; our own calls to it are not awaited.
        for (const call of calls) call.abort();
        const graceful = client.close({
          code: 1001,
          reason: 'Central system shutting down',
          awaitPending: true,
        });
        // A charge point that never answers the close frame must not hold close() up.
        const timer = setTimeout(() => client._ws?.terminate(), CLOSE_GRACE_MS);
        await graceful.finally(() => clearTimeout(timer));
      });
      await Promise.allSettled(closed);
      await rpcServer.close({ code: 1001 });
      if (httpServer) {
        const server = httpServer;
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await ready;
      await followUps.settled();
      reservationExpiry.stop();
      await Promise.allSettled([...pendingWrites]);
      await liveness.stop();
    },
  };
  return centralSystem;
}
