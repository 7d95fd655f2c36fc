import type { DataTransferRecord, DataTransferRepository, EventFilter, NewDataTransfer } from '@levity/core';
import type { Selectable } from 'kysely';
import type { DataTransferTable } from '../schema.js';
import type { Session } from '../session.js';

function toDataTransferRecord(row: Selectable<DataTransferTable>): DataTransferRecord {
  return {
    id: row.id,
    chargePointId: row.charge_point_id,
    vendorId: row.vendor_id,
    messageId: row.message_id,
    data: row.data,
    status: row.status,
    responseData: row.response_data,
    receivedAt: row.received_at,
  };
}

/** `DataTransferRepository` on the `data_transfer` table. */
export class PostgresDataTransfers implements DataTransferRepository {
  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  add(transfer: NewDataTransfer): Promise<DataTransferRecord> {
    return this.#session.guard('store a data transfer', async () => {
      const row = await this.#session.db
        .insertInto('data_transfer')
        .values({
          charge_point_id: transfer.chargePointId,
          vendor_id: transfer.vendorId,
          message_id: transfer.messageId,
          data: transfer.data,
          status: transfer.status,
          response_data: transfer.responseData,
          received_at: transfer.receivedAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toDataTransferRecord(row);
    });
  }

  list(filter: EventFilter = {}): Promise<DataTransferRecord[]> {
    return this.#session.guard('list data transfers', async () => {
      let query = this.#session.db.selectFrom('data_transfer').selectAll();
      if (filter.chargePointId !== undefined)
        query = query.where('charge_point_id', '=', filter.chargePointId);
      query = query.orderBy('id', 'desc');
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      const rows = await query.execute();
      return rows.map(toDataTransferRecord);
    });
  }
}
