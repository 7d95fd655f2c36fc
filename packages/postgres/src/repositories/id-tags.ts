import type {
  IdTagFilter,
  IdTagPatch,
  IdTagRecord,
  IdTagRepository,
  IsoTimestamp,
  NewIdTag,
} from '@levity/core';
import { type Selectable, sql, type Updateable } from 'kysely';
import type { IdTagTable } from '../schema.js';
import type { Session } from '../session.js';
import { nocase } from './nocase.js';

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
 * `IdTagRepository` on the `id_tag` table, whose key is `levity_nocase(id_tag)`: every
 * comparison and ORDER BY on `id_tag` and `parent_id_tag` here goes through `levity_nocase`.
 */
export class PostgresIdTags implements IdTagRepository {
  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  get(idTag: string): Promise<IdTagRecord | undefined> {
    return this.#session.guard('read an id tag', async () => {
      const row = await this.#session.db
        .selectFrom('id_tag')
        .selectAll()
        .where(nocase(sql.ref('id_tag')), '=', nocase(idTag))
        .executeTakeFirst();
      return row && toIdTagRecord(row);
    });
  }

  list(filter: IdTagFilter = {}): Promise<IdTagRecord[]> {
    return this.#session.guard('list id tags', async () => {
      const { status, parentIdTag, after, limit } = filter;
      let query = this.#session.db.selectFrom('id_tag').selectAll();
      if (status !== undefined) query = query.where('status', '=', status);
      if (parentIdTag !== undefined)
        query = query.where(nocase(sql.ref('parent_id_tag')), '=', nocase(parentIdTag));
      if (after !== undefined) query = query.where(nocase(sql.ref('id_tag')), '>', nocase(after));
      query = query.orderBy(nocase(sql.ref('id_tag')));
      if (limit !== undefined) query = query.limit(limit);
      const rows = await query.execute();
      return rows.map(toIdTagRecord);
    });
  }

  add(tag: NewIdTag, at: IsoTimestamp): Promise<IdTagRecord | undefined> {
    return this.#session.guard('add an id tag', async () => {
      const row = await this.#session.db
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
        .onConflict((conflict) => conflict.expression(nocase(sql.ref('id_tag'))).doNothing())
        .returningAll()
        .executeTakeFirst();
      return row && toIdTagRecord(row);
    });
  }

  update(idTag: string, patch: IdTagPatch, at: IsoTimestamp): Promise<IdTagRecord | undefined> {
    return this.#session.guard('update an id tag', async () => {
      const fields: Updateable<IdTagTable> = {};
      // A field left out (or undefined) stays as it is; null clears it.
      if (patch.status !== undefined) fields.status = patch.status;
      if (patch.expiryDate !== undefined) fields.expiry_date = patch.expiryDate;
      if (patch.parentIdTag !== undefined) fields.parent_id_tag = patch.parentIdTag;
      if (patch.note !== undefined) fields.note = patch.note;
      const row = await this.#session.db
        .updateTable('id_tag')
        .set({ ...fields, updated_at: sql<IsoTimestamp>`greatest(updated_at, ${at})` })
        .where(nocase(sql.ref('id_tag')), '=', nocase(idTag))
        .returningAll()
        .executeTakeFirst();
      return row && toIdTagRecord(row);
    });
  }

  remove(idTag: string): Promise<boolean> {
    return this.#session.guard('remove an id tag', async () => {
      const result = await this.#session.db
        .deleteFrom('id_tag')
        .where(nocase(sql.ref('id_tag')), '=', nocase(idTag))
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }
}
