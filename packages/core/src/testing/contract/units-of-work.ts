import { expect, it, type TestContext } from 'vitest';
import type { Storage } from '../../storage/storage.js';
import {
  isoTime,
  newErrorEvent,
  newMeterValue,
  newReservation,
  newTransaction,
  startKeyOf,
  statusUpdate,
} from '../fixtures.js';

type Work<T> = (unit: Storage) => Promise<T>;

/** A promise with its resolve function, to hold a unit of work at a point of the test's choosing. */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/**
 * `storage.transaction`, for the storages that have it. A storage without it is still
 * valid: Levity then runs the writes one after another (see `runUnitOfWork`), and
 * these tests are skipped.
 */
function unitsOf(storage: Storage, context: TestContext): <T>(work: Work<T>) => Promise<T> {
  if (!storage.transaction) {
    context.skip('this storage has no units of work (storage.transaction)');
  }
  return <T>(work: Work<T>): Promise<T> => {
    if (!storage.transaction) throw new Error('unreachable: skipped above');
    return storage.transaction(work);
  };
}

export function unitOfWorkContract(storage: () => Storage): void {
  it('leaves nothing behind when the unit throws after writes in several repositories', async (context) => {
    const run = unitsOf(storage(), context);
    const reservation = await storage().reservations.create(newReservation({ chargePointId: 'CP-UNIT' }));
    await storage().reservations.update(reservation.id, { status: 'Accepted' }, isoTime(1));
    const reservationBefore = await storage().reservations.get(reservation.id);
    const failure = new Error('the handler failed half way');

    const outcome = run(async (unit) => {
      const started = await unit.transactions.start(
        newTransaction({ chargePointId: 'CP-UNIT', reservationId: reservation.id }),
      );
      await unit.meterValues.add([
        newMeterValue({ chargePointId: 'CP-UNIT', transactionId: started.id }),
        newMeterValue({ chargePointId: 'CP-UNIT', transactionId: started.id, timestamp: isoTime(120) }),
      ]);
      await unit.reservations.update(
        reservation.id,
        { status: 'Used', transactionId: started.id },
        isoTime(2),
      );
      await unit.connectors.recordStatus(statusUpdate({ chargePointId: 'CP-UNIT', status: 'Charging' }));
      await unit.errors.add(newErrorEvent({ chargePointId: 'CP-UNIT' }));
      await unit.transactions.flag(started.id, { attention: 'OpenWhileAvailable', at: isoTime(3) });
      throw failure;
    });

    await expect(outcome).rejects.toBe(failure);
    expect(await storage().transactions.list()).toStrictEqual([]);
    expect(await storage().meterValues.list()).toStrictEqual([]);
    expect(await storage().reservations.get(reservation.id)).toStrictEqual(reservationBefore);
    expect(await storage().connectors.get('CP-UNIT', 1)).toBeUndefined();
    expect(await storage().chargePoints.get('CP-UNIT')).toBeUndefined();
    expect(await storage().errors.list()).toStrictEqual([]);
  });

  it('rolls back changes to rows that existed before the unit', async (context) => {
    const run = unitsOf(storage(), context);
    const started = await storage().transactions.start(newTransaction());
    await storage().chargePoints.recordHeartbeat('CP001', isoTime(5));
    const chargePointBefore = await storage().chargePoints.get('CP001');

    const outcome = run(async (unit) => {
      await unit.transactions.stop(
        started.id,
        { meterStop: 99, stoppedAt: isoTime(9), reason: null, idTag: null, receivedAt: isoTime(9) },
        [newMeterValue({ transactionId: started.id })],
      );
      await unit.chargePoints.recordHeartbeat('CP001', isoTime(10));
      throw new Error('no');
    });

    await expect(outcome).rejects.toThrow('no');
    expect(await storage().transactions.get(started.id)).toStrictEqual(started);
    expect(await storage().chargePoints.get('CP001')).toStrictEqual(chargePointBefore);
    expect(await storage().meterValues.list()).toStrictEqual([]);
  });

  it("returns the unit's result, and its writes are stored", async (context) => {
    const run = unitsOf(storage(), context);
    const started = await run(async (unit) => {
      const transaction = await unit.transactions.start(newTransaction({ chargePointId: 'CP-OK' }));
      await unit.meterValues.add([newMeterValue({ chargePointId: 'CP-OK', transactionId: transaction.id })]);
      await unit.connectors.recordStatus(statusUpdate({ chargePointId: 'CP-OK', status: 'Charging' }));
      return transaction;
    });

    expect(await storage().transactions.get(started.id)).toStrictEqual(started);
    expect(await storage().meterValues.list({ transactionId: started.id })).toHaveLength(1);
    expect(await storage().connectors.get('CP-OK', 1)).toMatchObject({ status: 'Charging' });
  });

  it("lets the unit's writes see its own earlier writes", async (context) => {
    const run = unitsOf(storage(), context);
    const transaction = newTransaction({ chargePointId: 'CP-SELF' });
    const seen = await run(async (unit) => {
      const started = await unit.transactions.start(transaction);
      const byStart = await unit.transactions.findByStart(startKeyOf(transaction));
      const active = await unit.transactions.listActive('CP-SELF');
      await unit.transactions.flag(started.id, {
        attention: 'Superseded',
        at: isoTime(2),
        stoppedAt: isoTime(2),
      });
      const flagged = await unit.transactions.get(started.id);
      await unit.meterValues.add([newMeterValue({ chargePointId: 'CP-SELF', transactionId: started.id })]);
      const values = await unit.meterValues.list({ transactionId: started.id });
      await unit.chargePoints.recordHeartbeat('CP-SELF', isoTime(3));
      const chargePoint = await unit.chargePoints.get('CP-SELF');
      return { started, byStart, active, flagged, values, chargePoint };
    });

    expect(seen.byStart).toStrictEqual(seen.started);
    expect(seen.active).toStrictEqual([seen.started]);
    expect(seen.flagged).toMatchObject({ attention: 'Superseded', stoppedAt: isoTime(2) });
    expect(seen.values).toHaveLength(1);
    expect(seen.chargePoint).toMatchObject({ lastHeartbeatAt: isoTime(3) });
  });

  it('never shows a unit the half-done writes of another', async (context) => {
    const run = unitsOf(storage(), context);
    const wroteFirst = signal();
    const goOn = signal();
    const first = run(async (unit) => {
      await unit.chargePoints.recordHeartbeat('CP-HALF', isoTime(1));
      wroteFirst.resolve();
      await goOn.promise;
      await unit.connectors.recordStatus(statusUpdate({ chargePointId: 'CP-HALF', status: 'Charging' }));
    });
    await wroteFirst.promise;
    const second = run(async (unit) => {
      const chargePoint = await unit.chargePoints.get('CP-HALF');
      const connector = await unit.connectors.get('CP-HALF', 1);
      return [chargePoint?.lastHeartbeatAt === isoTime(1), connector?.status === 'Charging'];
    });
    goOn.resolve();

    await first;
    const seen = await second;
    // Both writes of the first unit, neither, or (for a storage that runs units side by
    // side at READ COMMITTED, as PostgreSQL does) the first unit committed between the
    // second's two reads; never the heartbeat without the status.
    expect([
      [true, true],
      [false, false],
      [false, true],
    ]).toContainEqual(seen);
  });

  it('does not fail the other units when one of them fails', async (context) => {
    const run = unitsOf(storage(), context);
    const outcomes = await Promise.allSettled(
      [0, 1, 2, 3, 4].map((i) =>
        run(async (unit) => {
          await unit.chargePoints.recordHeartbeat(`CP-MANY-${i}`, isoTime(i));
          await unit.meterValues.add([newMeterValue({ chargePointId: `CP-MANY-${i}` })]);
          if (i === 2) throw new Error(`unit ${i} failed`);
          return i;
        }),
      ),
    );

    expect(outcomes.map((outcome) => outcome.status)).toStrictEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled').map((o) => o.value)).toStrictEqual([
      0, 1, 3, 4,
    ]);
    const stored = (await storage().chargePoints.list()).map((chargePoint) => chargePoint.id);
    expect(stored).toStrictEqual(['CP-MANY-0', 'CP-MANY-1', 'CP-MANY-3', 'CP-MANY-4']);
    expect(await storage().meterValues.list({ chargePointId: 'CP-MANY-2' })).toStrictEqual([]);
    expect(await storage().meterValues.list()).toHaveLength(4);
  });

  it('keeps a write made outside the unit while it runs when the unit is rolled back', async (context) => {
    const run = unitsOf(storage(), context);
    const wrote = signal();
    const goOn = signal();
    const unit = run(async (inside) => {
      await inside.chargePoints.recordHeartbeat('CP-INSIDE', isoTime(1));
      wrote.resolve();
      await goOn.promise;
      throw new Error('rolled back');
    });
    await wrote.promise;
    const outside = storage().chargePoints.recordHeartbeat('CP-OUTSIDE', isoTime(2));
    goOn.resolve();

    await expect(unit).rejects.toThrow('rolled back');
    await outside;
    expect(await storage().chargePoints.get('CP-OUTSIDE')).toMatchObject({ lastHeartbeatAt: isoTime(2) });
    expect(await storage().chargePoints.get('CP-INSIDE')).toBeUndefined();
  });

  it('runs a unit of work started inside a unit as part of it', async (context) => {
    const run = unitsOf(storage(), context);
    const kept = await run(async (unit) => {
      if (!unit.transaction) throw new Error('a unit must offer transaction() too');
      return unit.transaction(async (inner) => {
        await inner.chargePoints.recordHeartbeat('CP-NESTED', isoTime(1));
        return 42;
      });
    });
    expect(kept).toBe(42);
    expect(await storage().chargePoints.get('CP-NESTED')).toMatchObject({ lastHeartbeatAt: isoTime(1) });

    const outcome = run(async (unit) => {
      await unit.transaction?.(async (inner) => {
        await inner.chargePoints.recordHeartbeat('CP-NESTED-2', isoTime(1));
      });
      throw new Error('the outer unit failed');
    });
    await expect(outcome).rejects.toThrow('the outer unit failed');
    expect(await storage().chargePoints.get('CP-NESTED-2')).toBeUndefined();
  });
}
