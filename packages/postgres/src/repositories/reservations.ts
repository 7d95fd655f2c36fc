import type {
  IsoTimestamp,
  NewReservation,
  ReservationFilter,
  ReservationRecord,
  ReservationReplacement,
  ReservationRepository,
} from '@levity/core';
import { NEXT_RESERVATION_ID_SQL, ReservationIdsExhaustedError } from '@levity/core';
import { type Selectable, sql, type Updateable } from 'kysely';
import type { ReservationTable } from '../schema.js';
import type { Session } from '../session.js';

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

const laterUpdatedAt = (at: IsoTimestamp) => sql<IsoTimestamp>`greatest(updated_at, ${at})`;

/**
 * `ReservationRepository` on the `reservation` table. Ids are assigned by
 * `NEXT_RESERVATION_ID_SQL` (within int32, whatever ids were given), not by the identity
 * column's sequence, which would have to follow a large given id up beyond it.
 */
export class PostgresReservations implements ReservationRepository {
  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  async create(reservation: NewReservation): Promise<ReservationRecord> {
    const created = await this.#session.guard('create a reservation', () =>
      this.#session.atomic(async (trx) => {
        // One creation at a time, cluster-wide, until this one commits: the next id is
        // read from the table, and two creations must not read the same one.
        await sql`select pg_advisory_xact_lock(hashtext('levity.reservations.create'), 0)`.execute(trx);
        const id =
          reservation.id ??
          (await sql.raw<{ id: number | null }>(NEXT_RESERVATION_ID_SQL).execute(trx)).rows[0]?.id ??
          null;
        if (id === null) return undefined;
        const row = await trx
          .insertInto('reservation')
          .values({
            id,
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
      }),
    );
    if (created === undefined) throw new ReservationIdsExhaustedError();
    return created;
  }

  get(id: number): Promise<ReservationRecord | undefined> {
    return this.#session.guard('read a reservation', async () => {
      const row = await this.#session.db
        .selectFrom('reservation')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toReservationRecord(row);
    });
  }

  update(id: number, change: Change, at: IsoTimestamp): Promise<ReservationRecord | undefined> {
    return this.#session.guard('update a reservation', async () => {
      const fields: Updateable<ReservationTable> = { status: change.status };
      // Left out (or undefined), the transaction stays as it is; null clears it.
      if (change.transactionId !== undefined) fields.transaction_id = change.transactionId;
      const row = await this.#session.db
        .updateTable('reservation')
        .set({ ...fields, updated_at: laterUpdatedAt(at) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toReservationRecord(row);
    });
  }

  replace(
    id: number,
    replacement: ReservationReplacement,
    at: IsoTimestamp,
  ): Promise<ReservationRecord | undefined> {
    return this.#session.guard('replace a reservation', async () => {
      const row = await this.#session.db
        .updateTable('reservation')
        .set({
          connector_id: replacement.connectorId,
          id_tag: replacement.idTag,
          parent_id_tag: replacement.parentIdTag,
          expiry_date: replacement.expiryDate,
          status: 'Requested',
          transaction_id: null,
          updated_at: laterUpdatedAt(at),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toReservationRecord(row);
    });
  }

  list(filter: ReservationFilter = {}): Promise<ReservationRecord[]> {
    return this.#session.guard('list reservations', async () => {
      let query = this.#session.db.selectFrom('reservation').selectAll();
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
    return this.#session.guard('expire reservations', async () => {
      const rows = await this.#session.db
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
