import type { IsoTimestamp, LocalListEntry, LocalListRecord, LocalListRepository } from '@levity/core';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';
import type { Session } from '../session.js';
import { chunksOf } from './chunks.js';
import { foldCase, nocase } from './nocase.js';

const COLUMNS_PER_ROW = 5;

/** The list and its entries in one query, entries in case-insensitive id-tag order. */
async function readList(db: Kysely<Database>, chargePointId: string): Promise<LocalListRecord | undefined> {
  const rows = await db
    .selectFrom('local_list as list')
    .leftJoin('local_list_entry as entry', 'entry.charge_point_id', 'list.charge_point_id')
    .select([
      'list.version',
      'list.updated_at',
      'entry.id_tag',
      'entry.status',
      'entry.expiry_date',
      'entry.parent_id_tag',
    ])
    .where('list.charge_point_id', '=', chargePointId)
    .orderBy(nocase(sql.ref('entry.id_tag')))
    .execute();
  const [first] = rows;
  if (!first) return undefined;
  const entries: LocalListEntry[] = [];
  for (const row of rows) {
    // A list without entries joins to one row of NULLs.
    if (row.id_tag === null || row.status === null) continue;
    entries.push({
      idTag: row.id_tag,
      idTagInfo: { status: row.status, expiryDate: row.expiry_date, parentIdTag: row.parent_id_tag },
    });
  }
  return { chargePointId, version: first.version, entries, updatedAt: first.updated_at };
}

/**
 * `LocalListRepository` on the `local_list` and `local_list_entry` tables, written
 * together in one transaction. An entry's key is `(charge_point_id, levity_nocase(id_tag))`.
 */
export class PostgresLocalLists implements LocalListRepository {
  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  get(chargePointId: string): Promise<LocalListRecord | undefined> {
    return this.#session.guard('read a local list', () => readList(this.#session.db, chargePointId));
  }

  replace(
    chargePointId: string,
    version: number,
    entries: readonly LocalListEntry[],
    at: IsoTimestamp,
  ): Promise<LocalListRecord> {
    return this.#session.guard('replace a local list', () => {
      // Everything that can fail in JavaScript before the first statement: inside a unit
      // of work, a half-done replace would otherwise stay in it.
      // Of an id tag given twice (in any case), the last entry stays.
      const last = new Map<string, LocalListEntry>();
      for (const entry of entries) last.set(foldCase(entry.idTag), entry);
      const rows = [...last.values()].map((entry) => ({
        charge_point_id: chargePointId,
        id_tag: entry.idTag,
        status: entry.idTagInfo.status,
        expiry_date: entry.idTagInfo.expiryDate,
        parent_id_tag: entry.idTagInfo.parentIdTag,
      }));
      return this.#session.atomic(async (trx) => {
        // The list's row first: it locks the list, so two replaces of it run one after the other.
        await trx
          .insertInto('local_list')
          .values({ charge_point_id: chargePointId, version, updated_at: at })
          .onConflict((conflict) =>
            conflict.column('charge_point_id').doUpdateSet({
              version,
              updated_at: sql<IsoTimestamp>`greatest(local_list.updated_at, excluded.updated_at)`,
            }),
          )
          .execute();
        await trx.deleteFrom('local_list_entry').where('charge_point_id', '=', chargePointId).execute();
        for (const chunk of chunksOf(rows, COLUMNS_PER_ROW)) {
          await trx.insertInto('local_list_entry').values(chunk).execute();
        }
        const list = await readList(trx, chargePointId);
        if (!list) throw new Error('the local list vanished inside its own transaction');
        return list;
      });
    });
  }
}
