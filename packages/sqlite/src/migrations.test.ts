import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kysely, Migrator, NO_MIGRATIONS, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LevitySqliteDialect } from './dialect.js';
import { SqliteDriver } from './engine/driver.js';
import { SqliteStorageError } from './errors.js';
import { migrateTo, rowsOf, schemaOf, seed001, seed002, TABLES_001 } from './migration-fixtures.js';
import { findSqlDirectory, migrateToLatest, SqlFileMigrationProvider } from './migrations.js';

const MIGRATIONS = [
  '001_initial',
  '002_operations',
  '003_commands',
  '004_security',
  '005_api_tokens',
  '006_engine',
  '007_job_details',
  '009_cluster',
];
const TABLES = [
  'api_token',
  'certificate_request',
  'charging_profile',
  'command',
  'connection_refusal',
  'cp',
  'cp_config',
  'cp_conn',
  'cp_err',
  'cp_job',
  'cp_security',
  'data_transfer',
  'id_tag',
  'local_list',
  'local_list_entry',
  'meter_val',
  'reservation',
  'security_event',
  'status_report',
  'tx',
];
const INDEXES = [
  'certificate_request_charge_point_idx',
  'charging_profile_stack_idx',
  'command_action_idx',
  'command_actor_idx',
  'command_charge_point_action_idx',
  'command_charge_point_idx',
  'command_status_idx',
  'connection_refusal_charge_point_idx',
  'cp_err_charge_point_idx',
  'cp_job_charge_point_idx',
  'cp_job_open_idx',
  'data_transfer_charge_point_idx',
  'id_tag_parent_idx',
  'meter_val_charge_point_idx',
  'meter_val_transaction_idx',
  'reservation_charge_point_idx',
  'reservation_status_idx',
  'security_event_charge_point_idx',
  'status_report_charge_point_kind_idx',
  'tx_active_id_tag_idx',
  'tx_active_idx',
  'tx_charge_point_idx',
  'tx_id_tag_idx',
  'tx_open_idx',
  'tx_start_key_idx',
];

let db: Kysely<unknown>;
let temporary: string;

beforeEach(async () => {
  db = new Kysely({ dialect: new LevitySqliteDialect(new SqliteDriver(':memory:')) });
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
    expect(await migrateToLatest(db)).toStrictEqual(MIGRATIONS);
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
      ['009_cluster', 'Down', 'Success'],
      ['007_job_details', 'Down', 'Success'],
      ['006_engine', 'Down', 'Success'],
      ['005_api_tokens', 'Down', 'Success'],
      ['004_security', 'Down', 'Success'],
      ['003_commands', 'Down', 'Success'],
      ['002_operations', 'Down', 'Success'],
      ['001_initial', 'Down', 'Success'],
    ]);
    expect(await schemaObjects('table')).toStrictEqual([]);
    expect(await schemaObjects('index')).toStrictEqual([]);
    expect(await migrateToLatest(db)).toStrictEqual(MIGRATIONS);
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
      dialect: new SqliteDialect({ database: new SqliteDriver(':memory:') }),
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

describe('002_operations', () => {
  beforeEach(async () => {
    // As SqliteStorage opens a database: 002 alters cp, which cp_conn references.
    await sql`pragma foreign_keys = ON`.execute(db);
  });

  it('keeps every row of a 001 database, with the new columns null', async () => {
    await migrateTo(db, '001_initial');
    await seed001(db);
    const before = await rowsOf(db, TABLES_001);
    expect(Object.values(before).every((rows) => rows.length > 0)).toBe(true);

    await migrateTo(db, '002_operations');

    expect(await rowsOf(db, TABLES_001)).toStrictEqual({
      ...before,
      cp: before.cp?.map((row) => ({ ...row, admission: null })),
      tx: before.tx?.map((row) => ({ ...row, attention: null, attention_at: null })),
    });
    const { rows } = await sql`pragma foreign_key_check`.execute(db);
    expect(rows).toStrictEqual([]);
  });

  it('makes every table STRICT and checks the new columns', async () => {
    await migrateToLatest(db);
    await sql`insert into cp (id, admission, created_at, updated_at) values ('CP001', 'Pending', 't', 't')`.execute(
      db,
    );
    await expect(sql`update cp set admission = 'Maybe'`.execute(db)).rejects.toThrow(
      /CHECK constraint failed/,
    );
    await sql`insert into id_tag (id_tag, status, created_at, updated_at) values ('ABC', 'Blocked', 't', 't')`.execute(
      db,
    );
    await expect(
      sql`insert into id_tag (id_tag, status, created_at, updated_at) values ('abc', 'Blocked', 't', 't')`.execute(
        db,
      ),
    ).rejects.toThrow(/UNIQUE constraint failed/);
    await expect(
      sql`insert into id_tag (id_tag, status, created_at, updated_at) values ('DEF', 'ConcurrentTx', 't', 't')`.execute(
        db,
      ),
    ).rejects.toThrow(/CHECK constraint failed/);
    await expect(
      sql`insert into status_report (charge_point_id, kind, status, received_at) values ('CP001', 'Boot', 'Idle', 't')`.execute(
        db,
      ),
    ).rejects.toThrow(/CHECK constraint failed/);
    const { rows } = await sql<{ name: string; strict: number }>`
      select name, strict from pragma_table_list
      where schema = 'main' and name not like 'sqlite_%' and name not like 'kysely_%'
      order by name`.execute(db);
    expect(rows).toStrictEqual(TABLES.map((name) => ({ name, strict: 1 })));
  });

  it('reverts to the 001 schema exactly, keeping every row', async () => {
    await migrateTo(db, '001_initial');
    const schema001 = await schemaOf(db);
    await seed001(db);
    const before = await rowsOf(db, TABLES_001);
    await migrateTo(db, '002_operations');
    // Values in what the down migration drops go with it.
    await seed002(db);

    await migrateTo(db, '001_initial');

    expect(await schemaOf(db)).toStrictEqual(schema001);
    expect(await rowsOf(db, TABLES_001)).toStrictEqual(before);
    const { rows } = await sql`pragma foreign_key_check`.execute(db);
    expect(rows).toStrictEqual([]);
  });

  it('applies again after a down, to the same schema as a fresh database', async () => {
    await migrateTo(db, '002_operations');
    const schema002 = await schemaOf(db);
    await migrateTo(db, '001_initial');
    await seed001(db);
    const before = await rowsOf(db, TABLES_001);

    await migrateTo(db, '002_operations');
    await migrateTo(db, '001_initial');
    await migrateTo(db, '002_operations');

    expect(await schemaOf(db)).toStrictEqual(schema002);
    const after = await rowsOf(db, TABLES_001);
    expect(after.cp?.map(({ admission, ...row }) => [admission, row])).toStrictEqual(
      before.cp?.map((row) => [null, row]),
    );
    expect(after.tx).toStrictEqual(
      before.tx?.map((row) => ({ ...row, attention: null, attention_at: null })),
    );
    expect([after.cp_conn, after.meter_val, after.cp_err]).toStrictEqual([
      before.cp_conn,
      before.meter_val,
      before.cp_err,
    ]);
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

  it("reads past the PostgreSQL migrations in sql/postgres/, as in the repository's sql/", async () => {
    const directory = await writeFiles(join(temporary, 'sql'), {
      '001_first.up.sql': 'CREATE TABLE a (x TEXT);',
    });
    await writeFiles(join(directory, 'postgres'), {
      '001_first.up.sql': 'CREATE TABLE a (x text COLLATE "C");',
    });
    const migrations = await new SqlFileMigrationProvider({ directory }).getMigrations();
    expect(Object.keys(migrations)).toStrictEqual(['001_first']);
    await migrateToLatest(db, { provider: new SqlFileMigrationProvider({ directory }) });
    expect(await schemaObjects('table')).toStrictEqual(['a']);
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
