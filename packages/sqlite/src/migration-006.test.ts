import { Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LevitySqliteDialect } from './dialect.js';
import { SqliteDriver } from './engine/driver.js';
import { migrateTo, rowsOf, schemaOf, seed001, seed002, TABLES_002 } from './migration-fixtures.js';
import { migrateToLatest } from './migrations.js';

const TABLES_003 = {
  ...TABLES_002,
  command: 'id',
  cp_config: 'charge_point_id, key',
  reservation: 'id',
};

let db: Kysely<unknown>;

beforeEach(async () => {
  db = new Kysely({ dialect: new LevitySqliteDialect(new SqliteDriver(':memory:')) });
  await sql`pragma foreign_keys = ON`.execute(db);
});

afterEach(async () => {
  await db.destroy();
});

async function seed003(): Promise<void> {
  await sql`insert into command (charge_point_id, action, params, requested_at, status)
    values ('CP001', 'RemoteStartTransaction', '{"idTag":"ABC"}', 't1', 'Pending')`.execute(db);
  await sql`insert into cp_config (charge_point_id, key, value, readonly, unknown, reboot_required, updated_at)
    values ('CP001', 'HeartbeatInterval', '60', 0, 0, 1, 't1')`.execute(db);
  await sql`insert into reservation (charge_point_id, connector_id, id_tag, expiry_date, status, created_at,
      updated_at)
    values ('CP001', 1, 'ABC', 't9', 'Accepted', 't1', 't1')`.execute(db);
}

async function indexesOf(table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select name from sqlite_master where type = 'index' and tbl_name = ${table} order by name`.execute(db);
  return rows.map((row) => row.name);
}

describe('006_engine', () => {
  it('adds its indexes to a 005 database and keeps every row', async () => {
    await migrateTo(db, '003_commands');
    await seed001(db);
    await seed002(db);
    await seed003();
    await migrateTo(db, '005_api_tokens');
    const before = await rowsOf(db, TABLES_003);

    // To 006 only: later migrations (007 and 009 add columns to cp_job and command) change these rows' shape.
    await migrateTo(db, '006_engine');

    expect(await rowsOf(db, TABLES_003)).toStrictEqual(before);
    expect(await indexesOf('tx')).toEqual(expect.arrayContaining(['tx_charge_point_idx', 'tx_open_idx']));
    expect(await indexesOf('command')).toContain('command_charge_point_action_idx');
  });

  it('reverts to the 005 schema exactly, keeping every row', async () => {
    await migrateTo(db, '003_commands');
    await seed001(db);
    await seed002(db);
    await seed003();
    await migrateTo(db, '005_api_tokens');
    const schema005 = await schemaOf(db);
    const before = await rowsOf(db, TABLES_003);
    await migrateTo(db, '006_engine');

    await migrateTo(db, '005_api_tokens');

    expect(await schemaOf(db)).toStrictEqual(schema005);
    expect(await rowsOf(db, TABLES_003)).toStrictEqual(before);
    expect(await migrateToLatest(db)).toStrictEqual(['006_engine', '007_job_details', '009_cluster']);
  });
});
