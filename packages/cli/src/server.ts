import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { CentralSystem, Logger, Storage } from '@levity/core';
import { createCentralSystem, DEFAULT_LISTEN_BACKLOG, LevityError } from '@levity/core';
import { createHttpApi } from '@levity/http';
import { SqliteStorage } from '@levity/sqlite';
import { loadOrCreateToken, tokenFileFor } from './api-token.js';
import type { CliOptions } from './options.js';

/** A start-up failure the CLI reports as one line, without a stack trace. */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

/** A central system listening on SQLite storage. */
export interface RunningServer {
  readonly centralSystem: CentralSystem;
  /** Where charge points connect. */
  readonly address: AddressInfo;
  /** Where the HTTP API listens (the same as `address` unless `--http-port`), or `null` with `--no-http`. */
  readonly httpAddress: AddressInfo | null;
  /** Absolute path of the database file, or `:memory:`. */
  readonly database: string;
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
export async function runServer(options: CliOptions, logger: Logger): Promise<RunningServer> {
  const database = options.db === MEMORY ? MEMORY : resolve(options.db);
  let storage: Storage;
  try {
    storage = await SqliteStorage.open({ filename: database, migrate: true, logger });
  } catch (error) {
    throw new StartupError(error instanceof Error ? error.message : String(error), { cause: error });
  }

  let centralSystem: CentralSystem | undefined;
  let api: HttpApi | undefined;
  let closing = false;
  try {
    const token = options.http ? apiToken(options, database, logger) : null;
    centralSystem = createCentralSystem({
      storage,
      logger,
      heartbeatIntervalSeconds: options.heartbeatInterval,
      pingIntervalSeconds: options.pingInterval,
      authorizationPolicy: options.authPolicy,
      bootPolicy: options.bootPolicy,
      bootRetryIntervalSeconds: options.bootRetryInterval,
      ...(options.chargePointIdPattern ? { chargePointIdPattern: options.chargePointIdPattern } : {}),
    });
    const cs = centralSystem;
    const samePort = options.httpPort === null;
    if (token !== null) {
      const app = createHttpApi({
        centralSystem: cs,
        token: token.token,
        logger,
        serveChargePoints: samePort,
        // Not ready once shutdown began, so that a load balancer stops sending traffic.
        listening: () => !closing && app.server.listening,
      });
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
      const url = `http://${urlHost(options.host)}:${httpAddress.port}/api`;
      logger.info(
        { url, tokenFile: token.file },
        token.file === null
          ? `HTTP API at ${url}; bearer token from ${token.source}`
          : `HTTP API at ${url}; bearer token in ${token.file}`,
      );
    }
    logger.info(
      {
        host: options.host,
        port: address.port,
        url: `ws://${urlHost(options.host)}:${address.port}/ws/{chargePointId}`,
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

/** The API token: from --api-token / LEVITY_API_TOKEN, or the token file beside the database. */
function apiToken(
  options: CliOptions,
  database: string,
  logger: Logger,
): { token: string; file: string | null; source: string } {
  if (options.apiToken !== null) {
    return { token: options.apiToken, file: null, source: '--api-token (or LEVITY_API_TOKEN)' };
  }
  const file = tokenFileFor(options.db === MEMORY ? MEMORY : database);
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

/** IPv6 addresses go in brackets in a URL or a `host:port` pair. */
const urlHost = (host: string): string => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
