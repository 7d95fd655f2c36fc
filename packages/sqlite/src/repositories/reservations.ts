import type {
  IsoTimestamp,
  NewReservation,
  ReservationFilter,
  ReservationRecord,
  ReservationRepository,
} from '@levity/core';
import { type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { SqliteConnection } from '../engine/connection.js';
import { guard } from '../errors.js';
import type { Database, ReservationTable } from '../schema.js';

type Change = Parameters<ReservationRepository['update']>[1];

function toReservationRecord(row: Selectable<ReservationTable>): ReservationRecord {
  return {
    id: row.id,
    chargePointId: row.charge_point_id,
    connectorId: row.connector_id,
    idTag: row.id_tag,
    parentIdTag: row.parent_id_tag,
    expiryDate: row.expiry_date,
    status: row.status,
    transactionId: row.transaction_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const laterUpdatedAt = (at: IsoTimestamp) => sql<IsoTimestamp>`max(updated_at, ${at})`;

/** `ReservationRepository` on the `reservation` table; ids come from its AUTOINCREMENT key. */
export class SqliteReservations implements ReservationRepository {
  readonly #db: Kysely<Database>;

  constructor(connection: SqliteConnection) {
    this.#db = connection.db;
  }

  create(reservation: NewReservation): Promise<ReservationRecord> {
    return guard('create a reservation', async () => {
      const row = await this.#db
        .insertInto('reservation')
        .values({
          // Left out, AUTOINCREMENT assigns one above every id the table ever held.
          ...(reservation.id === undefined ? {} : { id: reservation.id }),
          charge_point_id: reservation.chargePointId,
          connector_id: reservation.connectorId,
          id_tag: reservation.idTag,
          parent_id_tag: reservation.parentIdTag,
          expiry_date: reservation.expiryDate,
          status: 'Requested',
          created_at: reservation.createdAt,
          updated_at: reservation.createdAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toReservationRecord(row);
    });
  }

  get(id: number): Promise<ReservationRecord | undefined> {
    return guard('read a reservation', async () => {
      const row = await this.#db
        .selectFrom('reservation')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toReservationRecord(row);
    });
  }

  update(id: number, change: Change, at: IsoTimestamp): Promise<ReservationRecord | undefined> {
    return guard('update a reservation', async () => {
      const fields: Updateable<ReservationTable> = { status: change.status };
      // Left out (or undefined), the transaction stays as it is; null clears it.
      if (change.transactionId !== undefined) fields.transaction_id = change.transactionId;
      const row = await this.#db
        .updateTable('reservation')
        .set({ ...fields, updated_at: laterUpdatedAt(at) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toReservationRecord(row);
    });
  }

  list(filter: ReservationFilter = {}): Promise<ReservationRecord[]> {
    return guard('list reservations', async () => {
      let query = this.#db.selectFrom('reservation').selectAll();
      if (filter.chargePointId !== undefined)
        query = query.where('charge_point_id', '=', filter.chargePointId);
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      query = query.orderBy('id', 'desc');
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      const rows = await query.execute();
      return rows.map(toReservationRecord);
    });
  }

  expire(now: IsoTimestamp): Promise<ReservationRecord[]> {
    return guard('expire reservations', async () => {
      const rows = await this.#db
        .updateTable('reservation')
        .set({ status: 'Expired', updated_at: laterUpdatedAt(now) })
        .where('status', '=', 'Accepted')
        .where('expiry_date', '<=', now)
        .returningAll()
        .execute();
      // RETURNING gives no order.
      return rows.map(toReservationRecord).sort((a, b) => a.id - b.id);
    });
  }
}
