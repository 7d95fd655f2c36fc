import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { migrateToLatest as migrateSqlite, SqliteDriver } from '@levity/sqlite';
import { Kysely, Migrator, NO_MIGRATIONS, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pgTestServer } from '../test/support/pg-test-server.js';
import { createTestDatabase, type TestDatabase } from '../test/support/test-database.js';
import { PostgresStorageError } from './errors.js';
import { findPostgresSqlDirectory, migrateToLatest, PostgresMigrationProvider } from './migrations.js';
import { createPostgresPool } from './pool.js';

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
const server = pgTestServer();

describe.skipIf(server.url === null)('PostgreSQL migrations', () => {
  let database: TestDatabase;
  let db: Kysely<unknown>;

  beforeAll(async () => {
    database = await createTestDatabase('migrations');
  });

  afterAll(async () => {
    await database?.drop();
  });

  beforeEach(async () => {
    db = new Kysely({
      dialect: new PostgresDialect({ pool: createPostgresPool({ connectionString: database.url }) }),
    });
    await sql`drop schema public cascade; create schema public`.execute(db);
  });

  afterEach(async () => {
    await db.destroy();
  });

  const migrateTo = async (name: string | typeof NO_MIGRATIONS) => {
    const { error, results } = await new Migrator({
      db,
      provider: new PostgresMigrationProvider(),
    }).migrateTo(name);
    expect(error).toBeUndefined();
    expect(results?.every((result) => result.status === 'Success')).toBe(true);
  };

  it('applies every migration once, and nothing when run again', async () => {
    expect(await migrateToLatest(db)).toStrictEqual(MIGRATIONS);
    expect(await migrateToLatest(db)).toStrictEqual([]);
  });

  it("has SQLite's tables and columns, by the same names, besides its own tables for several nodes", async () => {
    await migrateToLatest(db);
    const sqlite = new Kysely<unknown>({
      dialect: new SqliteDialect({ database: new SqliteDriver(':memory:') }),
    });
    try {
      await migrateSqlite(sqlite);
      const { rows: expected } = await sql<{ name: string; column: string }>`
        select m.name, p.name as "column" from sqlite_master m, pragma_table_info(m.name) p
        where m.type = 'table' and m.name not like 'sqlite_%' and m.name not like 'kysely_%'
        order by m.name, p.name`.execute(sqlite);
      // Several nodes share PostgreSQL only (009_cluster): these tables have no SQLite twin.
      const shared = (await columns()).filter((column) => !column.startsWith('cluster_'));
      expect(shared).toStrictEqual(expected.map((row) => `${row.name}.${row.column}`));
      expect((await columns()).filter((column) => column.startsWith('cluster_')).length).toBeGreaterThan(0);
    } finally {
      await sqlite.destroy();
    }
  });

  it.each(MIGRATIONS.map((name, index) => [name, index]))(
    'reverts %s to the schema before it exactly, keeping the rows of earlier tables',
    async (name, index) => {
      const previous = MIGRATIONS[Number(index) - 1] ?? NO_MIGRATIONS;
      await migrateTo(previous);
      if (previous !== NO_MIGRATIONS) {
        await sql`insert into cp (id, created_at, updated_at) values ('CP001', now(), now())`.execute(db);
        await sql`insert into tx (charge_point_id, connector_id, id_tag, id_tag_status, meter_start, started_at, created_at)
          values ('CP001', 1, 'TAG', 'Accepted', 10, now(), now())`.execute(db);
      }
      const before = await schema();
      const rowsBefore = previous === NO_MIGRATIONS ? [] : await rows();
      await migrateTo(String(name));
      expect(await schema()).not.toStrictEqual(before);
      await migrateTo(previous);
      expect(await schema()).toStrictEqual(before);
      expect(previous === NO_MIGRATIONS ? [] : await rows()).toStrictEqual(rowsBefore);
      // And up again, as a fresh database would be.
      await migrateTo(String(name));
    },
  );

  it('compares id tags and configuration keys by ASCII letters only, whatever the database locale', async () => {
    await migrateToLatest(db);
    const { rows } = await sql<{ folded: string }>`select levity_nocase('AbC-Ä-é-Z_') as folded`.execute(db);
    expect(rows).toStrictEqual([{ folded: 'abc-Ä-é-z_' }]);
    await sql`insert into id_tag (id_tag, status, created_at, updated_at) values ('TAG-1', 'Accepted', now(), now())`.execute(
      db,
    );
    await expect(
      sql`insert into id_tag (id_tag, status, created_at, updated_at) values ('tag-1', 'Accepted', now(), now())`.execute(
        db,
      ),
    ).rejects.toThrow(/duplicate key value violates unique constraint "id_tag_key_idx"/);
  });

  it('stores credentials for any id and refusals, and checks the profiles', async () => {
    await migrateToLatest(db);
    await sql`insert into cp_security (charge_point_id, security_profile, password_hash, updated_at)
      values ('CP001', 2, 'scrypt$ln=15,r=8,p=1$c2FsdA$aGFzaA', now()), ('never:seen', 3, null, now())`.execute(
      db,
    );
    await sql`insert into connection_refusal (charge_point_id, reason, required_profile, remote_address, detail, received_at)
      values ('never:seen', 'InvalidCredentials', 1, '192.0.2.1', 'wrong password', now())`.execute(db);
    await expect(
      sql`insert into cp_security (charge_point_id, security_profile, updated_at) values ('CP002', 4, now())`.execute(
        db,
      ),
    ).rejects.toThrow(/violates check constraint "cp_security_security_profile_check"/);
    await expect(
      sql`insert into connection_refusal (charge_point_id, reason, required_profile, received_at)
        values ('CP002', 'TlsRequired', -1, now())`.execute(db),
    ).rejects.toThrow(/violates check constraint "connection_refusal_required_profile_check"/);
  });

  it('refuses a second API token of the same name in any ASCII case, and a hash that is not 64 characters', async () => {
    await migrateToLatest(db);
    const insert = (name: string, hash = 'a'.repeat(64)) =>
      sql`insert into api_token (name, role, secret_hash, created_at) values (${name}, 'read', ${hash}, now())`.execute(
        db,
      );
    await insert('Grafana-Ä');
    await expect(insert('GRAFANA-Ä')).rejects.toThrow(
      /duplicate key value violates unique constraint "api_token_name_idx"/,
    );
    // Only ASCII letters fold, as SQLite's NOCASE: 'ä' is another name than 'Ä'.
    await insert('grafana-ä');
    await expect(insert('short', 'abc')).rejects.toThrow(
      /violates check constraint "api_token_secret_hash_check"/,
    );
  });

  it('keeps the command log through 005_api_tokens and back, with no actor before it', async () => {
    await migrateTo('003_commands');
    await sql`insert into command (charge_point_id, action, params, requested_at, status, response, completed_at)
      values ('CP001', 'Reset', '{"type":"Soft"}', now(), 'Answered', '{"status":"Accepted"}', now()),
             ('CP001', 'ClearCache', '{}', now(), 'Pending', null, null)`.execute(db);
    const commands = async () => (await sql`select * from command order by id`.execute(db)).rows;
    const before = await commands();

    await migrateTo('005_api_tokens');
    expect(await commands()).toStrictEqual(before.map((row) => ({ ...(row as object), actor: null })));
    await sql`update command set actor = 'token:grafana'`.execute(db);
    await migrateTo('003_commands');

    expect(await commands()).toStrictEqual(before);
  });

  it('keeps the jobs through 007_job_details and back, with no details before it', async () => {
    await migrateTo('006_engine');
    await sql`insert into cp_job (charge_point_id, kind, command_id, request_id, status, finished, created_at, updated_at)
      values ('CP001', 'Firmware', 1, null, 'Installed', true, now(), now()),
             ('CP001', 'Log', 2, 7, 'Requested', false, now(), now())`.execute(db);
    const jobs = async () => (await sql`select * from cp_job order by id`.execute(db)).rows;
    const before = await jobs();
    const none = {
      location: null,
      retrieve_date: null,
      install_date: null,
      start_time: null,
      stop_time: null,
      retries: null,
      retry_interval: null,
    };

    await migrateTo('007_job_details');
    expect(await jobs()).toStrictEqual(before.map((row) => ({ ...(row as object), ...none })));
    await sql`update cp_job set location = 'https://fw/1.bin', retrieve_date = now(), retries = 3`.execute(
      db,
    );
    await migrateTo('006_engine');

    expect(await jobs()).toStrictEqual(before);
  });

  it('applies a failing migration not at all', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'levity-pg-migrations-'));
    try {
      await writeFile(join(directory, '001_first.up.sql'), 'CREATE TABLE a (x text);');
      await writeFile(
        join(directory, '002_broken.up.sql'),
        'CREATE TABLE b (x text); INSERT INTO missing VALUES (1);',
      );
      const provider = new PostgresMigrationProvider({ directory });
      const failure = await migrateToLatest(db, { provider }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PostgresStorageError);
      expect((failure as Error).message).toBe('PostgreSQL storage failed to apply migration "002_broken"');
      expect(await columns()).toStrictEqual([]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  /** `table.column` of every Levity table, in order. */
  async function columns(): Promise<string[]> {
    const { rows } = await sql<{ name: string }>`
      select table_name || '.' || column_name as name from information_schema.columns
      where table_schema = current_schema() and table_name not like 'kysely_%'
      order by table_name, column_name`.execute(db);
    return rows.map((row) => row.name);
  }

  /** Every table's columns (type, nullability, default, collation, identity), index, constraint and function. */
  async function schema(): Promise<Record<string, unknown[]>> {
    const query = async (text: string) => (await sql.raw<Record<string, unknown>>(text).execute(db)).rows;
    return {
      columns: await query(`select table_name, column_name, ordinal_position, data_type, is_nullable,
          column_default, collation_name, is_identity, identity_generation
        from information_schema.columns where table_schema = current_schema() and table_name not like 'kysely_%'
        order by table_name, ordinal_position`),
      indexes: await query(`select tablename, indexname, indexdef from pg_indexes
        where schemaname = current_schema() and tablename not like 'kysely_%' order by indexname`),
      constraints:
        await query(`select conrelid::regclass::text as table_name, conname, pg_get_constraintdef(oid) as definition
        from pg_constraint where connamespace = current_schema()::regnamespace
          and conrelid::regclass::text not like 'kysely_%' order by conname`),
      functions: await query(`select proname, pg_get_functiondef(oid) as definition from pg_proc
        where pronamespace = current_schema()::regnamespace order by proname`),
      sequences: await query(
        `select sequencename from pg_sequences where schemaname = current_schema() order by 1`,
      ),
    };
  }

  async function rows(): Promise<unknown[]> {
    const { rows } =
      await sql`select cp.*, tx.* from cp join tx on tx.charge_point_id = cp.id order by tx.id`.execute(db);
    return rows;
  }
});

describe('findPostgresSqlDirectory', () => {
  let temporary: string;

  beforeEach(async () => {
    temporary = await mkdtemp(join(tmpdir(), 'levity-pg-sql-'));
  });

  afterEach(async () => {
    await rm(temporary, { recursive: true, force: true });
  });

  it('finds sql/ next to dist/ in an installed package', async () => {
    const packageRoot = join(temporary, 'node_modules', '@levity', 'postgres');
    await mkdir(join(packageRoot, 'sql'), { recursive: true });
    await writeFile(join(packageRoot, 'sql', '001_initial.up.sql'), 'SELECT 1;');
    const from = pathToFileURL(join(packageRoot, 'dist', 'index.js'));
    expect(findPostgresSqlDirectory(from)).toBe(`${join(packageRoot, 'sql')}/`);
  });

  it('falls back to sql/postgres/ at the root of the monorepo', async () => {
    await mkdir(join(temporary, 'sql', 'postgres'), { recursive: true });
    await writeFile(join(temporary, 'sql', 'postgres', '001_initial.up.sql'), 'SELECT 1;');
    const from = pathToFileURL(join(temporary, 'packages', 'postgres', 'dist', 'index.js'));
    expect(findPostgresSqlDirectory(from)).toBe(`${join(temporary, 'sql', 'postgres')}/`);
  });

  it('says where it looked when there are no migrations', () => {
    const from = pathToFileURL(join(temporary, 'packages', 'postgres', 'dist', 'index.js'));
    expect(() => findPostgresSqlDirectory(from)).toThrow(
      /Cannot find Levity's PostgreSQL migrations; looked in/,
    );
  });

  it("finds this package's migrations from its source", () => {
    expect(findPostgresSqlDirectory()).toMatch(/sql\/(postgres\/)?$/);
  });
});
