import type { ApiTokenRepository, IsoTimestamp, NewApiToken, StoredApiToken } from '@levity/core';
import { type Selectable, sql } from 'kysely';
import type { ApiTokenTable } from '../schema.js';
import type { Session } from '../session.js';
import { nocase } from './nocase.js';

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

/**
 * `ApiTokenRepository` on the `api_token` table, whose name key is `levity_nocase(name)`:
 * lookups by name go through `levity_nocase`, as SQLite's NOCASE column compares.
 */
export class PostgresApiTokens implements ApiTokenRepository {
  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  create(token: NewApiToken): Promise<StoredApiToken | undefined> {
    return this.#session.guard('create an API token', async () => {
      const row = await this.#session.db
        .insertInto('api_token')
        .values({
          name: token.name,
          role: token.role,
          secret_hash: token.secretHash,
          created_at: token.createdAt,
        })
        // A taken name (in any case) inserts nothing and returns no row, also when two
        // nodes create it at once.
        .onConflict((conflict) => conflict.expression(nocase(sql.ref('name'))).doNothing())
        .returningAll()
        .executeTakeFirst();
      return row && toStoredApiToken(row);
    });
  }

  get(id: number): Promise<StoredApiToken | undefined> {
    return this.#session.guard('read an API token', async () => {
      const row = await this.#session.db
        .selectFrom('api_token')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toStoredApiToken(row);
    });
  }

  findByName(name: string): Promise<StoredApiToken | undefined> {
    return this.#session.guard('read an API token', async () => {
      const row = await this.#session.db
        .selectFrom('api_token')
        .selectAll()
        .where(nocase(sql.ref('name')), '=', nocase(name))
        .executeTakeFirst();
      return row && toStoredApiToken(row);
    });
  }

  list(): Promise<StoredApiToken[]> {
    return this.#session.guard('list API tokens', async () => {
      const rows = await this.#session.db.selectFrom('api_token').selectAll().orderBy('id').execute();
      return rows.map(toStoredApiToken);
    });
  }

  revoke(id: number, at: IsoTimestamp): Promise<StoredApiToken | undefined> {
    return this.#session.guard('revoke an API token', async () => {
      const row = await this.#session.db
        .updateTable('api_token')
        .set({ revoked_at: sql<IsoTimestamp>`coalesce(revoked_at, ${at})` })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toStoredApiToken(row);
    });
  }

  touch(id: number, at: IsoTimestamp): Promise<void> {
    return this.#session.guard('record the use of an API token', async () => {
      // greatest() skips NULL: a first use sets it.
      await this.#session.db
        .updateTable('api_token')
        .set({ last_used_at: sql<IsoTimestamp>`greatest(last_used_at, ${at})` })
        .where('id', '=', id)
        .execute();
    });
  }
}
