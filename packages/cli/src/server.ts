import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { CentralSystem, Logger, Storage } from '@levity/core';
import { createCentralSystem, LevityError } from '@levity/core';
import { SqliteStorage } from '@levity/sqlite';
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
  readonly address: AddressInfo;
  /** Absolute path of the database file, or `:memory:`. */
  readonly database: string;
  /** Closes the central system (and with it every connection), then the storage. Safe to call twice. */
  close(): Promise<void>;
}

const MEMORY = ':memory:';

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
  try {
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
    const address = await listen(centralSystem, options.host, options.port);
    logger.info(
      {
        host: options.host,
        port: address.port,
        url: `ws://${urlHost(options.host)}:${address.port}/ws/{chargePointId}`,
        database,
        logFile: options.logFile === null ? null : resolve(options.logFile),
      },
      `levity listening on ${urlHost(options.host)}:${address.port} with database ${database}`,
    );
    const cs = centralSystem;
    let closing: Promise<void> | undefined;
    return {
      centralSystem: cs,
      address,
      database,
      close() {
        closing ??= (async () => {
          try {
            await cs.close();
          } finally {
            await storage.close();
          }
        })();
        return closing;
      },
    };
  } catch (error) {
    await centralSystem?.close().catch(() => {});
    await storage.close().catch(() => {});
    throw error;
  }
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
