import { LevityError } from '@levity/core';

/**
 * A failure of the SQLite database behind `SqliteStorage` (code `LEVITY_ERR_STORAGE`).
 * The message says what Levity was doing, never with SQL or values from it; the
 * driver's error is the `cause`, for the log.
 *
 * @example
 * try {
 *   await storage.transactions.start(transaction);
 * } catch (error) {
 *   if (error instanceof SqliteStorageError) logger.error({ err: error.cause }, error.message);
 * }
 */
export class SqliteStorageError extends LevityError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('LEVITY_ERR_STORAGE', message, options);
    this.name = 'SqliteStorageError';
  }
}

/** Runs a storage operation, turning whatever the driver throws into a {@link SqliteStorageError}. */
export async function guard<T>(action: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (cause) {
    throw new SqliteStorageError(`SQLite storage failed to ${action}`, { cause });
  }
}

/**
 * Runs a synchronous storage operation (a prepared statement), turning what the driver
 * throws into a {@link SqliteStorageError}, as a promise like every repository method.
 */
export function guardSync<T>(action: string, operation: () => T): Promise<T> {
  try {
    return Promise.resolve(operation());
  } catch (cause) {
    return Promise.reject(new SqliteStorageError(`SQLite storage failed to ${action}`, { cause }));
  }
}

/** The reason of an error thrown by a driver, for messages that name no SQL. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
