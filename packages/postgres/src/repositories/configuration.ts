import type {
  ConfigurationKeyRecord,
  ConfigurationKeyUpdate,
  ConfigurationRepository,
  IsoTimestamp,
} from '@levity/core';
import { type Selectable, sql } from 'kysely';
import type { ConfigurationKeyTable } from '../schema.js';
import type { Session } from '../session.js';
import { chunksOf } from './chunks.js';
import { foldCase, nocase } from './nocase.js';

const COLUMNS_PER_ROW = 7;

function toConfigurationKeyRecord(row: Selectable<ConfigurationKeyTable>): ConfigurationKeyRecord {
  return {
    chargePointId: row.charge_point_id,
    key: row.key,
    value: row.value,
    readonly: row.readonly,
    unknown: row.unknown,
    rebootRequired: row.reboot_required,
    updatedAt: row.updated_at,
  };
}

/**
 * `ConfigurationRepository` on the `cp_config` table, whose key is
 * `(charge_point_id, levity_nocase(key))`: every comparison and ORDER BY on `key` here
 * goes through `levity_nocase`.
 */
export class PostgresConfiguration implements ConfigurationRepository {
  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  upsert(chargePointId: string, keys: readonly ConfigurationKeyUpdate[], at: IsoTimestamp): Promise<void> {
    return this.#session.guard('store configuration keys', async () => {
      if (keys.length === 0) return;
      // PostgreSQL refuses an upsert that touches a row twice: of a key given twice (in
      // any case) only the last one goes in. In key order, so that concurrent upserts lock
      // rows in the same order.
      const last = new Map<string, ConfigurationKeyUpdate>();
      for (const key of keys) last.set(foldCase(key.key), key);
      const rows = [...last]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, key]) => ({
          charge_point_id: chargePointId,
          key: key.key,
          value: key.value,
          readonly: key.readonly,
          unknown: key.unknown,
          reboot_required: key.rebootRequired,
          updated_at: at,
        }));
      await this.#session.atomic(async (trx) => {
        for (const chunk of chunksOf(rows, COLUMNS_PER_ROW)) {
          await trx
            .insertInto('cp_config')
            .values(chunk)
            .onConflict((conflict) =>
              conflict.expression(sql`charge_point_id, levity_nocase(key)`).doUpdateSet((eb) => ({
                key: eb.ref('excluded.key'),
                value: eb.ref('excluded.value'),
                readonly: eb.ref('excluded.readonly'),
                unknown: eb.ref('excluded.unknown'),
                reboot_required: eb.ref('excluded.reboot_required'),
                updated_at: sql<IsoTimestamp>`greatest(cp_config.updated_at, excluded.updated_at)`,
              })),
            )
            .execute();
        }
      });
    });
  }

  retainOnly(chargePointId: string, keep: readonly string[]): Promise<number> {
    return this.#session.guard('remove configuration keys', async () => {
      // One array parameter instead of one per key: no parameter limit, one statement text.
      const result = await this.#session.db
        .deleteFrom('cp_config')
        .where('charge_point_id', '=', chargePointId)
        .where(
          // NOT IN a subquery, which PostgreSQL hashes: thousands of keys stay linear.
          sql<boolean>`levity_nocase(key) not in (select levity_nocase(kept) from unnest(${[...keep]}::text[]) as kept)`,
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }

  get(chargePointId: string, key: string): Promise<ConfigurationKeyRecord | undefined> {
    return this.#session.guard('read a configuration key', async () => {
      const row = await this.#session.db
        .selectFrom('cp_config')
        .selectAll()
        .where('charge_point_id', '=', chargePointId)
        .where(nocase(sql.ref('key')), '=', nocase(key))
        .executeTakeFirst();
      return row && toConfigurationKeyRecord(row);
    });
  }

  list(chargePointId: string): Promise<ConfigurationKeyRecord[]> {
    return this.#session.guard('list configuration keys', async () => {
      const rows = await this.#session.db
        .selectFrom('cp_config')
        .selectAll()
        .where('charge_point_id', '=', chargePointId)
        .orderBy(nocase(sql.ref('key')))
        .execute();
      return rows.map(toConfigurationKeyRecord);
    });
  }
}
