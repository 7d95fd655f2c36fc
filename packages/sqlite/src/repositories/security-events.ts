import type {
  EventFilter,
  NewSecurityEvent,
  SecurityEventRecord,
  SecurityEventRepository,
} from '@levity/core';
import type { Kysely, Selectable } from 'kysely';
import type { SqliteConnection } from '../engine/connection.js';
import { guard } from '../errors.js';
import type { Database, SecurityEventTable } from '../schema.js';

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
export class SqliteSecurityEvents implements SecurityEventRepository {
  readonly #db: Kysely<Database>;

  constructor(connection: SqliteConnection) {
    this.#db = connection.db;
  }

  add(event: NewSecurityEvent): Promise<SecurityEventRecord> {
    return guard('store a security event', async () => {
      const row = await this.#db
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
    return guard('list security events', async () => {
      let query = this.#db.selectFrom('security_event').selectAll();
      if (filter.chargePointId !== undefined)
        query = query.where('charge_point_id', '=', filter.chargePointId);
      query = query.orderBy('id', 'desc');
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      const rows = await query.execute();
      return rows.map(toSecurityEventRecord);
    });
  }
}
