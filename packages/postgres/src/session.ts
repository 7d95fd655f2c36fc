import type { Kysely } from 'kysely';
import { PostgresStorageError } from './errors.js';
import type { Database } from './schema.js';

/**
 * What the repositories run their queries on: the pool, or the one connection of a unit
 * of work (`PostgresStorage.transaction`), inside its PostgreSQL transaction.
 */
export class Session {
  readonly db: Kysely<Database>;
  /** The first storage call that failed inside the unit of work, if any. */
  #failure: { cause: unknown } | undefined;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  /** Whether this session is a unit of work (so row and advisory locks last until it ends). */
  get inUnit(): boolean {
    return this.db.isTransaction;
  }

  /** Runs a storage operation, turning whatever the driver throws into a {@link PostgresStorageError}. */
  async guard<T>(action: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (cause) {
      if (this.inUnit) this.#failure ??= { cause };
      throw new PostgresStorageError(`PostgreSQL storage failed to ${action}`, { cause });
    }
  }

  /**
   * Runs `work` all or nothing: in a transaction of its own, or directly inside the
   * unit of work, which is one already.
   */
  atomic<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    return this.db.isTransaction ? work(this.db) : this.db.transaction().execute(work);
  }

  /** The first storage call that failed inside the unit of work, if any. */
  get failure(): unknown {
    return this.#failure?.cause;
  }
}
