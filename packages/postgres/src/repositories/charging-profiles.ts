import type { ChargingProfileRecord, ChargingProfileRepository } from '@levity/core';
import { type Selectable, sql } from 'kysely';
import type { ChargingProfileTable } from '../schema.js';
import type { Session } from '../session.js';
import { toJsonText } from './json.js';

function toChargingProfileRecord(row: Selectable<ChargingProfileTable>): ChargingProfileRecord {
  return {
    chargePointId: row.charge_point_id,
    connectorId: row.connector_id,
    chargingProfileId: row.charging_profile_id,
    stackLevel: row.stack_level,
    purpose: row.purpose,
    transactionId: row.transaction_id,
    profile: row.profile,
    installedAt: row.installed_at,
  };
}

/** `ChargingProfileRepository` on the `charging_profile` table. */
export class PostgresChargingProfiles implements ChargingProfileRepository {
  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  list(chargePointId: string): Promise<ChargingProfileRecord[]> {
    return this.#session.guard('list charging profiles', async () => {
      const rows = await this.#session.db
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
    return this.#session.guard('store a charging profile', async () => {
      const fields = {
        connector_id: profile.connectorId,
        stack_level: profile.stackLevel,
        purpose: profile.purpose,
        transaction_id: profile.transactionId,
        profile: toJsonText(profile.profile),
        installed_at: profile.installedAt,
      };
      await this.#session.db
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
    return this.#session.guard('remove charging profiles', async () => {
      if (chargingProfileIds.length === 0) return 0;
      // One array parameter instead of one per id: no parameter limit, one statement text.
      const result = await this.#session.db
        .deleteFrom('charging_profile')
        .where('charge_point_id', '=', chargePointId)
        .where(sql<boolean>`charging_profile_id = any(${[...chargingProfileIds]}::bigint[])`)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }
}
