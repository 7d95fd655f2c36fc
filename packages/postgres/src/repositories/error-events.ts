import type { ErrorEventFilter, ErrorEventRecord, ErrorEventRepository, NewErrorEvent } from '@levity/core';
import type { Selectable } from 'kysely';
import type { ErrorEventTable } from '../schema.js';
import type { Session } from '../session.js';

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

/** `ErrorEventRepository` on the `cp_err` table. */
export class PostgresErrorEvents implements ErrorEventRepository {
  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  add(event: NewErrorEvent): Promise<ErrorEventRecord> {
    return this.#session.guard('store an error event', async () => {
      const row = await this.#session.db
        .insertInto('cp_err')
        .values({
          charge_point_id: event.chargePointId,
          connector_id: event.connectorId,
          error_code: event.errorCode,
          status: event.status,
          info: event.info,
          vendor_id: event.vendorId,
          vendor_error_code: event.vendorErrorCode,
          timestamp: event.timestamp,
          received_at: event.receivedAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toErrorEventRecord(row);
    });
  }

  list(filter: ErrorEventFilter = {}): Promise<ErrorEventRecord[]> {
    return this.#session.guard('list error events', async () => {
      let query = this.#session.db.selectFrom('cp_err').selectAll();
      if (filter.chargePointId !== undefined)
        query = query.where('charge_point_id', '=', filter.chargePointId);
      query = query.orderBy('id', 'desc');
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      const rows = await query.execute();
      return rows.map(toErrorEventRecord);
    });
  }
}
