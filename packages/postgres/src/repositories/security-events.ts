import type {
  EventFilter,
  NewSecurityEvent,
  SecurityEventRecord,
  SecurityEventRepository,
} from '@levity/core';
import type { Selectable } from 'kysely';
import type { SecurityEventTable } from '../schema.js';
import type { Session } from '../session.js';

function toSecurityEventRecord(row: Selectable<SecurityEventTable>): SecurityEventRecord {
  return {
    id: row.id,
    chargePointId: row.charge_point_id,
    type: row.type,
    timestamp: row.timestamp,
    techInfo: row.tech_info,
    receivedAt: row.received_at,
  };
}

/** `SecurityEventRepository` on the `security_event` table. */
export class PostgresSecurityEvents implements SecurityEventRepository {
  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  add(event: NewSecurityEvent): Promise<SecurityEventRecord> {
    return this.#session.guard('store a security event', async () => {
      const row = await this.#session.db
        .insertInto('security_event')
        .values({
          charge_point_id: event.chargePointId,
          type: event.type,
          timestamp: event.timestamp,
          tech_info: event.techInfo,
          received_at: event.receivedAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toSecurityEventRecord(row);
    });
  }

  list(filter: EventFilter = {}): Promise<SecurityEventRecord[]> {
    return this.#session.guard('list security events', async () => {
      let query = this.#session.db.selectFrom('security_event').selectAll();
      if (filter.chargePointId !== undefined)
        query = query.where('charge_point_id', '=', filter.chargePointId);
      query = query.orderBy('id', 'desc');
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      const rows = await query.execute();
      return rows.map(toSecurityEventRecord);
    });
  }
}
