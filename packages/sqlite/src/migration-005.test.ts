import { Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LevitySqliteDialect } from './dialect.js';
import { SqliteDriver } from './engine/driver.js';
import { migrateTo, rowsOf, schemaOf, seed001, seed002, TABLES_002 } from './migration-fixtures.js';

let db: Kysely<unknown>;

/** The tables up to 003 whose rows 005 must keep: 002's and the command log it alters. */
const TABLES = { ...TABLES_002, command: 'id' };

beforeEach(async () => {
  db = new Kysely({ dialect: new LevitySqliteDialect(new SqliteDriver(':memory:')) });
  // As SqliteStorage opens a database.
  await sql`pragma foreign_keys = ON`.execute(db);
});

afterEach(async () => {
  await db.destroy();
});

/** A 003 database with rows in every table up to 002 and in the command log. */
async function seed003(): Promise<void> {
  await seed001(db);
  await seed002(db);
  await sql`insert into command (charge_point_id, action, params, requested_at, status, response, error_code,
      error_description, completed_at)
    values ('CP001', 'Reset', '{"type":"Soft"}', 't1', 'Answered', '{"status":"Accepted"}', null, null, 't2'),
           ('CP001', 'ClearCache', '{}', 't3', 'CallError', null, 'NotImplemented', 'no', 't4')`.execute(db);
}

/** Rows in every table and column 005 adds. */
async function seed005(): Promise<void> {
  await sql`insert into api_token (name, role, secret_hash, created_at, last_used_at, revoked_at)
    values ('grafana', 'read', ${'a'.repeat(64)}, 't1', 't2', null),
           ('old', 'admin', ${'b'.repeat(64)}, 't1', null, 't3')`.execute(db);
  await sql`update command set actor = 'token:grafana' where id = 1`.execute(db);
}

describe('005_api_tokens', () => {
  it('keeps every row of a 003 database, with no actor on the commands', async () => {
    await migrateTo(db, '003_commands');
    await seed003();
    const before = await rowsOf(db, TABLES);

    await migrateTo(db, '005_api_tokens');

    expect(await rowsOf(db, TABLES)).toStrictEqual({
      ...before,
      command: before.command?.map((row) => ({ ...row, actor: null })),
    });
    const { rows } = await sql`pragma foreign_key_check`.execute(db);
    expect(rows).toStrictEqual([]);
  });

  it('stores tokens and actors, and refuses a second token of the same name in any case', async () => {
    await migrateTo(db, '005_api_tokens');
    await seed003();
    await seed005();
    const { rows } = await sql<{ id: number; name: string; actor: string | null }>`
      select api_token.id, api_token.name, command.actor from api_token
      left join command on command.actor = 'token:' || api_token.name order by api_token.id`.execute(db);
    expect(rows).toStrictEqual([
      { id: 1, name: 'grafana', actor: 'token:grafana' },
      { id: 2, name: 'old', actor: null },
    ]);
    await expect(
      sql`insert into api_token (name, role, secret_hash, created_at)
        values ('GRAFANA', 'read', ${'c'.repeat(64)}, 't')`.execute(db),
    ).rejects.toThrow(/UNIQUE constraint failed/);
  });

  it('refuses a hash that is not 64 characters and values of the wrong type', async () => {
    await migrateTo(db, '005_api_tokens');
    await expect(
      sql`insert into api_token (name, role, secret_hash, created_at) values ('a', 'read', 'short', 't')`.execute(
        db,
      ),
    ).rejects.toThrow(/CHECK constraint failed/);
    await expect(
      sql`insert into api_token (name, role, secret_hash, created_at) values ('a', 'read', ${'a'.repeat(64)}, x'00')`.execute(
        db,
      ),
    ).rejects.toThrow(/cannot store BLOB value in TEXT column/);
    const { rows } = await sql`select * from api_token`.execute(db);
    expect(rows).toStrictEqual([]);
  });

  it('never reuses a token id, even after the newest row is deleted', async () => {
    await migrateTo(db, '005_api_tokens');
    const insert = (name: string) =>
      sql<{ id: number }>`insert into api_token (name, role, secret_hash, created_at)
        values (${name}, 'read', ${'a'.repeat(64)}, 't') returning id`.execute(db);
    const first = (await insert('a')).rows[0]?.id;
    await sql`delete from api_token`.execute(db);
    const second = (await insert('b')).rows[0]?.id;
    expect([first, second]).toStrictEqual([1, 2]);
  });

  it('reverts to the 003 schema exactly, keeping every row', async () => {
    await migrateTo(db, '003_commands');
    const schema003 = await schemaOf(db);
    await seed003();
    const before = await rowsOf(db, TABLES);
    const sequences = (await sql`select * from sqlite_sequence order by name`.execute(db)).rows;
    await migrateTo(db, '005_api_tokens');
    // Values in what the down migration drops go with it.
    await seed005();

    await migrateTo(db, '003_commands');

    expect(await schemaOf(db)).toStrictEqual(schema003);
    expect(await rowsOf(db, TABLES)).toStrictEqual(before);
    expect((await sql`select * from sqlite_sequence order by name`.execute(db)).rows).toStrictEqual(
      sequences,
    );
  });

  it('applies again after a down, to the same schema as a fresh database', async () => {
    await migrateTo(db, '005_api_tokens');
    const fresh = await schemaOf(db);
    await migrateTo(db, '003_commands');
    await seed003();
    const before = await rowsOf(db, TABLES);

    await migrateTo(db, '005_api_tokens');
    await migrateTo(db, '003_commands');
    await migrateTo(db, '005_api_tokens');

    expect(await schemaOf(db)).toStrictEqual(fresh);
    expect(await rowsOf(db, TABLES)).toStrictEqual({
      ...before,
      command: before.command?.map((row) => ({ ...row, actor: null })),
    });
  });
});
