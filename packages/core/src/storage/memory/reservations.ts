import { LevityError } from '../../errors.js';
import type { NewReservation, ReservationFilter, ReservationRecord } from '../records.js';
import type { ReservationRepository } from '../storage.js';
import { copy, later, newestFirst } from './shared.js';
import type { UndoLog } from './undo-log.js';

type Change = Parameters<ReservationRepository['update']>[1];

/** `ReservationRepository` in a map by id; assigned ids are never reused. */
export class MemoryReservations implements ReservationRepository {
  readonly #rows = new Map<number, ReservationRecord>();
  #nextId = 1;
  readonly #log: UndoLog;

  constructor(log: UndoLog) {
    this.#log = log;
  }

  async create(reservation: NewReservation) {
    const id = reservation.id ?? this.#nextId;
    if (this.#rows.has(id)) {
      throw new LevityError('LEVITY_ERR_STORAGE', `Cannot create reservation ${id}: it exists already`);
    }
    const nextId = this.#nextId;
    this.#log.onRollback(() => {
      this.#nextId = nextId;
    });
    // Like SQLite's AUTOINCREMENT: the next assigned id is above every id used before.
    this.#nextId = Math.max(this.#nextId, id + 1);
    const row: ReservationRecord = {
      chargePointId: reservation.chargePointId,
      connectorId: reservation.connectorId,
      idTag: reservation.idTag,
      parentIdTag: reservation.parentIdTag,
      expiryDate: reservation.expiryDate,
      createdAt: reservation.createdAt,
      id,
      status: 'Requested',
      transactionId: null,
      updatedAt: reservation.createdAt,
    };
    this.#log.entry(this.#rows, row.id);
    this.#rows.set(row.id, row);
    return copy(row);
  }

  async get(id: number) {
    const row = this.#rows.get(id);
    return row && copy(row);
  }

  async update(id: number, change: Change, at: string) {
    const row = this.#rows.get(id);
    if (!row) return undefined;
    this.#log.entry(this.#rows, id);
    row.status = change.status;
    if (change.transactionId !== undefined) row.transactionId = change.transactionId;
    row.updatedAt = later(row.updatedAt, at);
    return copy(row);
  }

  async list(filter: ReservationFilter = {}) {
    return newestFirst(
      this.#rows.values(),
      (row) =>
        (filter.chargePointId === undefined || row.chargePointId === filter.chargePointId) &&
        (filter.status === undefined || row.status === filter.status),
      filter.limit,
    );
  }

  async expire(now: string) {
    const expired: ReservationRecord[] = [];
    for (const row of this.#rows.values()) {
      if (row.status === 'Accepted' && row.expiryDate <= now) {
        this.#log.entry(this.#rows, row.id);
        row.status = 'Expired';
        row.updatedAt = later(row.updatedAt, now);
        expired.push(copy(row));
      }
    }
    return expired.sort((a, b) => a.id - b.id);
  }
}
