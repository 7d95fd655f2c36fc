import type {
  ChargePointSecurityPatch,
  ChargePointSecurityRecord,
  ChargePointSecurityRepository,
  IsoTimestamp,
} from '@levity/core';
import { type Selectable, sql } from 'kysely';
import type { ChargePointSecurityTable } from '../schema.js';
import type { Session } from '../session.js';

function toChargePointSecurityRecord(row: Selectable<ChargePointSecurityTable>): ChargePointSecurityRecord {
  return {
    chargePointId: row.charge_point_id,
    securityProfile: row.security_profile,
    passwordHash: row.password_hash,
    updatedAt: row.updated_at,
  };
}

/** `ChargePointSecurityRepository` on the `cp_security` table. */
export class PostgresChargePointSecurity implements ChargePointSecurityRepository {
  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  get(chargePointId: string): Promise<ChargePointSecurityRecord | undefined> {
    return this.#session.guard('read the credentials of a charge point', async () => {
      const row = await this.#session.db
        .selectFrom('cp_security')
        .selectAll()
        .where('charge_point_id', '=', chargePointId)
        .executeTakeFirst();
      return row && toChargePointSecurityRecord(row);
    });
  }

  update(
    chargePointId: string,
    patch: ChargePointSecurityPatch,
    at: IsoTimestamp,
  ): Promise<ChargePointSecurityRecord> {
    return this.#session.guard('store the credentials of a charge point', async () => {
      // One statement, so that two nodes changing different fields at once both keep
      // theirs: the row is created or changed, and updated_at never moves backwards.
      const row = await this.#session.db
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
            updated_at: sql<IsoTimestamp>`greatest(cp_security.updated_at, excluded.updated_at)`,
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return toChargePointSecurityRecord(row);
    });
  }
}
