import type { IsoTimestamp, LocalListEntry, LocalListRecord, LocalListRepository } from '@levity/core';
import { type Kysely, sql } from 'kysely';
import type { SqliteConnection } from '../engine/connection.js';
import { guard } from '../errors.js';
import type { Database } from '../schema.js';
import { chunksOf } from './chunks.js';

const COLUMNS_PER_ROW = 5;

/** The list and its entries in one query, entries in id-tag (NOCASE) order. */
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
    .orderBy('entry.id_tag')
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
 * together in one transaction.
 */
export class SqliteLocalLists implements LocalListRepository {
  readonly #connection: SqliteConnection;
  readonly #db: Kysely<Database>;

  constructor(connection: SqliteConnection) {
    this.#connection = connection;
    this.#db = connection.db;
  }

  get(chargePointId: string): Promise<LocalListRecord | undefined> {
    return guard('read a local list', () => readList(this.#db, chargePointId));
  }

  replace(
    chargePointId: string,
    version: number,
    entries: readonly LocalListEntry[],
    at: IsoTimestamp,
  ): Promise<LocalListRecord> {
    return guard('replace a local list', () =>
      this.#connection.atomicallyAsync(async () => {
        const trx = this.#db;
        await trx
          .insertInto('local_list')
          .values({ charge_point_id: chargePointId, version, updated_at: at })
          .onConflict((conflict) =>
            conflict.column('charge_point_id').doUpdateSet({
              version,
              updated_at: sql<IsoTimestamp>`max(local_list.updated_at, excluded.updated_at)`,
            }),
          )
          .execute();
        await trx.deleteFrom('local_list_entry').where('charge_point_id', '=', chargePointId).execute();
        const rows = entries.map((entry) => ({
          charge_point_id: chargePointId,
          id_tag: entry.idTag,
          status: entry.idTagInfo.status,
          expiry_date: entry.idTagInfo.expiryDate,
          parent_id_tag: entry.idTagInfo.parentIdTag,
        }));
        for (const chunk of chunksOf(rows, COLUMNS_PER_ROW)) {
          // Of an id tag given twice (in any case), the last entry stays.
          await trx
            .insertInto('local_list_entry')
            .values(chunk)
            .onConflict((conflict) =>
              conflict.columns(['charge_point_id', 'id_tag']).doUpdateSet((eb) => ({
                id_tag: eb.ref('excluded.id_tag'),
                status: eb.ref('excluded.status'),
                expiry_date: eb.ref('excluded.expiry_date'),
                parent_id_tag: eb.ref('excluded.parent_id_tag'),
              })),
            )
            .execute();
        }
        const list = await readList(trx, chargePointId);
        if (!list) throw new Error('the local list vanished inside its own transaction');
        return list;
      }),
    );
  }
}
