import type {
  ChargePointSecurityPatch,
  ChargePointSecurityRecord,
  ChargePointSecurityRepository,
} from '@levity/core';
import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { SqliteConnection } from '../engine/connection.js';
import { guard } from '../errors.js';
import type { ChargePointSecurityTable, Database } from '../schema.js';

function toRecord(row: Selectable<ChargePointSecurityTable>): ChargePointSecurityRecord {
  return {
    chargePointId: row.charge_point_id,
    securityProfile: row.security_profile,
    passwordHash: row.password_hash,
    updatedAt: row.updated_at,
  };
}

/** `ChargePointSecurityRepository` on the `cp_security` table. */
export class SqliteChargePointSecurity implements ChargePointSecurityRepository {
  readonly #db: Kysely<Database>;

  constructor(connection: SqliteConnection) {
    this.#db = connection.db;
  }

  get(chargePointId: string): Promise<ChargePointSecurityRecord | undefined> {
    return guard('read the credentials of a charge point', async () => {
      const row = await this.#db
        .selectFrom('cp_security')
        .selectAll()
        .where('charge_point_id', '=', chargePointId)
        .executeTakeFirst();
      return row && toRecord(row);
    });
  }

  update(
    chargePointId: string,
    patch: ChargePointSecurityPatch,
    at: string,
  ): Promise<ChargePointSecurityRecord> {
    return guard('store the credentials of a charge point', async () => {
      // One statement: the row is created or changed, and updated_at never moves backwards.
      const row = await this.#db
        .insertInto('cp_security')
        .values({
          charge_point_id: chargePointId,
          security_profile: patch.securityProfile ?? 0,
          password_hash: patch.passwordHash ?? null,
          updated_at: at,
        })
        .onConflict((conflict) =>
          conflict.column('charge_point_id').doUpdateSet({
            ...(patch.securityProfile === undefined
              ? {}
              : { security_profile: (eb) => eb.ref('excluded.security_profile') }),
            ...(patch.passwordHash === undefined
              ? {}
              : { password_hash: (eb) => eb.ref('excluded.password_hash') }),
            updated_at: sql<string>`max(cp_security.updated_at, excluded.updated_at)`,
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    });
  }
}
