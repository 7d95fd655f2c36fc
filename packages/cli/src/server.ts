import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { CentralSystem, CentralSystemOptions, Logger, Storage } from '@levity/core';
import {
  createCentralSystem,
  DEFAULT_LISTEN_BACKLOG,
  defaultNodeId,
  InProcessCluster,
  InvalidOptionError,
  LevityError,
} from '@levity/core';
import { levityDashboard } from '@levity/dashboard';
import type { CreateHttpApiOptions } from '@levity/http';
import { createHttpApi } from '@levity/http';
import { PostgresCluster, PostgresStorage, redactConnectionString } from '@levity/postgres';
import { SqliteStorage } from '@levity/sqlite';
import { loadOrCreateToken, tokenFileFor } from './api-token.js';
import { isPostgresUrl } from './database.js';
import type { CliLimits, CliOptions } from './options.js';
import { readCsrSigner, readTlsFiles, securityMessage } from './security-files.js';
import { StartupError } from './startup-error.js';

export { StartupError } from './startup-error.js';

/** A central system listening, on SQLite or PostgreSQL storage. */
export interface RunningServer {
  readonly centralSystem: CentralSystem;
  /** Where charge points connect. */
  readonly address: AddressInfo;
  /** Where the HTTP API listens (the same as `address` unless `--http-port`), or `null` with `--no-http`. */
  readonly httpAddress: AddressInfo | null;
  /** Absolute path of the SQLite file, `:memory:`, or the PostgreSQL URL without its password. */
  readonly database: string;
  /**
   * Reads `--tls-cert`, `--tls-key` and `--tls-ca` again and serves them to new
   * connections (SIGHUP); open connections stay. Returns false when no TLS is configured.
   * @throws StartupError when a file cannot be read or used; the old credentials stay.
   */
  reloadTls(): boolean;
  /** Closes the central system (and with it every connection), then the storage. Safe to call twice. */
  close(): Promise<void>;
}

const MEMORY = ':memory:';

type HttpApi = ReturnType<typeof createHttpApi>;

/**
 * Opens the storage (running its migrations), starts the central system and listens.
 * Closes what it opened before rethrowing when a step fails.
 *
 * @throws StartupError when the database cannot be opened or the port cannot be listened on.
 * @example
 * const server = await runServer(options, logger);
 * process.once('SIGTERM', () => void server.close());
 */
export async function runServer(options: CliOptions, rootLogger: Logger): Promise<RunningServer> {
  const nodeId = options.nodeId ?? defaultNodeId();
  // Every line says which node wrote it: several nodes may log to one place.
  const logger = rootLogger.child({ nodeId });
  const postgres = isPostgresUrl(options.db);
  const database = postgres
    ? redactConnectionString(options.db)
    : options.db === MEMORY
      ? MEMORY
      : resolve(options.db);
  let storage: Storage;
  try {
    storage = postgres
      ? await PostgresStorage.open({
          connectionString: options.db,
          poolSize: options.dbPoolSize,
          migrate: true,
          logger,
        })
      : await SqliteStorage.open({ filename: database, migrate: true, logger });
  } catch (error) {
    throw new StartupError(error instanceof Error ? error.message : String(error), { cause: error });
  }

  let centralSystem: CentralSystem | undefined;
  let api: HttpApi | undefined;
  let closing = false;
  try {
    const token = options.http ? apiToken(options, database, logger) : null;
    const tls = readTlsFiles(options);
    const certificateSigner = readCsrSigner(options);
    centralSystem = createSecured(options, tls, () =>
      createCentralSystem({
        storage,
        // With PostgreSQL, the nodes sharing the database are one central system.
        cluster:
          storage instanceof PostgresStorage
            ? new PostgresCluster({ pool: storage.pool, nodeId, logger })
            : new InProcessCluster({ nodeId }),
        logger,
        heartbeatIntervalSeconds: options.heartbeatInterval,
        pingIntervalSeconds: options.pingInterval,
        authorizationPolicy: options.authPolicy,
        bootPolicy: options.bootPolicy,
        bootRetryIntervalSeconds: options.bootRetryInterval,
        ...(options.chargePointIdPattern ? { chargePointIdPattern: options.chargePointIdPattern } : {}),
        ...centralSystemLimits(options.limits),
        securityProfile: options.securityProfile,
        authFailureLimit: options.authFailureLimit,
        authBackoffSeconds: options.authBackoff,
        retention: options.retention,
        ...(tls ? { tls } : {}),
        ...(certificateSigner ? { certificateSigner } : {}),
      }),
    );
    const cs = centralSystem;
    const scheme = tls ? { ws: 'wss', http: 'https' } : { ws: 'ws', http: 'http' };
    const samePort = options.httpPort === null;
    if (token !== null) {
      const app = createHttpApi({
        centralSystem: cs,
        token: token.token,
        logger,
        serveChargePoints: samePort,
        // Not ready once shutdown began, so that a load balancer stops sending traffic.
        listening: () => !closing && app.server.listening,
        metrics: { public: options.metricsPublic },
        ...httpApiLimits(options.limits),
      });
      // The dashboard talks to this API on the same origin, so it is served by the same instance.
      if (options.dashboard) void app.register(levityDashboard);
      api = app;
    }
    let address: AddressInfo;
    let httpAddress: AddressInfo | null = null;
    if (api && samePort) {
      address = await listenHttp(api, options.host, options.port);
      httpAddress = address;
    } else {
      address = await listen(cs, options.host, options.port);
      if (api) httpAddress = await listenHttp(api, options.host, options.httpPort ?? 0);
    }
    if (token !== null && httpAddress !== null) {
      const url = `${scheme.http}://${urlHost(options.host)}:${httpAddress.port}/api`;
      logger.info(
        { url, tokenFile: token.file },
        token.file === null
          ? `HTTP API at ${url}; bearer token from ${token.source}`
          : `HTTP API at ${url}; bearer token in ${token.file}`,
      );
      if (options.dashboard) {
        const dashboard = `http://${urlHost(browsable(options.host))}:${httpAddress.port}/`;
        logger.info({ dashboardUrl: dashboard }, `dashboard at ${dashboard} (sign in with the API token)`);
      }
    }
    logger.info(
      {
        host: options.host,
        port: address.port,
        url: `${scheme.ws}://${urlHost(options.host)}:${address.port}/ws/{chargePointId}`,
        securityProfile: options.securityProfile,
        httpPort: httpAddress?.port ?? null,
        database,
        logFile: options.logFile === null ? null : resolve(options.logFile),
      },
      `levity listening on ${urlHost(options.host)}:${address.port} with database ${database}`,
    );
    const app = api;
    let closed: Promise<void> | undefined;
    return {
      centralSystem: cs,
      address,
      httpAddress,
      database,
      reloadTls() {
        const next = readTlsFiles(options);
        if (!next) return false;
        try {
          cs.reloadTls(next);
        } catch (error) {
          throw new StartupError(`cannot reload --tls-cert/--tls-key/--tls-ca: ${securityMessage(error)}`, {
            cause: error,
          });
        }
        return true;
      },
      close() {
        closed ??= (async () => {
          closing = true;
          try {
            // Charge points first (answers in flight are stored), then the API, then the storage.
            await cs.close();
            await app?.close();
          } finally {
            await storage.close();
          }
        })();
        return closed;
      },
    };
  } catch (error) {
    closing = true;
    await centralSystem?.close().catch(() => {});
    await api?.close().catch(() => {});
    await storage.close().catch(() => {});
    throw error;
  }
}

/** The limits flags, as `createCentralSystem` options. */
export function centralSystemLimits(limits: CliLimits) {
  return {
    maxPayloadBytes: limits.maxFrameSize,
    maxConnections: limits.maxConnections,
    handshakeTimeoutSeconds: limits.handshakeTimeout,
    bootTimeoutSeconds: limits.bootTimeout,
    maxSendBufferBytes: limits.maxSendBuffer,
    maxFieldLength: limits.maxFieldLength,
    unbootedRetentionSeconds: limits.unbootedRetention,
  } satisfies CentralSystemOptions;
}

/** The limits flags, as `createHttpApi` options. */
export function httpApiLimits(limits: CliLimits) {
  return {
    bodyLimit: limits.httpBodyLimit,
    requestTimeoutMs: limits.httpRequestTimeout * 1000,
    headersTimeoutMs: limits.handshakeTimeout * 1000,
    eventStreamMaxBufferBytes: limits.maxSendBuffer,
  } satisfies Partial<CreateHttpApiOptions>;
}

/** The central system, with unusable TLS credentials told as one line naming the flags. */
function createSecured(options: CliOptions, tls: unknown, create: () => CentralSystem): CentralSystem {
  try {
    return create();
  } catch (error) {
    if (tls !== undefined && error instanceof InvalidOptionError && /"tls"/.test(error.message)) {
      const flags = options.tlsCa === null ? '--tls-cert/--tls-key' : '--tls-cert/--tls-key/--tls-ca';
      throw new StartupError(`${flags}: ${securityMessage(error)}`, { cause: error });
    }
    throw error;
  }
}

/**
 * The API token: from --api-token / LEVITY_API_TOKEN, or the token file beside the SQLite
 * database (`levity.token` in the working directory for PostgreSQL and `:memory:`).
 */
function apiToken(
  options: CliOptions,
  database: string,
  logger: Logger,
): { token: string; file: string | null; source: string } {
  if (options.apiToken !== null) {
    return { token: options.apiToken, file: null, source: '--api-token (or LEVITY_API_TOKEN)' };
  }
  const file = tokenFileFor(options.db === MEMORY || isPostgresUrl(options.db) ? options.db : database);
  let stored: ReturnType<typeof loadOrCreateToken>;
  try {
    stored = loadOrCreateToken(file);
  } catch (error) {
    throw new StartupError((error as Error).message, { cause: error });
  }
  if (stored.created) logger.info({ tokenFile: file }, `generated an API token into ${file}`);
  if (stored.exposed) {
    logger.warn({ tokenFile: file }, `the API token file ${file} is readable by others; chmod 600 it`);
  }
  return { token: stored.token, file, source: file };
}

async function listenHttp(app: HttpApi, host: string, port: number): Promise<AddressInfo> {
  try {
    // The WebSocket endpoint shares this server: a deep queue for reconnect storms (see DEFAULT_LISTEN_BACKLOG).
    await app.listen({ host, port, backlog: DEFAULT_LISTEN_BACKLOG });
  } catch (error) {
    throw new StartupError(`cannot listen on ${urlHost(host)}:${port}: ${listenReason(error)}`, {
      cause: error,
    });
  }
  return app.server.address() as AddressInfo;
}

async function listen(centralSystem: CentralSystem, host: string, port: number): Promise<AddressInfo> {
  try {
    return await centralSystem.listen({ host, port });
  } catch (error) {
    if (!(error instanceof LevityError && error.code === 'LEVITY_ERR_NOT_LISTENING')) throw error;
    throw new StartupError(`cannot listen on ${urlHost(host)}:${port}: ${listenReason(error.cause)}`, {
      cause: error,
    });
  }
}

const LISTEN_REASONS: Record<string, string> = {
  EADDRINUSE: 'address already in use',
  EACCES: 'permission denied',
  EADDRNOTAVAIL: 'address not available on this machine',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'unknown host',
};

function listenReason(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && LISTEN_REASONS[code] !== undefined) return LISTEN_REASONS[code];
  return cause instanceof Error ? cause.message : String(cause);
}

/** A wildcard listen address is no place to browse to; its loopback counterpart is. */
const browsable = (host: string): string => (host === '0.0.0.0' ? 'localhost' : host === '::' ? '::1' : host);

/** IPv6 addresses go in brackets in a URL or a `host:port` pair. */
const urlHost = (host: string): string => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
