import type { ApiTokenRepository, IsoTimestamp, NewApiToken, StoredApiToken } from '@levity/core';
import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { SqliteConnection } from '../engine/connection.js';
import { guard } from '../errors.js';
import type { ApiTokenTable, Database } from '../schema.js';

function toStoredApiToken(row: Selectable<ApiTokenTable>): StoredApiToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    secretHash: row.secret_hash,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

/** `ApiTokenRepository` on the `api_token` table; `name` is COLLATE NOCASE, so lookups by name are case-insensitive. */
export class SqliteApiTokens implements ApiTokenRepository {
  readonly #db: Kysely<Database>;

  constructor(connection: SqliteConnection) {
    this.#db = connection.db;
  }

  create(token: NewApiToken): Promise<StoredApiToken | undefined> {
    return guard('create an API token', async () => {
      const row = await this.#db
        .insertInto('api_token')
        .values({
          name: token.name,
          role: token.role,
          secret_hash: token.secretHash,
          created_at: token.createdAt,
        })
        // A taken name (UNIQUE, NOCASE) inserts nothing and returns no row.
        .onConflict((conflict) => conflict.column('name').doNothing())
        .returningAll()
        .executeTakeFirst();
      return row && toStoredApiToken(row);
    });
  }

  get(id: number): Promise<StoredApiToken | undefined> {
    return guard('read an API token', async () => {
      const row = await this.#db.selectFrom('api_token').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toStoredApiToken(row);
    });
  }

  findByName(name: string): Promise<StoredApiToken | undefined> {
    return guard('read an API token', async () => {
      const row = await this.#db
        .selectFrom('api_token')
        .selectAll()
        .where('name', '=', name)
        .executeTakeFirst();
      return row && toStoredApiToken(row);
    });
  }

  list(): Promise<StoredApiToken[]> {
    return guard('list API tokens', async () => {
      const rows = await this.#db.selectFrom('api_token').selectAll().orderBy('id').execute();
      return rows.map(toStoredApiToken);
    });
  }

  revoke(id: number, at: IsoTimestamp): Promise<StoredApiToken | undefined> {
    return guard('revoke an API token', async () => {
      const row = await this.#db
        .updateTable('api_token')
        .set({ revoked_at: sql<IsoTimestamp>`coalesce(revoked_at, ${at})` })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toStoredApiToken(row);
    });
  }

  touch(id: number, at: IsoTimestamp): Promise<void> {
    return guard('record the use of an API token', async () => {
      await this.#db
        .updateTable('api_token')
        .set({ last_used_at: sql<IsoTimestamp>`max(coalesce(last_used_at, ${at}), ${at})` })
        .where('id', '=', id)
        .execute();
    });
  }
}
