import type BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { LevitySqliteDialect } from '../dialect.js';
import type { Database } from '../schema.js';

/** Hears a query: its SQL and its parameters. */
export type QueryListener = (sql: string, parameters: readonly unknown[]) => void;

/** The statement, telling `onQuery` each time it runs. */
function heard(
  statement: BetterSqlite3.Statement,
  sql: string,
  onQuery: QueryListener,
): BetterSqlite3.Statement {
  const flat = (parameters: unknown[]) =>
    parameters.length === 1 && Array.isArray(parameters[0]) ? parameters[0] : parameters;
  return Object.assign(Object.create(statement) as BetterSqlite3.Statement, {
    run: (...parameters: unknown[]) => {
      onQuery(sql, flat(parameters));
      return statement.run(...parameters);
    },
    get: (...parameters: unknown[]) => {
      onQuery(sql, flat(parameters));
      return statement.get(...parameters);
    },
    all: (...parameters: unknown[]) => {
      onQuery(sql, flat(parameters));
      return statement.all(...parameters);
    },
  });
}

/**
 * One SQLite connection, seen two ways: through Kysely for the queries that read best
 * as a query builder, and natively for the statements every OCPP message runs, which
 * are prepared once and reused (`statement`), at better-sqlite3's own speed.
 */
export class SqliteConnection {
  readonly native: BetterSqlite3.Database;
  readonly db: Kysely<Database>;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  readonly #onQuery: QueryListener | undefined;

  /** `onQuery` hears every query sent, Kysely's and the prepared statements' (for tests of query plans). */
  constructor(native: BetterSqlite3.Database, options: { onQuery?: QueryListener } = {}) {
    this.native = native;
    const { onQuery } = options;
    this.#onQuery = onQuery;
    this.db = new Kysely<Database>({
      dialect: new LevitySqliteDialect(native),
      ...(onQuery
        ? {
            log: (event) => {
              if (event.level === 'query') onQuery(event.query.sql, event.query.parameters);
            },
          }
        : {}),
    });
    // A meter value as JavaScript reads it, for queries that must agree with core's
    // energy figures exactly (see REGISTER_RANGES_SQL).
    native.function('levity_number', { deterministic: true }, (value: unknown) => {
      const number = Number(value);
      return Number.isFinite(number) ? number : null;
    });
  }

  /**
   * The prepared statement for `sql` on this connection, prepared on first use (so that
   * a database without the schema fails in the repository call, not when opening).
   */
  statement(sql: string): BetterSqlite3.Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.native.prepare(sql);
      if (this.#onQuery) statement = heard(statement, sql, this.#onQuery);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs `work` (synchronous statements) all or nothing, inside a SAVEPOINT: in a unit
   * of work it is rolled back alone when it throws, so a repository method that the
   * unit's code catches leaves nothing half done; outside one it is a transaction.
   */
  atomically<T>(work: () => T): T {
    this.statement('SAVEPOINT levity_step').run();
    try {
      const result = work();
      this.statement('RELEASE levity_step').run();
      return result;
    } catch (error) {
      this.#rollbackStep();
      throw error;
    }
  }

  /** {@link atomically} for work that awaits (Kysely queries). */
  async atomicallyAsync<T>(work: () => Promise<T>): Promise<T> {
    this.statement('SAVEPOINT levity_step').run();
    try {
      const result = await work();
      this.statement('RELEASE levity_step').run();
      return result;
    } catch (error) {
      this.#rollbackStep();
      throw error;
    }
  }

  #rollbackStep(): void {
    // SQLite may have rolled the whole transaction back already (I/O error, full disk).
    if (!this.native.inTransaction) return;
    this.statement('ROLLBACK TO levity_step').run();
    this.statement('RELEASE levity_step').run();
  }

  /** Closes the connection (Kysely closes the native one). Calling it twice is harmless. */
  async close(): Promise<void> {
    this.#statements.clear();
    await this.db.destroy();
  }
}
