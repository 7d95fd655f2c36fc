import type {
  IsoTimestamp,
  NewReservation,
  ReservationFilter,
  ReservationRecord,
  ReservationRepository,
} from '@levity/core';
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

/** `ReservationRepository` on the `reservation` table; ids come from its identity column. */
export class PostgresReservations implements ReservationRepository {
  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  create(reservation: NewReservation): Promise<ReservationRecord> {
    return this.#session.guard('create a reservation', () =>
      this.#session.atomic(async (trx) => {
        // One creation at a time, cluster-wide, until this one commits: a chosen id moves
        // the sequence up (setval), which must not race another creation's nextval and
        // move it back down. Reservations are few; the lock costs nothing that matters.
        await sql`select pg_advisory_xact_lock(hashtext('levity.reservations.create'), 0)`.execute(trx);
        const row = await trx
          .insertInto('reservation')
          .values({
            // Left out, the identity's sequence assigns one above every id used before.
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
        if (reservation.id !== undefined) {
          // Above the last value the sequence handed out (none yet: one below its start).
          await sql`select setval('reservation_id_seq', ${reservation.id}::bigint) from reservation_id_seq
            where ${reservation.id}::bigint > case when is_called then last_value else last_value - 1 end`.execute(
            trx,
          );
        }
        return toReservationRecord(row);
      }),
    );
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
