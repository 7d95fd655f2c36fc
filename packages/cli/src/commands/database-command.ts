import { existsSync } from 'node:fs';
import type { Storage } from '@levity/core';
import { PostgresStorage } from '@levity/postgres';
import { SqliteStorage } from '@levity/sqlite';
import { isPostgresUrl } from '../database.js';
import { UsageError } from './client.js';

/** The database of `--db` (or LEVITY_DB, or `levity.db`) for the commands that work on it directly. */
export function databaseOf(flags: Readonly<Record<string, string | true>>, env: NodeJS.ProcessEnv): string {
  return typeof flags.db === 'string' ? flags.db : (env.LEVITY_DB ?? 'levity.db');
}

/**
 * Opens the database without migrating it (that is the server's job) and refusing to
 * create an SQLite file that is not there: a typo in `--db` must not yield an empty database.
 */
export async function openDatabase(db: string): Promise<Storage> {
  if (isPostgresUrl(db)) return PostgresStorage.open({ connectionString: db, migrate: false, poolSize: 2 });
  if (db === ':memory:' || !existsSync(db)) throw new UsageError(`no SQLite database at ${db} (see --db)`);
  return SqliteStorage.open({ filename: db, migrate: false });
}
