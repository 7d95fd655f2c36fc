import type {
  ConfigurationKeyRecord,
  ConfigurationKeyUpdate,
  ConfigurationRepository,
  IsoTimestamp,
} from '@levity/core';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { SqliteConnection } from '../engine/connection.js';
import { guard } from '../errors.js';
import type { ConfigurationKeyTable, Database, SqliteBoolean } from '../schema.js';
import { chunksOf } from './chunks.js';

const COLUMNS_PER_ROW = 7;

const toBoolean = (value: boolean): SqliteBoolean => (value ? 1 : 0);

function toConfigurationKeyRecord(row: Selectable<ConfigurationKeyTable>): ConfigurationKeyRecord {
  return {
    chargePointId: row.charge_point_id,
    key: row.key,
    value: row.value,
    readonly: row.readonly === null ? null : row.readonly === 1,
    unknown: row.unknown === 1,
    rebootRequired: row.reboot_required === 1,
    updatedAt: row.updated_at,
  };
}

/**
 * `ConfigurationRepository` on the `cp_config` table. Its `key` column is COLLATE
 * NOCASE, so every comparison and ORDER BY on it here is case-insensitive without
 * saying so.
 */
export class SqliteConfiguration implements ConfigurationRepository {
  readonly #connection: SqliteConnection;
  readonly #db: Kysely<Database>;

  constructor(connection: SqliteConnection) {
    this.#connection = connection;
    this.#db = connection.db;
  }

  upsert(chargePointId: string, keys: readonly ConfigurationKeyUpdate[], at: IsoTimestamp): Promise<void> {
    return guard('store configuration keys', async () => {
      if (keys.length === 0) return;
      const rows = keys.map((key) => ({
        charge_point_id: chargePointId,
        key: key.key,
        value: key.value,
        readonly: key.readonly === null ? null : toBoolean(key.readonly),
        unknown: toBoolean(key.unknown),
        reboot_required: toBoolean(key.rebootRequired),
        updated_at: at,
      }));
      await this.#connection.atomicallyAsync(async () => {
        const trx = this.#db;
        for (const chunk of chunksOf(rows, COLUMNS_PER_ROW)) {
          // SQLite applies the rows in order, so of a key given twice the last one stays.
          await trx
            .insertInto('cp_config')
            .values(chunk)
            .onConflict((conflict) =>
              conflict.columns(['charge_point_id', 'key']).doUpdateSet((eb) => ({
                key: eb.ref('excluded.key'),
                value: eb.ref('excluded.value'),
                readonly: eb.ref('excluded.readonly'),
                unknown: eb.ref('excluded.unknown'),
                reboot_required: eb.ref('excluded.reboot_required'),
                updated_at: sql<IsoTimestamp>`max(cp_config.updated_at, excluded.updated_at)`,
              })),
            )
            .execute();
        }
      });
    });
  }

  retainOnly(chargePointId: string, keep: readonly string[]): Promise<number> {
    return guard('remove configuration keys', async () => {
      // One JSON parameter instead of one per key: no variable limit, and one statement
      // text to cache whatever the number of keys. `key NOT IN` compares with the column's NOCASE.
      const result = await this.#db
        .deleteFrom('cp_config')
        .where('charge_point_id', '=', chargePointId)
        .where(sql<boolean>`key not in (select value from json_each(${JSON.stringify(keep)}))`)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }

  get(chargePointId: string, key: string): Promise<ConfigurationKeyRecord | undefined> {
    return guard('read a configuration key', async () => {
      const row = await this.#db
        .selectFrom('cp_config')
        .selectAll()
        .where('charge_point_id', '=', chargePointId)
        .where('key', '=', key)
        .executeTakeFirst();
      return row && toConfigurationKeyRecord(row);
    });
  }

  list(chargePointId: string): Promise<ConfigurationKeyRecord[]> {
    return guard('list configuration keys', async () => {
      const rows = await this.#db
        .selectFrom('cp_config')
        .selectAll()
        .where('charge_point_id', '=', chargePointId)
        .orderBy('key')
        .execute();
      return rows.map(toConfigurationKeyRecord);
    });
  }
}
