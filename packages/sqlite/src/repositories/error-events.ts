import type { ErrorEventFilter, ErrorEventRecord, ErrorEventRepository, NewErrorEvent } from '@levity/core';
import type { Kysely, Selectable } from 'kysely';
import type { SqliteConnection } from '../engine/connection.js';
import { guard, guardSync } from '../errors.js';
import type { Database, ErrorEventTable } from '../schema.js';

function toErrorEventRecord(row: Selectable<ErrorEventTable>): ErrorEventRecord {
  return {
    id: row.id,
    chargePointId: row.charge_point_id,
    connectorId: row.connector_id,
    errorCode: row.error_code,
    status: row.status,
    info: row.info,
    vendorId: row.vendor_id,
    vendorErrorCode: row.vendor_error_code,
    timestamp: row.timestamp,
    receivedAt: row.received_at,
  };
}

/** What a StatusNotification with an error runs, prepared once per connection. */
export const ADD_ERROR_EVENT_SQL = `INSERT INTO cp_err (charge_point_id, connector_id, error_code, status, info,
    vendor_id, vendor_error_code, timestamp, received_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`;

/** `ErrorEventRepository` on the `cp_err` table. */
export class SqliteErrorEvents implements ErrorEventRepository {
  readonly #connection: SqliteConnection;
  readonly #db: Kysely<Database>;

  constructor(connection: SqliteConnection) {
    this.#connection = connection;
    this.#db = connection.db;
  }

  add(event: NewErrorEvent): Promise<ErrorEventRecord> {
    return guardSync('store an error event', () => {
      const row = this.#connection
        .statement(ADD_ERROR_EVENT_SQL)
        .get(
          event.chargePointId,
          event.connectorId,
          event.errorCode,
          event.status,
          event.info,
          event.vendorId,
          event.vendorErrorCode,
          event.timestamp,
          event.receivedAt,
        ) as Selectable<ErrorEventTable>;
      return toErrorEventRecord(row);
    });
  }

  list(filter: ErrorEventFilter = {}): Promise<ErrorEventRecord[]> {
    return guard('list error events', async () => {
      let query = this.#db.selectFrom('cp_err').selectAll();
      if (filter.chargePointId !== undefined)
        query = query.where('charge_point_id', '=', filter.chargePointId);
      query = query.orderBy('id', 'desc');
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      const rows = await query.execute();
      return rows.map(toErrorEventRecord);
    });
  }
}
