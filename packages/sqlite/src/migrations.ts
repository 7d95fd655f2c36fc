import { existsSync, readdirSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResult,
  Migrator,
  sql,
} from 'kysely';
import { SqliteStorageError } from './errors.js';
import { splitSqlStatements } from './split-sql.js';

const MIGRATION_FILE = /^(\d+_[A-Za-z0-9_-]+)\.(up|down)\.sql$/;

/**
 * The directory of Levity's SQL migrations, relative to this module: `../sql` in an
 * installed package (the build copies the files there), then `../../../sql`, the repo
 * root when running inside the monorepo. Throws when neither holds a migration.
 *
 * @example
 * findSqlDirectory(); // '/app/node_modules/@levity/sqlite/sql'
 */
export function findSqlDirectory(from: string | URL = import.meta.url): string {
  const candidates = ['../sql/', '../../../sql/'].map((relative) => fileURLToPath(new URL(relative, from)));
  for (const directory of candidates) {
    if (existsSync(directory) && readdirSync(directory).some((file) => file.endsWith('.up.sql')))
      return directory;
  }
  throw new SqliteStorageError(
    `Cannot find Levity's SQL migrations; looked in ${candidates.map((path) => `"${path}"`).join(' and ')}`,
  );
}

async function runStatements(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

function sqlMigration(statements: readonly string[]): (db: Kysely<unknown>) => Promise<void> {
  // A migration is all or nothing. Kysely's SQLite adapter does not wrap migrations in
  // a transaction itself, so do it here unless the migrator already did.
  return (db) =>
    db.isTransaction
      ? runStatements(db, statements)
      : db.transaction().execute((trx) => runStatements(trx, statements));
}

/**
 * Reads migrations from SQL files named `NNN_name.up.sql` and `NNN_name.down.sql`
 * (the down file is optional), for Kysely's `Migrator`. Each migration runs its
 * file's statements in order, in one transaction.
 *
 * @example
 * const migrator = new Migrator({ db, provider: new SqlFileMigrationProvider() });
 * await migrator.migrateToLatest();
 */
export class SqlFileMigrationProvider implements MigrationProvider {
  readonly #directory: string | undefined;

  /** `directory` defaults to {@link findSqlDirectory}'s answer. */
  constructor(options: { directory?: string } = {}) {
    this.#directory = options.directory;
  }

  async getMigrations(): Promise<Record<string, Migration>> {
    const directory = this.#directory ?? findSqlDirectory();
    const files = (await readdir(directory)).filter((file) => file.endsWith('.sql')).sort();
    const found = new Map<string, { up?: string; down?: string }>();
    for (const file of files) {
      const match = MIGRATION_FILE.exec(file);
      if (!match) {
        throw new SqliteStorageError(
          `Unexpected file "${file}" in "${directory}": migrations are named NNN_name.up.sql / NNN_name.down.sql`,
        );
      }
      const [, name = '', direction] = match;
      const entry = found.get(name) ?? {};
      entry[direction === 'up' ? 'up' : 'down'] = await readFile(join(directory, file), 'utf8');
      found.set(name, entry);
    }

    const migrations: Record<string, Migration> = {};
    for (const [name, { up, down }] of found) {
      if (up === undefined)
        throw new SqliteStorageError(`Migration "${name}" in "${directory}" has no .up.sql file`);
      migrations[name] = {
        up: sqlMigration(splitSqlStatements(up)),
        ...(down === undefined ? {} : { down: sqlMigration(splitSqlStatements(down)) }),
      };
    }
    return migrations;
  }
}

/** Anything that logs like pino; `SqliteStorage` and {@link migrateToLatest} use these. */
export interface SqliteStorageLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/**
 * Applies every pending migration (by default those of {@link findSqlDirectory}) with
 * Kysely's `Migrator`, and returns the names it applied. Running it again is a no-op.
 *
 * @example
 * const applied = await migrateToLatest(db); // ['001_initial'] the first time, then []
 */
export async function migrateToLatest(
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's Migrator takes a database of any schema.
  db: Kysely<any>,
  options: { provider?: MigrationProvider; logger?: SqliteStorageLogger } = {},
): Promise<string[]> {
  const migrator = new Migrator({ db, provider: options.provider ?? new SqlFileMigrationProvider() });
  let outcome: { error?: unknown; results?: MigrationResult[] };
  try {
    outcome = await migrator.migrateToLatest();
  } catch (cause) {
    throw new SqliteStorageError('SQLite storage failed to read or apply its migrations', { cause });
  }
  const { error, results = [] } = outcome;
  const failed = results.find((result) => result.status === 'Error');
  if (error !== undefined || failed) {
    const which = failed ? `migration "${failed.migrationName}"` : 'its migrations';
    throw new SqliteStorageError(`SQLite storage failed to apply ${which}`, { cause: error });
  }
  const applied = results
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
  for (const name of applied) options.logger?.info({ migration: name }, 'Applied SQLite migration');
  return applied;
}
