import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, NO_MIGRATIONS, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LevitySqliteDialect } from './dialect.js';
import { SqliteStorageError } from './errors.js';
import { findSqlDirectory, migrateToLatest, SqlFileMigrationProvider } from './migrations.js';

const TABLES = ['cp', 'cp_conn', 'cp_err', 'meter_val', 'tx'];
const INDEXES = [
  'cp_err_charge_point_idx',
  'meter_val_charge_point_idx',
  'meter_val_transaction_idx',
  'tx_active_idx',
  'tx_id_tag_idx',
  'tx_start_key_idx',
];

let db: Kysely<unknown>;
let temporary: string;

beforeEach(async () => {
  db = new Kysely({ dialect: new LevitySqliteDialect(new BetterSqlite3(':memory:')) });
  temporary = await mkdtemp(join(tmpdir(), 'levity-migrations-'));
});

afterEach(async () => {
  await db.destroy();
  await rm(temporary, { recursive: true, force: true });
});

/** Levity's own tables and indexes (SQLite's and Kysely's bookkeeping left out). */
async function schemaObjects(type: 'table' | 'index'): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select name from sqlite_master
    where type = ${type} and name not like 'sqlite_%' and name not like 'kysely_%'
    order by name`.execute(db);
  return rows.map((row) => row.name);
}

async function writeFiles(directory: string, files: Record<string, string>): Promise<string> {
  await mkdir(directory, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(directory, name), text);
  return directory;
}

describe('migrateToLatest', () => {
  it('creates every table and index', async () => {
    expect(await migrateToLatest(db)).toStrictEqual(['001_initial']);
    expect(await schemaObjects('table')).toStrictEqual(TABLES);
    expect(await schemaObjects('index')).toStrictEqual(INDEXES);
  });

  it('deletes the connectors of a deleted charge point, and refuses orphan connectors', async () => {
    await migrateToLatest(db);
    await sql`pragma foreign_keys = ON`.execute(db);
    await sql`insert into cp (id, created_at, updated_at) values ('CP001', 'a', 'a')`.execute(db);
    await sql`insert into cp_conn (charge_point_id, connector_id, status, error_code, received_at)
      values ('CP001', 1, 'Available', 'NoError', 'a')`.execute(db);
    await expect(
      sql`insert into cp_conn (charge_point_id, connector_id, status, error_code, received_at)
        values ('CP404', 1, 'Available', 'NoError', 'a')`.execute(db),
    ).rejects.toThrow(/FOREIGN KEY constraint failed/);
    await sql`delete from cp where id = 'CP001'`.execute(db);
    const { rows } = await sql`select * from cp_conn`.execute(db);
    expect(rows).toStrictEqual([]);
  });

  it('does nothing when run again', async () => {
    await migrateToLatest(db);
    await sql`insert into cp (id, created_at, updated_at) values ('CP001', 'a', 'b')`.execute(db);
    expect(await migrateToLatest(db)).toStrictEqual([]);
    const { rows } = await sql<{ id: string }>`select id from cp`.execute(db);
    expect(rows).toStrictEqual([{ id: 'CP001' }]);
  });

  it('reverts to an empty schema through the down migrations', async () => {
    await migrateToLatest(db);
    const { error, results } = await new Migrator({ db, provider: new SqlFileMigrationProvider() }).migrateTo(
      NO_MIGRATIONS,
    );
    expect(error).toBeUndefined();
    expect(results?.map((result) => [result.migrationName, result.direction, result.status])).toStrictEqual([
      ['001_initial', 'Down', 'Success'],
    ]);
    expect(await schemaObjects('table')).toStrictEqual([]);
    expect(await schemaObjects('index')).toStrictEqual([]);
    expect(await migrateToLatest(db)).toStrictEqual(['001_initial']);
  });

  it('applies a failing migration not at all', async () => {
    const directory = await writeFiles(join(temporary, 'sql'), {
      '001_first.up.sql': 'CREATE TABLE a (x TEXT);',
      '002_broken.up.sql': 'CREATE TABLE b (x TEXT); INSERT INTO missing VALUES (1);',
    });
    const provider = new SqlFileMigrationProvider({ directory });
    const failure = await migrateToLatest(db, { provider }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SqliteStorageError);
    expect((failure as SqliteStorageError).message).toBe(
      'SQLite storage failed to apply migration "002_broken"',
    );
    expect((failure as SqliteStorageError).cause).toBeInstanceOf(Error);
    expect(await schemaObjects('table')).toStrictEqual([]);
  });

  it('keeps a migration all or nothing under a plain Kysely SQLite dialect too', async () => {
    const directory = await writeFiles(join(temporary, 'sql'), {
      '001_broken.up.sql': 'CREATE TABLE a (x TEXT); INSERT INTO missing VALUES (1);',
    });
    const { SqliteDialect } = await import('kysely');
    const plain = new Kysely<unknown>({
      dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }),
    });
    try {
      await expect(
        migrateToLatest(plain, { provider: new SqlFileMigrationProvider({ directory }) }),
      ).rejects.toBeInstanceOf(SqliteStorageError);
      const { rows } = await sql`select name from sqlite_master where name = 'a'`.execute(plain);
      expect(rows).toStrictEqual([]);
    } finally {
      await plain.destroy();
    }
  });
});

describe('SqlFileMigrationProvider', () => {
  it('pairs up and down files by name, in order', async () => {
    const directory = await writeFiles(join(temporary, 'sql'), {
      '002_second.up.sql': 'CREATE TABLE b (x TEXT);',
      '001_first.up.sql':
        "CREATE TABLE a (x TEXT DEFAULT ';');\n-- a comment; with a semicolon\nCREATE INDEX a_x ON a (x);",
      '001_first.down.sql': 'DROP TABLE a;',
    });
    const migrations = await new SqlFileMigrationProvider({ directory }).getMigrations();
    expect(Object.keys(migrations)).toStrictEqual(['001_first', '002_second']);
    expect(migrations['001_first']?.down).toBeTypeOf('function');
    expect(migrations['002_second']?.down).toBeUndefined();

    await migrateToLatest(db, { provider: new SqlFileMigrationProvider({ directory }) });
    expect(await schemaObjects('table')).toStrictEqual(['a', 'b']);
    expect(await schemaObjects('index')).toStrictEqual(['a_x']);
  });

  it('refuses a file that is not named like a migration', async () => {
    const directory = await writeFiles(join(temporary, 'sql'), { '001-first.up.sql': 'SELECT 1;' });
    await expect(new SqlFileMigrationProvider({ directory }).getMigrations()).rejects.toThrow(
      /Unexpected file "001-first.up.sql".*NNN_name.up.sql/,
    );
  });

  it('refuses a down migration without its up migration', async () => {
    const directory = await writeFiles(join(temporary, 'sql'), { '001_first.down.sql': 'SELECT 1;' });
    await expect(new SqlFileMigrationProvider({ directory }).getMigrations()).rejects.toThrow(
      'Migration "001_first" in',
    );
  });
});

describe('findSqlDirectory', () => {
  it('finds sql/ next to dist/ in an installed package', async () => {
    const packageRoot = join(temporary, 'node_modules', '@levity', 'sqlite');
    await writeFiles(join(packageRoot, 'dist'), { 'index.js': '' });
    await writeFiles(join(packageRoot, 'sql'), { '001_initial.up.sql': 'SELECT 1;' });
    expect(findSqlDirectory(pathToFileURL(join(packageRoot, 'dist', 'index.js')))).toBe(
      `${join(packageRoot, 'sql')}/`,
    );
  });

  it('falls back to the sql/ directory at the root of the monorepo', async () => {
    const repo = join(temporary, 'repo');
    await writeFiles(join(repo, 'packages', 'sqlite', 'src'), { 'migrations.ts': '' });
    await writeFiles(join(repo, 'sql'), { '001_initial.up.sql': 'SELECT 1;' });
    expect(findSqlDirectory(pathToFileURL(join(repo, 'packages', 'sqlite', 'src', 'migrations.ts')))).toBe(
      `${join(repo, 'sql')}/`,
    );
  });

  it('prefers the installed copy over the monorepo root', async () => {
    const repo = join(temporary, 'repo');
    await writeFiles(join(repo, 'packages', 'sqlite', 'dist'), { 'index.js': '' });
    await writeFiles(join(repo, 'packages', 'sqlite', 'sql'), { '001_initial.up.sql': 'SELECT 1;' });
    await writeFiles(join(repo, 'sql'), { '001_initial.up.sql': 'SELECT 1;' });
    expect(findSqlDirectory(pathToFileURL(join(repo, 'packages', 'sqlite', 'dist', 'index.js')))).toBe(
      `${join(repo, 'packages', 'sqlite', 'sql')}/`,
    );
  });

  it('says where it looked when there are no migrations', async () => {
    const module = join(temporary, 'a', 'b', 'c', 'index.js');
    expect(() => findSqlDirectory(pathToFileURL(module))).toThrow(
      `Cannot find Levity's SQL migrations; looked in "${join(temporary, 'a', 'b', 'sql')}/" and "${join(temporary, 'sql')}/"`,
    );
  });

  it("finds this package's migrations from its source", () => {
    expect(findSqlDirectory()).toMatch(/\/sql\/$/);
  });
});
