import type {
  IdTagFilter,
  IdTagPatch,
  IdTagRecord,
  IdTagRepository,
  IsoTimestamp,
  NewIdTag,
} from '@levity/core';
import { type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { SqliteConnection } from '../engine/connection.js';
import { guard } from '../errors.js';
import type { Database, IdTagTable } from '../schema.js';

function toIdTagRecord(row: Selectable<IdTagTable>): IdTagRecord {
  return {
    idTag: row.id_tag,
    status: row.status,
    expiryDate: row.expiry_date,
    parentIdTag: row.parent_id_tag,
    note: row.note,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * `IdTagRepository` on the `id_tag` table. Its `id_tag` and `parent_id_tag` columns are
 * COLLATE NOCASE, so every comparison and ORDER BY on them here is case-insensitive
 * without saying so.
 */
export class SqliteIdTags implements IdTagRepository {
  readonly #db: Kysely<Database>;

  constructor(connection: SqliteConnection) {
    this.#db = connection.db;
  }

  get(idTag: string): Promise<IdTagRecord | undefined> {
    return guard('read an id tag', async () => {
      const row = await this.#db
        .selectFrom('id_tag')
        .selectAll()
        .where('id_tag', '=', idTag)
        .executeTakeFirst();
      return row && toIdTagRecord(row);
    });
  }

  list(filter: IdTagFilter = {}): Promise<IdTagRecord[]> {
    return guard('list id tags', async () => {
      const { status, parentIdTag, after, limit } = filter;
      let query = this.#db.selectFrom('id_tag').selectAll();
      if (status !== undefined) query = query.where('status', '=', status);
      if (parentIdTag !== undefined) query = query.where('parent_id_tag', '=', parentIdTag);
      if (after !== undefined) query = query.where('id_tag', '>', after);
      query = query.orderBy('id_tag');
      if (limit !== undefined) query = query.limit(limit);
      const rows = await query.execute();
      return rows.map(toIdTagRecord);
    });
  }

  add(tag: NewIdTag, at: IsoTimestamp): Promise<IdTagRecord | undefined> {
    return guard('add an id tag', async () => {
      // ON CONFLICT DO NOTHING, not INSERT OR IGNORE, which would also swallow a CHECK failure.
      const row = await this.#db
        .insertInto('id_tag')
        .values({
          id_tag: tag.idTag,
          status: tag.status,
          expiry_date: tag.expiryDate,
          parent_id_tag: tag.parentIdTag,
          note: tag.note,
          created_at: at,
          updated_at: at,
        })
        .onConflict((conflict) => conflict.column('id_tag').doNothing())
        .returningAll()
        .executeTakeFirst();
      return row && toIdTagRecord(row);
    });
  }

  update(idTag: string, patch: IdTagPatch, at: IsoTimestamp): Promise<IdTagRecord | undefined> {
    return guard('update an id tag', async () => {
      const fields: Updateable<IdTagTable> = {};
      // A field left out (or undefined) stays as it is; null clears it.
      if (patch.status !== undefined) fields.status = patch.status;
      if (patch.expiryDate !== undefined) fields.expiry_date = patch.expiryDate;
      if (patch.parentIdTag !== undefined) fields.parent_id_tag = patch.parentIdTag;
      if (patch.note !== undefined) fields.note = patch.note;
      const row = await this.#db
        .updateTable('id_tag')
        .set({ ...fields, updated_at: sql<IsoTimestamp>`max(updated_at, ${at})` })
        .where('id_tag', '=', idTag)
        .returningAll()
        .executeTakeFirst();
      return row && toIdTagRecord(row);
    });
  }

  remove(idTag: string): Promise<boolean> {
    return guard('remove an id tag', async () => {
      const result = await this.#db.deleteFrom('id_tag').where('id_tag', '=', idTag).executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }
}
