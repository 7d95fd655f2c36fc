import type {
  ConnectionRefusalRecord,
  ConnectionRefusalRepository,
  EventFilter,
  NewConnectionRefusal,
} from '@levity/core';
import type { Kysely, Selectable } from 'kysely';
import type { SqliteConnection } from '../engine/connection.js';
import { guard } from '../errors.js';
import type { ConnectionRefusalTable, Database } from '../schema.js';

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
export class SqliteConnectionRefusals implements ConnectionRefusalRepository {
  readonly #db: Kysely<Database>;

  constructor(connection: SqliteConnection) {
    this.#db = connection.db;
  }

  add(event: NewConnectionRefusal): Promise<ConnectionRefusalRecord> {
    return guard('store a refused connection', async () => {
      const row = await this.#db
        .insertInto('connection_refusal')
        .values({
          charge_point_id: event.chargePointId,
          reason: event.reason,
          required_profile: event.requiredProfile,
          remote_address: event.remoteAddress,
          detail: event.detail,
          received_at: event.receivedAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toConnectionRefusalRecord(row);
    });
  }

  list(filter: EventFilter = {}): Promise<ConnectionRefusalRecord[]> {
    return guard('list refused connections', async () => {
      let query = this.#db.selectFrom('connection_refusal').selectAll();
      if (filter.chargePointId !== undefined)
        query = query.where('charge_point_id', '=', filter.chargePointId);
      query = query.orderBy('id', 'desc');
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      const rows = await query.execute();
      return rows.map(toConnectionRefusalRecord);
    });
  }
}
