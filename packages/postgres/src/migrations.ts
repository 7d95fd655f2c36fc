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
import { PostgresStorageError } from './errors.js';

const MIGRATION_FILE = /^(\d+_[A-Za-z0-9_-]+)\.(up|down)\.sql$/;

/**
 * The directory of Levity's PostgreSQL migrations, relative to this module: `../sql` in
 * an installed package (the build copies the files there), then `../../../sql/postgres`,
 * in the repository. Throws when neither holds a migration.
 *
 * @example
 * findPostgresSqlDirectory(); // '/app/node_modules/@levity/postgres/sql'
 */
export function findPostgresSqlDirectory(from: string | URL = import.meta.url): string {
  const candidates = ['../sql/', '../../../sql/postgres/'].map((relative) =>
    fileURLToPath(new URL(relative, from)),
  );
  for (const directory of candidates) {
    if (existsSync(directory) && readdirSync(directory).some((file) => file.endsWith('.up.sql')))
      return directory;
  }
  throw new PostgresStorageError(
    `Cannot find Levity's PostgreSQL migrations; looked in ${candidates.map((path) => `"${path}"`).join(' and ')}`,
  );
}

/**
 * Reads migrations from SQL files named `NNN_name.up.sql` and `NNN_name.down.sql`
 * (the down file is optional), for Kysely's `Migrator`. Each file runs as one
 * multi-statement query (PostgreSQL's simple query protocol, which a query without
 * parameters uses), so dollar-quoted function bodies need no splitting. The Migrator runs
 * a whole migration run in one transaction, under an advisory lock: nodes starting
 * together apply each migration once.
 *
 * @example
 * const migrator = new Migrator({ db, provider: new PostgresMigrationProvider() });
 * await migrator.migrateToLatest();
 */
export class PostgresMigrationProvider implements MigrationProvider {
  readonly #directory: string | undefined;

  /** `directory` defaults to {@link findPostgresSqlDirectory}'s answer. */
  constructor(options: { directory?: string } = {}) {
    this.#directory = options.directory;
  }

  async getMigrations(): Promise<Record<string, Migration>> {
    const directory = this.#directory ?? findPostgresSqlDirectory();
    const files = (await readdir(directory)).filter((file) => file.endsWith('.sql')).sort();
    const found = new Map<string, { up?: string; down?: string }>();
    for (const file of files) {
      const match = MIGRATION_FILE.exec(file);
      if (!match) {
        throw new PostgresStorageError(
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
        throw new PostgresStorageError(`Migration "${name}" in "${directory}" has no .up.sql file`);
      migrations[name] = {
        up: (db) =>
          sql
            .raw(up)
            .execute(db)
            .then(() => undefined),
        ...(down === undefined
          ? {}
          : {
              down: (db) =>
                sql
                  .raw(down)
                  .execute(db)
                  .then(() => undefined),
            }),
      };
    }
    return migrations;
  }
}

/** Anything that logs like pino; `PostgresStorage` and {@link migrateToLatest} use these. */
export interface PostgresStorageLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/**
 * Applies every pending PostgreSQL migration (by default those of
 * {@link findPostgresSqlDirectory}) with Kysely's `Migrator`, and returns the names it
 * applied. Running it again is a no-op.
 *
 * @example
 * const applied = await migrateToLatest(db); // ['001_initial', …] the first time, then []
 */
export async function migrateToLatest(
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's Migrator takes a database of any schema.
  db: Kysely<any>,
  options: { provider?: MigrationProvider; logger?: PostgresStorageLogger } = {},
): Promise<string[]> {
  const migrator = new Migrator({ db, provider: options.provider ?? new PostgresMigrationProvider() });
  let outcome: { error?: unknown; results?: MigrationResult[] };
  try {
    outcome = await migrator.migrateToLatest();
  } catch (cause) {
    throw new PostgresStorageError('PostgreSQL storage failed to read or apply its migrations', { cause });
  }
  const { error, results = [] } = outcome;
  const failed = results.find((result) => result.status === 'Error');
  if (error !== undefined || failed) {
    const which = failed ? `migration "${failed.migrationName}"` : 'its migrations';
    throw new PostgresStorageError(`PostgreSQL storage failed to apply ${which}`, { cause: error });
  }
  const applied = results
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
  for (const name of applied) options.logger?.info({ migration: name }, 'Applied PostgreSQL migration');
  return applied;
}
