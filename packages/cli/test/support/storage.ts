// The database the end-to-end tests give `levity --db`: an SQLite file (the `cli`
// project), or the test file's PostgreSQL database when LEVITY_TEST_STORAGE=postgres (the
// `cli-postgres` project), so that the same tests prove the CLI on both.
import { join } from 'node:path';
import { SqliteDriver } from '@levity/sqlite';
import { it } from 'vitest';

export interface E2eStorage {
  readonly kind: 'sqlite' | 'postgres';
  /** Empties the database before a test (SQLite files are new for each test anyway). */
  reset(): Promise<void>;
  /** The `--db` value for a test's database called `name`, in the test's directory `dir`. */
  database(dir: string, name: string): string;
  /** How the start-up log line names that database. */
  shown(db: string): string;
  /** Where the API token is generated: beside an SQLite file, in the working directory otherwise. */
  tokenFile(dir: string, db: string): string;
  /** Every row of a table, with columns as SQLite stores them (booleans 0 or 1). */
  rows(db: string, table: string): Promise<Record<string, unknown>[]>;
}

/** @levity/postgres's test support (typed here: the module sits outside this package's sources). */
interface PostgresTestSupport {
  testDatabase(): { url: string; empty(): Promise<void> };
  rowsOf(table: string): Promise<Record<string, unknown>[]>;
}

const sqlite: E2eStorage = {
  kind: 'sqlite',
  reset: async () => {},
  database: (dir, name) => join(dir, `${name}.db`),
  shown: (db) => db,
  tokenFile: (_dir, db) => `${db}.token`,
  async rows(file, table) {
    const db = new SqliteDriver(file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
    } finally {
      db.close();
    }
  },
};

async function postgres(): Promise<E2eStorage> {
  const path = new URL('../../../postgres/test/support/test-storage.ts', import.meta.url).pathname;
  const support = (await import(path)) as PostgresTestSupport;
  return {
    kind: 'postgres',
    reset: () => support.testDatabase().empty(),
    database: () => support.testDatabase().url,
    shown: (db) => {
      const url = new URL(db);
      url.password = '';
      return url.toString();
    },
    tokenFile: (dir) => join(dir, 'levity.token'),
    rows: (_db, table) => support.rowsOf(table),
  };
}

/** The storage of this test run (see the file's comment). */
export const e2eStorage: E2eStorage =
  process.env.LEVITY_TEST_STORAGE === 'postgres' ? await postgres() : sqlite;

/** `it` for tests that do not depend on the database: they run once, in the `cli` project. */
export const itOnce: ReturnType<typeof it.skipIf> = it.skipIf(e2eStorage.kind !== 'sqlite');
