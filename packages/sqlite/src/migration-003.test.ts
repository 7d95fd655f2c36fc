import { Kysely, type RawBuilder, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LevitySqliteDialect } from './dialect.js';
import { SqliteDriver } from './engine/driver.js';
import { migrateTo, rowsOf, schemaOf, seed001, seed002, TABLES_002 } from './migration-fixtures.js';
import { migrateToLatest } from './migrations.js';

let db: Kysely<unknown>;

beforeEach(async () => {
  db = new Kysely({ dialect: new LevitySqliteDialect(new SqliteDriver(':memory:')) });
  // As SqliteStorage opens a database.
  await sql`pragma foreign_keys = ON`.execute(db);
});

afterEach(async () => {
  await db.destroy();
});

/** Rows in every table and column 003 adds. */
async function seed003(): Promise<void> {
  await sql`update tx set remote_start_command_id = 1, remote_stop_command_id = 2 where id = 2`.execute(db);
  await sql`insert into command (charge_point_id, action, params, requested_at, status, response, error_code,
      error_description, completed_at)
    values ('CP001', 'Reset', '{"type":"Soft"}', 't1', 'Answered', '{"status":"Accepted"}', null, null, 't2'),
           ('CP001', 'ClearCache', '{}', 't3', 'CallError', null, 'NotImplemented', 'no', 't4')`.execute(db);
  await sql`insert into cp_config (charge_point_id, key, value, readonly, unknown, reboot_required, updated_at)
    values ('CP001', 'HeartbeatInterval', '60', 0, 0, 1, 't1'),
           ('CP001', 'Vendor', null, null, 1, 0, 't1')`.execute(db);
  await sql`insert into local_list (charge_point_id, version, updated_at) values ('CP001', 3, 't1')`.execute(
    db,
  );
  await sql`insert into local_list_entry (charge_point_id, id_tag, status, expiry_date, parent_id_tag)
    values ('CP001', 'ABC', 'Accepted', 't9', 'FLEET'), ('CP001', 'DEF', 'Blocked', null, null)`.execute(db);
  await sql`insert into reservation (charge_point_id, connector_id, id_tag, parent_id_tag, expiry_date, status,
      transaction_id, created_at, updated_at)
    values ('CP001', 1, 'ABC', 'FLEET', 't9', 'Used', 2, 't1', 't2')`.execute(db);
  await sql`insert into charging_profile (charge_point_id, charging_profile_id, connector_id, stack_level, purpose,
      transaction_id, profile, installed_at)
    values ('CP001', 1, 1, 0, 'TxProfile', 2, '{"chargingProfileId":1}', 't1')`.execute(db);
  await sql`insert into cp_job (charge_point_id, kind, command_id, request_id, status, file_name, finished,
      created_at, updated_at)
    values ('CP001', 'Log', 1, 7, 'Uploaded', 'log.zip', 1, 't1', 't2')`.execute(db);
}

/** Expects `statement` to be refused with a message matching `reason`. */
async function refuses(statement: RawBuilder<unknown>, reason: RegExp): Promise<void> {
  await expect(statement.execute(db)).rejects.toThrow(reason);
}

describe('003_commands', () => {
  it('keeps every row of a 002 database, with the new transaction columns null', async () => {
    await migrateTo(db, '002_operations');
    await seed001(db);
    await seed002(db);
    const before = await rowsOf(db, TABLES_002);
    expect(Object.values(before).every((rows) => rows.length > 0)).toBe(true);

    await migrateTo(db, '003_commands');

    expect(await rowsOf(db, TABLES_002)).toStrictEqual({
      ...before,
      tx: before.tx?.map((row) => ({ ...row, remote_start_command_id: null, remote_stop_command_id: null })),
    });
    const { rows } = await sql`pragma foreign_key_check`.execute(db);
    expect(rows).toStrictEqual([]);
  });

  it('stores a row in every new table and column', async () => {
    await migrateToLatest(db);
    await seed001(db);
    await seed002(db);
    await seed003();
    const counts = await sql<{ n: number }>`
      select (select count(*) from command) + (select count(*) from cp_config) + (select count(*) from local_list)
        + (select count(*) from local_list_entry) + (select count(*) from reservation)
        + (select count(*) from charging_profile) + (select count(*) from cp_job)
        + (select count(*) from tx where remote_start_command_id = 1 and remote_stop_command_id = 2) as n`.execute(
      db,
    );
    expect(counts.rows).toStrictEqual([{ n: 11 }]);
  });

  it('refuses values of the wrong type, booleans other than 0 and 1, unknown job kinds and invalid JSON', async () => {
    await migrateToLatest(db);
    await refuses(
      sql`insert into cp_config (charge_point_id, key, readonly, unknown, reboot_required, updated_at)
        values ('CP001', 'K', 2, 0, 0, 't')`,
      /CHECK constraint failed/,
    );
    await refuses(
      sql`insert into cp_config (charge_point_id, key, unknown, reboot_required, updated_at)
        values ('CP001', 'K', 0, -1, 't')`,
      /CHECK constraint failed/,
    );
    await refuses(
      sql`insert into command (charge_point_id, action, params, requested_at, status)
        values ('CP001', 'Reset', '{"type":', 't', 'Pending')`,
      /CHECK constraint failed/,
    );
    await refuses(
      sql`insert into command (charge_point_id, action, params, requested_at, status, response)
        values ('CP001', 'Reset', '{}', 't', 'Answered', 'not json')`,
      /CHECK constraint failed/,
    );
    await refuses(
      sql`insert into charging_profile (charge_point_id, charging_profile_id, connector_id, stack_level, purpose,
          profile, installed_at)
        values ('CP001', 1, 0, 0, 'TxDefaultProfile', '', 't')`,
      /CHECK constraint failed/,
    );
    await refuses(
      sql`insert into cp_job (charge_point_id, kind, command_id, status, finished, created_at, updated_at)
        values ('CP001', 'Boot', 1, 'Requested', 0, 't', 't')`,
      /CHECK constraint failed/,
    );
    await refuses(
      sql`insert into cp_job (charge_point_id, kind, command_id, status, finished, created_at, updated_at)
        values ('CP001', 'Log', 1, 'Requested', 2, 't', 't')`,
      /CHECK constraint failed/,
    );
    await refuses(
      sql`insert into reservation (charge_point_id, connector_id, id_tag, expiry_date, status, created_at,
          updated_at)
        values ('CP001', -1, 'ABC', 't', 'Requested', 't', 't')`,
      /CHECK constraint failed/,
    );
    await refuses(
      sql`insert into reservation (charge_point_id, connector_id, id_tag, expiry_date, status, created_at,
          updated_at)
        values ('CP001', 'one', 'ABC', 't', 'Requested', 't', 't')`,
      /cannot store TEXT value in INTEGER column/,
    );
    await refuses(
      sql`insert into local_list (charge_point_id, version, updated_at) values ('CP001', 'one', 't')`,
      /cannot store TEXT value in INTEGER column/,
    );
    const { rows } = await sql<{ n: number }>`
      select (select count(*) from cp_config) + (select count(*) from command)
        + (select count(*) from charging_profile) + (select count(*) from cp_job)
        + (select count(*) from reservation) + (select count(*) from local_list) as n`.execute(db);
    expect(rows).toStrictEqual([{ n: 0 }]);
  });

  it('keys configuration and local list entries case-insensitively, charge points exactly', async () => {
    await migrateToLatest(db);
    await sql`insert into cp_config (charge_point_id, key, unknown, reboot_required, updated_at)
      values ('CP001', 'HeartbeatInterval', 0, 0, 't'), ('cp001', 'HEARTBEATINTERVAL', 0, 0, 't')`.execute(
      db,
    );
    await refuses(
      sql`insert into cp_config (charge_point_id, key, unknown, reboot_required, updated_at)
        values ('CP001', 'heartbeatINTERVAL', 0, 0, 't')`,
      /UNIQUE constraint failed/,
    );
    await sql`insert into local_list (charge_point_id, version, updated_at)
      values ('CP001', 1, 't'), ('cp001', 1, 't')`.execute(db);
    await sql`insert into local_list_entry (charge_point_id, id_tag, status)
      values ('CP001', 'AbC', 'Accepted'), ('cp001', 'ABC', 'Accepted')`.execute(db);
    await refuses(
      sql`insert into local_list_entry (charge_point_id, id_tag, status) values ('CP001', 'abc', 'Blocked')`,
      /UNIQUE constraint failed/,
    );
  });

  it('deletes the entries of a deleted local list, and refuses entries without a list', async () => {
    await migrateToLatest(db);
    await sql`insert into local_list (charge_point_id, version, updated_at) values ('CP001', 1, 't')`.execute(
      db,
    );
    await sql`insert into local_list_entry (charge_point_id, id_tag, status)
      values ('CP001', 'A', 'Accepted')`.execute(db);
    await refuses(
      sql`insert into local_list_entry (charge_point_id, id_tag, status) values ('CP404', 'A', 'Accepted')`,
      /FOREIGN KEY constraint failed/,
    );
    await sql`delete from local_list where charge_point_id = 'CP001'`.execute(db);
    const { rows } = await sql`select * from local_list_entry`.execute(db);
    expect(rows).toStrictEqual([]);
  });

  it('never reuses a reservation id, even after the newest row is deleted', async () => {
    await migrateToLatest(db);
    const insert = () =>
      sql<{ id: number }>`insert into reservation (charge_point_id, connector_id, id_tag, expiry_date, status,
          created_at, updated_at)
        values ('CP001', 1, 'ABC', 't', 'Requested', 't', 't') returning id`.execute(db);
    const first = (await insert()).rows[0]?.id;
    await sql`delete from reservation`.execute(db);
    const second = (await insert()).rows[0]?.id;
    expect(first).toBe(1);
    expect(second).toBe(2);
  });

  it('reverts to the 002 schema exactly, keeping every row', async () => {
    await migrateTo(db, '002_operations');
    const schema002 = await schemaOf(db);
    await seed001(db);
    await seed002(db);
    const before = await rowsOf(db, TABLES_002);
    const sequences = (await sql`select * from sqlite_sequence order by name`.execute(db)).rows;
    await migrateToLatest(db);
    // Values in what the down migration drops go with it.
    await seed003();

    await migrateTo(db, '002_operations');

    expect(await schemaOf(db)).toStrictEqual(schema002);
    expect(await rowsOf(db, TABLES_002)).toStrictEqual(before);
    expect((await sql`select * from sqlite_sequence order by name`.execute(db)).rows).toStrictEqual(
      sequences,
    );
    const { rows } = await sql`pragma foreign_key_check`.execute(db);
    expect(rows).toStrictEqual([]);
  });

  it('applies again after a down, to the same schema as a fresh database', async () => {
    await migrateTo(db, '003_commands');
    const fresh = await schemaOf(db);
    await migrateTo(db, '002_operations');
    await seed001(db);
    await seed002(db);
    const before = await rowsOf(db, TABLES_002);

    await migrateTo(db, '003_commands');
    await migrateTo(db, '002_operations');
    await migrateTo(db, '003_commands');

    expect(await schemaOf(db)).toStrictEqual(fresh);
    expect(await rowsOf(db, TABLES_002)).toStrictEqual({
      ...before,
      tx: before.tx?.map((row) => ({ ...row, remote_start_command_id: null, remote_stop_command_id: null })),
    });
  });
});
