import type {
  ConnectionRefusalRecord,
  ConnectionRefusalRepository,
  EventFilter,
  NewConnectionRefusal,
} from '@levity/core';
import type { Selectable } from 'kysely';
import type { ConnectionRefusalTable } from '../schema.js';
import type { Session } from '../session.js';

function toConnectionRefusalRecord(row: Selectable<ConnectionRefusalTable>): ConnectionRefusalRecord {
  return {
    id: row.id,
    chargePointId: row.charge_point_id,
    reason: row.reason,
    requiredProfile: row.required_profile,
    remoteAddress: row.remote_address,
    detail: row.detail,
    receivedAt: row.received_at,
  };
}

/** `ConnectionRefusalRepository` on the `connection_refusal` table. */
export class PostgresConnectionRefusals implements ConnectionRefusalRepository {
  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  add(refusal: NewConnectionRefusal): Promise<ConnectionRefusalRecord> {
    return this.#session.guard('store a refused connection', async () => {
      const row = await this.#session.db
        .insertInto('connection_refusal')
        .values({
          charge_point_id: refusal.chargePointId,
          reason: refusal.reason,
          required_profile: refusal.requiredProfile,
          remote_address: refusal.remoteAddress,
          detail: refusal.detail,
          received_at: refusal.receivedAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toConnectionRefusalRecord(row);
    });
  }

  list(filter: EventFilter = {}): Promise<ConnectionRefusalRecord[]> {
    return this.#session.guard('list refused connections', async () => {
      let query = this.#session.db.selectFrom('connection_refusal').selectAll();
      if (filter.chargePointId !== undefined)
        query = query.where('charge_point_id', '=', filter.chargePointId);
      query = query.orderBy('id', 'desc');
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      const rows = await query.execute();
      return rows.map(toConnectionRefusalRecord);
    });
  }
}
