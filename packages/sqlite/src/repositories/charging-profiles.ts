import type { ChargingProfileRecord, ChargingProfileRepository } from '@levity/core';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { SqliteConnection } from '../engine/connection.js';
import { guard } from '../errors.js';
import type { ChargingProfileTable, Database } from '../schema.js';
import { fromJsonText, toJsonText } from './json.js';

function toChargingProfileRecord(row: Selectable<ChargingProfileTable>): ChargingProfileRecord {
  return {
    chargePointId: row.charge_point_id,
    connectorId: row.connector_id,
    chargingProfileId: row.charging_profile_id,
    stackLevel: row.stack_level,
    purpose: row.purpose,
    transactionId: row.transaction_id,
    profile: fromJsonText(row.profile),
    installedAt: row.installed_at,
  };
}

/** `ChargingProfileRepository` on the `charging_profile` table. */
export class SqliteChargingProfiles implements ChargingProfileRepository {
  readonly #db: Kysely<Database>;

  constructor(connection: SqliteConnection) {
    this.#db = connection.db;
  }

  list(chargePointId: string): Promise<ChargingProfileRecord[]> {
    return guard('list charging profiles', async () => {
      const rows = await this.#db
        .selectFrom('charging_profile')
        .selectAll()
        .where('charge_point_id', '=', chargePointId)
        .orderBy('connector_id')
        .orderBy('stack_level')
        .orderBy('charging_profile_id')
        .execute();
      return rows.map(toChargingProfileRecord);
    });
  }

  put(profile: ChargingProfileRecord): Promise<void> {
    return guard('store a charging profile', async () => {
      const fields = {
        connector_id: profile.connectorId,
        stack_level: profile.stackLevel,
        purpose: profile.purpose,
        transaction_id: profile.transactionId,
        profile: toJsonText(profile.profile),
        installed_at: profile.installedAt,
      };
      await this.#db
        .insertInto('charging_profile')
        .values({
          ...fields,
          charge_point_id: profile.chargePointId,
          charging_profile_id: profile.chargingProfileId,
        })
        .onConflict((conflict) =>
          conflict.columns(['charge_point_id', 'charging_profile_id']).doUpdateSet(fields),
        )
        .execute();
    });
  }

  remove(chargePointId: string, chargingProfileIds: readonly number[]): Promise<number> {
    return guard('remove charging profiles', async () => {
      if (chargingProfileIds.length === 0) return 0;
      // One JSON parameter instead of one per id: no variable limit, one statement to cache.
      const result = await this.#db
        .deleteFrom('charging_profile')
        .where('charge_point_id', '=', chargePointId)
        .where(
          sql<boolean>`charging_profile_id in (select value from json_each(${JSON.stringify(chargingProfileIds)}))`,
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }
}
