import { InvalidOptionError } from './errors.js';
import type { Logger } from './logger.js';
import { silentLogger } from './logger.js';
import type { AuthorizationPolicy } from './policies/authorization.js';
import { acceptAllIdTags } from './policies/authorization.js';
import { MemoryStorage } from './storage/memory/memory-storage.js';
import type { Storage } from './storage/storage.js';

/** Options of `createCentralSystem`. Every field is optional. */
export interface CentralSystemOptions {
  /** Where everything is stored. Default: a new `MemoryStorage` (lost on exit). */
  readonly storage?: Storage;
  /** A pino-compatible logger. Default: none. */
  readonly logger?: Logger;
  /** Heartbeat interval answered in an accepted BootNotification. Default 300. */
  readonly heartbeatIntervalSeconds?: number;
  /** Decides idTagInfo for Authorize, StartTransaction and StopTransaction. Default: accept every tag. */
  readonly authorize?: AuthorizationPolicy;
  /**
   * WebSocket ping interval; 0 turns pings off (some chargers never answer them).
   * A charge point that misses a pong within the interval is disconnected. Default 60.
   */
  readonly pingIntervalSeconds?: number;
  /** Default timeout of calls to charge points. Default 30. */
  readonly callTimeoutSeconds?: number;
  /** Largest WebSocket message accepted; a bigger one closes the connection (1009). Default 1 MiB. */
  readonly maxPayloadBytes?: number;
  /** Path prefix charge points connect under: `{basePath}/{chargePointId}`. Default `/ws`. */
  readonly basePath?: string;
  /** How often batched last-seen times are written to storage. Default 5000 ms. */
  readonly lastSeenFlushMs?: number;
  /** Time source, for tests. */
  readonly clock?: () => Date;
}

export interface ResolvedOptions {
  storage: Storage;
  logger: Logger;
  heartbeatIntervalSeconds: number;
  authorize: AuthorizationPolicy;
  pingIntervalSeconds: number;
  callTimeoutSeconds: number;
  maxPayloadBytes: number;
  basePath: string;
  lastSeenFlushMs: number;
  clock: () => Date;
}

function integer(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(name, `expected an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

/** Applies defaults and rejects bad values at construction, with a message that names the option. */
export function resolveOptions(options: CentralSystemOptions = {}): ResolvedOptions {
  if (options.authorize !== undefined && typeof options.authorize !== 'function') {
    throw new InvalidOptionError(
      'authorize',
      'expected a function ({ chargePointId, idTag, reason }) => idTagInfo',
    );
  }
  const basePath = options.basePath ?? '/ws';
  if (!/^(\/[^/?#]+)+$/.test(basePath)) {
    throw new InvalidOptionError(
      'basePath',
      `expected a path such as "/ws" (no trailing slash), got ${JSON.stringify(basePath)}`,
    );
  }
  return {
    storage: options.storage ?? new MemoryStorage(),
    logger: options.logger ?? silentLogger,
    heartbeatIntervalSeconds: integer(
      'heartbeatIntervalSeconds',
      options.heartbeatIntervalSeconds,
      300,
      1,
      86_400,
    ),
    authorize: options.authorize ?? acceptAllIdTags,
    pingIntervalSeconds: integer('pingIntervalSeconds', options.pingIntervalSeconds, 60, 0, 86_400),
    callTimeoutSeconds: integer('callTimeoutSeconds', options.callTimeoutSeconds, 30, 1, 3_600),
    maxPayloadBytes: integer(
      'maxPayloadBytes',
      options.maxPayloadBytes,
      1024 * 1024,
      1024,
      256 * 1024 * 1024,
    ),
    basePath,
    lastSeenFlushMs: integer('lastSeenFlushMs', options.lastSeenFlushMs, 5000, 10, 3_600_000),
    clock: options.clock ?? (() => new Date()),
  };
}
