import type { DataTransferRecord, DataTransferRepository, EventFilter, NewDataTransfer } from '@levity/core';
import type { Kysely, Selectable } from 'kysely';
import type { SqliteConnection } from '../engine/connection.js';
import { guard } from '../errors.js';
import type { Database, DataTransferTable } from '../schema.js';

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
export class SqliteDataTransfers implements DataTransferRepository {
  readonly #db: Kysely<Database>;

  constructor(connection: SqliteConnection) {
    this.#db = connection.db;
  }

  add(transfer: NewDataTransfer): Promise<DataTransferRecord> {
    return guard('store a data transfer', async () => {
      const row = await this.#db
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
    return guard('list data transfers', async () => {
      let query = this.#db.selectFrom('data_transfer').selectAll();
      if (filter.chargePointId !== undefined)
        query = query.where('charge_point_id', '=', filter.chargePointId);
      query = query.orderBy('id', 'desc');
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      const rows = await query.execute();
      return rows.map(toDataTransferRecord);
    });
  }
}
