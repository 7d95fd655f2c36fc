// A PostgresStorage per test for suites that run on several storages (the HTTP API's, the
// CLI's): the test file's database (made by setup-test-database.ts, a vitest setup file),
// emptied first, on one pool per file.
import pg from 'pg';
import { afterAll, beforeAll, expect } from 'vitest';
import { createPostgresPool } from '../../src/pool.js';
import { PostgresStorage } from '../../src/postgres-storage.js';
import { typeParsers } from '../../src/type-parsers.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

let current: { database: TestDatabase; pool: pg.Pool } | undefined;

/** Registers the hooks that make and drop the test file's database. Called by the setup file. */
export function useTestDatabase(): void {
  beforeAll(async () => {
    const file =
      expect
        .getState()
        .testPath?.split('/')
        .pop()
        ?.replace(/\.test\.ts$/, '') ?? 'file';
    const database = await createTestDatabase(file);
    const pool = createPostgresPool({ connectionString: database.url, poolSize: 4 });
    await (await PostgresStorage.open({ pool })).close();
    current = { database, pool };
  }, 60_000);
  afterAll(async () => {
    const done = current;
    current = undefined;
    await done?.pool.end();
    await done?.database.drop();
  });
}

function currentDatabase(): { database: TestDatabase; pool: pg.Pool } {
  if (!current) throw new Error('no test database: is setup-test-database.ts a setup file of this project?');
  return current;
}

/** The test file's database, migrated: its URL, and a way to empty it. */
export function testDatabase(): TestDatabase {
  return currentDatabase().database;
}

/** A storage on the test file's database, emptied. Its `close` leaves the file's pool open. */
export async function openTestStorage(): Promise<PostgresStorage> {
  const { database, pool } = currentDatabase();
  await database.empty();
  return PostgresStorage.open({ pool, migrate: false });
}

/**
 * Every row of a table of the test file's database (or of the database at `url`), as
 * SQLite would show it: timestamps as ISO strings, integers as numbers, booleans as 0 or 1.
 */
export async function rowsOf(table: string, url = testDatabase().url): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url, types: typeParsers });
  await client.connect();
  try {
    const { rows } = await client.query<Record<string, unknown>>(
      `SELECT * FROM ${pg.escapeIdentifier(table)}`,
    );
    return rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([key, value]) => [key, typeof value === 'boolean' ? Number(value) : value]),
      ),
    );
  } finally {
    await client.end();
  }
}
