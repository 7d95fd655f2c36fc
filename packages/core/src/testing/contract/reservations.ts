import { describe, expect, it } from 'vitest';
import type {
  NewReservation,
  ReservationFilter,
  ReservationRecord,
  ReservationStatus,
} from '../../storage/records.js';
import { RESERVATION_ID_MAX } from '../../storage/reservation-ids.js';
import type { Storage } from '../../storage/storage.js';
import { isoTime, newReservation } from '../fixtures.js';

/** What `create` must return for `reservation` once it got `id`. */
function created(id: number, reservation: NewReservation): ReservationRecord {
  return { ...reservation, id, status: 'Requested', transactionId: null, updatedAt: reservation.createdAt };
}

export function reservationContract(storage: () => Storage): void {
  const reservations = () => storage().reservations;

  /** Creates a reservation and moves it to `status`. */
  async function createWith(status: ReservationStatus, overrides: Partial<NewReservation> = {}) {
    const record = await reservations().create(newReservation(overrides));
    const updated = await reservations().update(record.id, { status }, record.createdAt);
    if (!updated) throw new Error('the reservation was not updated');
    return updated;
  }

  describe('create and get', () => {
    it('creates the reservation as Requested with a positive integer id and returns it', async () => {
      const reservation = newReservation();
      const record = await reservations().create(reservation);
      expect(Number.isSafeInteger(record.id) && record.id > 0).toBe(true);
      expect(record).toStrictEqual(created(record.id, reservation));
      expect(await reservations().get(record.id)).toStrictEqual(record);
    });

    it('keeps a missing parent id tag null, and a reservation of the whole charge point', async () => {
      const reservation = newReservation({ parentIdTag: null, connectorId: 0 });
      const record = await reservations().create(reservation);
      expect(await reservations().get(record.id)).toStrictEqual(created(record.id, reservation));
    });

    it('returns undefined for an id it never issued', async () => {
      expect(await reservations().get(1)).toBeUndefined();
      const record = await reservations().create(newReservation());
      expect(await reservations().get(record.id + 1)).toBeUndefined();
    });

    it('creates the reservation with the id it is given', async () => {
      const reservation = newReservation({ id: 4242 });
      const record = await reservations().create(reservation);
      expect(record).toStrictEqual(created(4242, reservation));
      expect(await reservations().get(4242)).toStrictEqual(record);
    });

    it('assigns ids above every id used before, given ones included', async () => {
      const assigned = await reservations().create(newReservation());
      await reservations().create(newReservation({ id: assigned.id + 100 }));
      await reservations().create(newReservation({ id: assigned.id + 50 }));
      const next = await reservations().create(newReservation());
      expect(next.id).toBeGreaterThan(assigned.id + 100);
      expect((await reservations().list()).map((record) => record.id)).toStrictEqual([
        next.id,
        assigned.id + 100,
        assigned.id + 50,
        assigned.id,
      ]);
    });

    it('keeps assigned ids within int32, whatever larger ids were given', async () => {
      const assigned = await reservations().create(newReservation());
      await reservations().create(newReservation({ id: 3_000_000_000 }));
      await reservations().create(newReservation({ id: RESERVATION_ID_MAX + 1 }));
      const next = await reservations().create(newReservation());
      expect(next.id).toBe(assigned.id + 1);
      expect(await reservations().get(3_000_000_000)).toMatchObject({ id: 3_000_000_000 });
    });

    it('assigns the lowest free id once the largest int32 id is taken, never one in use', async () => {
      await reservations().create(newReservation({ id: RESERVATION_ID_MAX }));
      await reservations().create(newReservation({ id: 2 }));
      await reservations().create(newReservation({ id: RESERVATION_ID_MAX + 7 }));
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) ids.push((await reservations().create(newReservation())).id);
      expect(ids).toStrictEqual([1, 3, 4]);
      expect((await reservations().list()).map((record) => record.id)).toStrictEqual([
        RESERVATION_ID_MAX + 7,
        RESERVATION_ID_MAX,
        4,
        3,
        2,
        1,
      ]);
    });

    it('refuses an id that exists already and changes nothing', async () => {
      const first = await reservations().create(newReservation({ id: 7 }));
      await expect(reservations().create(newReservation({ id: 7, idTag: 'RFID-0002' }))).rejects.toThrow();
      const assigned = await reservations().create(newReservation());
      await expect(reservations().create(newReservation({ id: assigned.id }))).rejects.toThrow();
      expect(await reservations().list()).toStrictEqual([assigned, first]);
    });

    it('issues increasing, distinct ids, also to reservations created at the same time', async () => {
      const first = await reservations().create(newReservation());
      const records = await Promise.all(
        Array.from({ length: 20 }, (_, i) => reservations().create(newReservation({ connectorId: i }))),
      );
      const ids = records.map((record) => record.id);
      expect(new Set(ids).size).toBe(20);
      expect(ids.every((id) => id > first.id)).toBe(true);
      for (const record of records) expect(await reservations().get(record.id)).toStrictEqual(record);
    });
  });

  describe('replace', () => {
    it('replaces the connector, id tags and expiry, back to Requested with no transaction, keeping createdAt and the charge point', async () => {
      const record = await reservations().create(newReservation({ createdAt: isoTime(1) }));
      await reservations().update(record.id, { status: 'Used', transactionId: 42 }, isoTime(2));
      const replacement = {
        connectorId: record.connectorId + 1,
        idTag: 'RFID-NEW',
        parentIdTag: null,
        expiryDate: isoTime(7200),
      };
      const expected: ReservationRecord = {
        ...record,
        ...replacement,
        status: 'Requested',
        transactionId: null,
        updatedAt: isoTime(3),
      };
      expect(await reservations().replace(record.id, replacement, isoTime(3))).toStrictEqual(expected);
      expect(await reservations().get(record.id)).toStrictEqual(expected);
      expect(
        await reservations().replace(record.id, { ...replacement, parentIdTag: 'FLEET' }, isoTime(0)),
      ).toStrictEqual({ ...expected, parentIdTag: 'FLEET' });
    });

    it('returns undefined for an id it never issued and changes nothing', async () => {
      const record = await reservations().create(newReservation());
      expect(
        await reservations().replace(
          record.id + 1,
          { connectorId: 2, idTag: 'X', parentIdTag: null, expiryDate: isoTime(1) },
          isoTime(1),
        ),
      ).toBeUndefined();
      expect(await reservations().list()).toStrictEqual([record]);
    });
  });

  describe('update', () => {
    it('sets the status and returns the reservation', async () => {
      const record = await reservations().create(newReservation());
      const expected = { ...record, status: 'Accepted' as const, updatedAt: isoTime(2) };
      expect(await reservations().update(record.id, { status: 'Accepted' }, isoTime(2))).toStrictEqual(
        expected,
      );
      expect(await reservations().get(record.id)).toStrictEqual(expected);
    });

    it('sets the transaction when given, keeps it when not, and clears it with null', async () => {
      const record = await reservations().create(newReservation());
      expect(
        await reservations().update(record.id, { status: 'Used', transactionId: 42 }, isoTime(3)),
      ).toStrictEqual({ ...record, status: 'Used', transactionId: 42, updatedAt: isoTime(3) });
      expect(await reservations().update(record.id, { status: 'Cancelled' }, isoTime(4))).toMatchObject({
        status: 'Cancelled',
        transactionId: 42,
      });
      expect(
        await reservations().update(record.id, { status: 'Accepted', transactionId: null }, isoTime(5)),
      ).toMatchObject({ status: 'Accepted', transactionId: null });
    });

    it('stores every status a reservation can have', async () => {
      const statuses: ReservationStatus[] = [
        'Requested',
        'Accepted',
        'Faulted',
        'Occupied',
        'Rejected',
        'Unavailable',
        'Failed',
        'Used',
        'Cancelled',
        'Expired',
      ];
      for (const status of statuses) {
        const record = await createWith(status);
        expect((await reservations().get(record.id))?.status).toBe(status);
      }
    });

    it('sets updatedAt but never moves it backwards, and keeps createdAt', async () => {
      const record = await reservations().create(newReservation({ createdAt: isoTime(10) }));
      expect(await reservations().update(record.id, { status: 'Accepted' }, isoTime(5))).toMatchObject({
        status: 'Accepted',
        createdAt: isoTime(10),
        updatedAt: isoTime(10),
      });
      expect(await reservations().update(record.id, { status: 'Used' }, isoTime(20))).toMatchObject({
        createdAt: isoTime(10),
        updatedAt: isoTime(20),
      });
    });

    it('returns undefined for an id it never issued and changes nothing', async () => {
      const record = await reservations().create(newReservation());
      expect(await reservations().update(record.id + 1, { status: 'Accepted' }, isoTime(1))).toBeUndefined();
      expect(await reservations().list()).toStrictEqual([record]);
    });
  });

  describe('list', () => {
    const ids = async (filter?: ReservationFilter) =>
      (await reservations().list(filter)).map((record) => record.id);

    it('lists reservations newest first, filtered by charge point and status, and limited', async () => {
      const a = await createWith('Accepted', { chargePointId: 'CP001', createdAt: isoTime(30) });
      const b = await createWith('Accepted', { chargePointId: 'CP002' });
      const c = await createWith('Rejected', { chargePointId: 'CP001', createdAt: isoTime(10) });
      const d = await createWith('Accepted', { chargePointId: 'CP001' });
      expect(await reservations().list()).toStrictEqual([d, c, b, a]);
      expect(await ids({})).toStrictEqual([d.id, c.id, b.id, a.id]);
      expect(await ids({ chargePointId: 'CP001' })).toStrictEqual([d.id, c.id, a.id]);
      expect(await ids({ chargePointId: 'cp001' })).toStrictEqual([]);
      expect(await ids({ status: 'Accepted' })).toStrictEqual([d.id, b.id, a.id]);
      expect(await ids({ status: 'Expired' })).toStrictEqual([]);
      expect(await ids({ chargePointId: 'CP001', status: 'Accepted' })).toStrictEqual([d.id, a.id]);
      expect(await ids({ chargePointId: 'CP001', status: 'Accepted', limit: 1 })).toStrictEqual([d.id]);
      expect(await ids({ limit: 2 })).toStrictEqual([d.id, c.id]);
      expect(await ids({ limit: 0 })).toStrictEqual([]);
    });
  });

  describe('expire', () => {
    it('expires accepted reservations whose expiry date has come, and returns them oldest first', async () => {
      // Created in another order than they expire in: the answer follows ids.
      const late = await createWith('Accepted', { expiryDate: isoTime(100) });
      const due = await createWith('Accepted', { expiryDate: isoTime(60) });
      const past = await createWith('Accepted', { chargePointId: 'CP002', expiryDate: isoTime(50) });
      const future = await createWith('Accepted', { expiryDate: isoTime(60.001) });
      const expired = await reservations().expire(isoTime(60));
      expect(expired).toStrictEqual([
        { ...due, status: 'Expired', updatedAt: isoTime(60) },
        { ...past, status: 'Expired', updatedAt: isoTime(60) },
      ]);
      expect(await reservations().get(due.id)).toStrictEqual(expired[0]);
      expect(await reservations().get(past.id)).toStrictEqual(expired[1]);
      expect(await reservations().get(late.id)).toStrictEqual(late);
      expect(await reservations().get(future.id)).toStrictEqual(future);
    });

    it('leaves reservations in every other status alone', async () => {
      const others: ReservationRecord[] = [];
      for (const status of [
        'Requested',
        'Faulted',
        'Occupied',
        'Rejected',
        'Unavailable',
        'Failed',
        'Used',
        'Cancelled',
      ] as const) {
        others.push(await createWith(status, { expiryDate: isoTime(1) }));
      }
      expect(await reservations().expire(isoTime(1000))).toStrictEqual([]);
      expect(await reservations().list()).toStrictEqual([...others].reverse());
    });

    it('expires a reservation once', async () => {
      const record = await createWith('Accepted', { expiryDate: isoTime(10) });
      expect(await reservations().expire(isoTime(10))).toHaveLength(1);
      expect(await reservations().expire(isoTime(20))).toStrictEqual([]);
      expect(await reservations().get(record.id)).toMatchObject({
        status: 'Expired',
        updatedAt: isoTime(10),
      });
    });

    it('never moves updatedAt backwards', async () => {
      const record = await reservations().create(newReservation({ expiryDate: isoTime(10) }));
      await reservations().update(record.id, { status: 'Accepted' }, isoTime(50));
      expect(await reservations().expire(isoTime(20))).toStrictEqual([
        { ...record, status: 'Expired', updatedAt: isoTime(50) },
      ]);
    });

    it('returns an empty list when nothing is due', async () => {
      expect(await reservations().expire(isoTime(0))).toStrictEqual([]);
      await createWith('Accepted', { expiryDate: isoTime(10) });
      expect(await reservations().expire(isoTime(9.999))).toStrictEqual([]);
    });
  });

  it('returns copies and keeps no reference to what it was given', async () => {
    const reservation = newReservation();
    const record = await reservations().create(reservation);
    reservation.idTag = 'MUTATED';
    record.status = 'Failed';
    const fetched = await reservations().get(record.id);
    if (!fetched) throw new Error('the reservation is missing');
    fetched.connectorId = 99;
    const [listed] = await reservations().list();
    if (!listed) throw new Error('the reservation is not listed');
    listed.expiryDate = isoTime(999);
    const updated = await reservations().update(record.id, { status: 'Accepted' }, isoTime(0));
    if (!updated) throw new Error('the reservation was not updated');
    updated.idTag = 'MUTATED';
    const [expired] = await reservations().expire(isoTime(10_000));
    if (!expired) throw new Error('the reservation did not expire');
    expired.parentIdTag = 'MUTATED';
    expect(await reservations().get(record.id)).toStrictEqual({
      ...created(record.id, newReservation()),
      status: 'Expired',
      updatedAt: isoTime(10_000),
    });
  });
}
