import pg from 'pg';
import { redactConnectionString } from './connection-string.js';
import { PostgresStorageError } from './errors.js';
import type { PostgresStorageLogger } from './migrations.js';
import { typeParsers } from './type-parsers.js';

/** How long taking a new connection may take before a query fails (the server or network is down). */
const CONNECTION_TIMEOUT_MS = 10_000;

/** The default of {@link PostgresPoolOptions.poolSize}. */
export const DEFAULT_POOL_SIZE = 10;

/** Options of {@link createPostgresPool}. */
export interface PostgresPoolOptions {
  /** `postgres://user:password@host:5432/database` (any URL or key=value string pg accepts). */
  readonly connectionString: string;
  /** How many connections the pool opens at most. Default 10. */
  readonly poolSize?: number;
  /** Shown in `pg_stat_activity.application_name`. Default `levity`. */
  readonly applicationName?: string;
  /** A pino-compatible logger for lost connections; without one nothing is logged. */
  readonly logger?: PostgresStorageLogger | undefined;
}

/**
 * A pg pool for Levity: its own type parsers (timestamptz as ISO strings, bigint as
 * numbers), TCP keep-alive, and error listeners, so that a connection the server ends
 * (a restart, a failover, an idle timeout) is logged and replaced instead of crashing
 * the process: pg emits `error` on a client and on the pool, and an `error` event
 * nobody listens to is thrown. `PostgresStorage.open` makes one; make your own to share
 * it (`PostgresStorage.open({ pool })`), e.g. with what needs a connection of its own.
 *
 * @example
 * const pool = createPostgresPool({ connectionString: process.env.DATABASE_URL, poolSize: 20 });
 * const storage = await PostgresStorage.open({ pool });
 */
export function createPostgresPool(options: PostgresPoolOptions): pg.Pool {
  const { connectionString, poolSize = DEFAULT_POOL_SIZE, applicationName = 'levity', logger } = options;
  if (!Number.isInteger(poolSize) || poolSize < 1) {
    throw new PostgresStorageError(`PostgreSQL pool size must be a positive integer, not ${poolSize}`);
  }
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    types: typeParsers,
    keepAlive: true,
    connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
    application_name: applicationName,
  });
  const server = redactConnectionString(connectionString);
  pool.on('error', () => {
    // An idle connection failed (the client listener below logged it); the pool has
    // dropped it and opens another when needed.
  });
  pool.on('connect', (client) => {
    // A client in use has no pool listener: without this one its failure would be thrown.
    // The query in flight fails on its own and the pool drops the client when it comes back.
    client.on('error', (error) => {
      logger?.warn({ err: error, server }, 'PostgreSQL connection lost');
    });
  });
  return pool;
}
