import { LevityError } from '@levity/core';

/**
 * A failure of the PostgreSQL database behind `PostgresStorage` (code `LEVITY_ERR_STORAGE`).
 * The message says what Levity was doing, never with SQL, values or a password; the
 * driver's error is the `cause`, for the log.
 *
 * @example
 * try {
 *   await storage.transactions.start(transaction);
 * } catch (error) {
 *   if (error instanceof PostgresStorageError) logger.error({ err: error.cause }, error.message);
 * }
 */
export class PostgresStorageError extends LevityError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('LEVITY_ERR_STORAGE', message, options);
    this.name = 'PostgresStorageError';
  }
}

// Node's network error codes, as a person would say them.
const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'unknown host',
};

/**
 * Why a driver call failed, in one line that names no SQL: PostgreSQL's own message
 * (e.g. `password authentication failed for user "levity"`), or the network error.
 */
export function reasonOf(error: unknown): string {
  // Node reports a refused connection to a name with several addresses as an AggregateError without a message.
  const first = error instanceof AggregateError && error.errors.length > 0 ? error.errors[0] : error;
  const code = (first as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && NETWORK_REASONS[code] !== undefined) return NETWORK_REASONS[code];
  if (first instanceof Error && first.message !== '') return first.message;
  return String(first);
}
