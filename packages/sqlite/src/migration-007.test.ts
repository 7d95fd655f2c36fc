import { Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LevitySqliteDialect } from './dialect.js';
import { SqliteDriver } from './engine/driver.js';
import { migrateTo, rowsOf, schemaOf, seed001, seed002, TABLES_002 } from './migration-fixtures.js';
import { migrateToLatest } from './migrations.js';

const TABLES_006 = { ...TABLES_002, command: 'id', cp_job: 'id' };

let db: Kysely<unknown>;

beforeEach(async () => {
  db = new Kysely({ dialect: new LevitySqliteDialect(new SqliteDriver(':memory:')) });
  await sql`pragma foreign_keys = ON`.execute(db);
});

afterEach(async () => {
  await db.destroy();
});

/** A database at 006 with a finished firmware job and an open log job. */
async function seed006(): Promise<void> {
  await migrateTo(db, '002_operations');
  await seed001(db);
  await seed002(db);
  await migrateTo(db, '006_engine');
  await sql`insert into command (charge_point_id, action, params, requested_at, status)
    values ('CP001', 'UpdateFirmware', '{"location":"https://fw/1.bin","retrieveDate":"t1"}', 't1', 'Answered')`.execute(
    db,
  );
  await sql`insert into cp_job (charge_point_id, kind, command_id, request_id, status, file_name, finished,
      created_at, updated_at)
    values ('CP001', 'Firmware', 1, null, 'Installed', null, 1, 't1', 't2'),
           ('CP001', 'Log', 2, 7, 'Requested', 'x.log', 0, 't3', 't3')`.execute(db);
}

const NO_DETAILS = {
  location: null,
  retrieve_date: null,
  install_date: null,
  start_time: null,
  stop_time: null,
  retries: null,
  retry_interval: null,
};

describe('007_job_details', () => {
  it('adds the request details to a 006 database as null, keeping every row', async () => {
    await seed006();
    const before = await rowsOf(db, TABLES_006);

    // To 007 only: 009 adds command.node_id, which changes other rows' shape.
    await migrateTo(db, '007_job_details');

    const after = await rowsOf(db, TABLES_006);
    expect(after).toStrictEqual({
      ...before,
      cp_job: (before.cp_job ?? []).map((row) => ({ ...row, ...NO_DETAILS })),
    });
  });

  it('reverts to the 006 schema exactly, keeping every row', async () => {
    await seed006();
    const schema006 = await schemaOf(db);
    const before = await rowsOf(db, TABLES_006);
    await migrateTo(db, '007_job_details');
    await sql`update cp_job set location = 'https://fw/1.bin', retries = 3, retry_interval = 60`.execute(db);

    await migrateTo(db, '006_engine');

    expect(await schemaOf(db)).toStrictEqual(schema006);
    expect(await rowsOf(db, TABLES_006)).toStrictEqual(before);
    expect(await migrateToLatest(db)).toStrictEqual(['007_job_details', '009_cluster']);
  });
});
