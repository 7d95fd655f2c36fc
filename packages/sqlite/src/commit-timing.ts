import { publishStorageCommit } from '@levity/core';
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteStatement } from 'kysely';

/**
 * Times what SQLite commits, for `levity:storage:commit`: each write outside a
 * transaction (SQLite commits it on its own), and each transaction Kysely runs, from
 * its `begin` to its `commit` (or `rollback`: not committed). Only statements handed
 * out while someone listens are timed; the others are better-sqlite3's own.
 */
export class CommitTiming {
  readonly #database: BetterSqlite3.Database;
  /** When Kysely's open transaction began; undefined when none is open or it began unobserved. */
  #transactionStartedAt: number | undefined;

  constructor(database: BetterSqlite3.Database) {
    this.#database = database;
  }

  /** `statement`, timed as a commit where it ends one. */
  observe(sql: string, statement: BetterSqlite3.Statement): SqliteStatement {
    return {
      reader: statement.reader,
      all: (parameters) => this.#time(sql, statement, () => statement.all(parameters)),
      run: (parameters) => this.#time(sql, statement, () => statement.run(parameters)),
      iterate: (parameters) => statement.iterate(parameters),
    };
  }

  #time<T>(sql: string, statement: BetterSqlite3.Statement, execute: () => T): T {
    // Kysely's SQLite driver sends these exact texts for its transactions.
    if (sql === 'begin') {
      const result = execute();
      this.#transactionStartedAt = performance.now();
      return result;
    }
    if (sql === 'commit' || sql === 'rollback') {
      const startedAt = this.#transactionStartedAt;
      this.#transactionStartedAt = undefined;
      return this.#measured(startedAt, sql === 'commit', execute);
    }
    // A write outside any transaction is a commit of its own (the pragmas are not writes of data).
    if (statement.readonly || this.#database.inTransaction || /^\s*pragma\b/i.test(sql)) return execute();
    return this.#measured(performance.now(), true, execute);
  }

  #measured<T>(startedAt: number | undefined, commits: boolean, execute: () => T): T {
    let result: T;
    try {
      result = execute();
    } catch (error) {
      if (startedAt !== undefined) this.#publish(startedAt, false);
      throw error;
    }
    if (startedAt !== undefined) this.#publish(startedAt, commits);
    return result;
  }

  #publish(startedAt: number, ok: boolean): void {
    publishStorageCommit({ storage: 'sqlite', durationMs: performance.now() - startedAt, units: 1, ok });
  }
}
