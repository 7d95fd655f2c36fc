import { Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LevitySqliteDialect } from './dialect.js';
import { SqliteDriver } from './engine/driver.js';
import { migrateTo, rowsOf, schemaOf, seed001, seed002, TABLES_002 } from './migration-fixtures.js';
import { migrateToLatest } from './migrations.js';

let db: Kysely<unknown>;

/** Every table up to 003_commands with the columns that identify and order its rows. */
const TABLES_003 = {
  ...TABLES_002,
  command: 'id',
  cp_config: 'charge_point_id, key',
  local_list: 'charge_point_id',
  local_list_entry: 'charge_point_id, id_tag',
  reservation: 'id',
  charging_profile: 'charge_point_id, charging_profile_id',
  cp_job: 'id',
};

beforeEach(async () => {
  db = new Kysely({ dialect: new LevitySqliteDialect(new SqliteDriver(':memory:')) });
  await sql`pragma foreign_keys = ON`.execute(db);
});

afterEach(async () => {
  await db.destroy();
});

async function seed003(): Promise<void> {
  await sql`insert into command (charge_point_id, action, params, requested_at, status)
    values ('CP001', 'Reset', '{"type":"Soft"}', 't1', 'Pending')`.execute(db);
  await sql`insert into cp_config (charge_point_id, key, value, readonly, unknown, reboot_required, updated_at)
    values ('CP001', 'HeartbeatInterval', '60', 0, 0, 0, 't1')`.execute(db);
}

async function seed004(): Promise<void> {
  await sql`insert into cp_security (charge_point_id, security_profile, password_hash, updated_at)
    values ('CP001', 2, 'scrypt$ln=15,r=8,p=1$c2FsdA$aGFzaA', 't1'), ('never:seen', 3, null, 't2')`.execute(
    db,
  );
  await sql`insert into connection_refusal (charge_point_id, reason, required_profile, remote_address, detail,
      received_at)
    values ('CP001', 'InvalidCredentials', 1, '192.0.2.1', 'wrong password', 't3')`.execute(db);
}

describe('004_security', () => {
  it('keeps every row of a 003 database', async () => {
    await migrateTo(db, '003_commands');
    await seed001(db);
    await seed002(db);
    await seed003();
    const before = await rowsOf(db, TABLES_003);

    await migrateTo(db, '004_security');

    expect(await rowsOf(db, TABLES_003)).toStrictEqual(before);
  });

  it('stores credentials for any id and refusals, and checks the profiles', async () => {
    await migrateToLatest(db);
    await seed004();
    const { rows } = await sql<{ n: number }>`
      select (select count(*) from cp_security) + (select count(*) from connection_refusal) as n`.execute(db);
    expect(rows).toStrictEqual([{ n: 3 }]);
    await expect(
      sql`insert into cp_security (charge_point_id, security_profile, updated_at) values ('CP002', 4, 't')`.execute(
        db,
      ),
    ).rejects.toThrow(/CHECK constraint failed/);
    await expect(
      sql`insert into connection_refusal (charge_point_id, reason, required_profile, received_at)
        values ('CP002', 'TlsRequired', 'two', 't')`.execute(db),
    ).rejects.toThrow(/cannot store TEXT value in INTEGER column/);
  });

  it('reverts to the 003 schema exactly, keeping every row', async () => {
    await migrateTo(db, '003_commands');
    const schema003 = await schemaOf(db);
    await seed001(db);
    await seed002(db);
    await seed003();
    const before = await rowsOf(db, TABLES_003);
    const sequences = (await sql`select * from sqlite_sequence order by name`.execute(db)).rows;
    await migrateTo(db, '004_security');
    await seed004();

    await migrateTo(db, '003_commands');

    expect(await schemaOf(db)).toStrictEqual(schema003);
    expect(await rowsOf(db, TABLES_003)).toStrictEqual(before);
    expect((await sql`select * from sqlite_sequence order by name`.execute(db)).rows).toStrictEqual(
      sequences,
    );
  });
});
