import { expect, it } from 'vitest';
import type { ErrorEventFilter } from '../../storage/records.js';
import type { Storage } from '../../storage/storage.js';
import { isoTime, newErrorEvent } from '../fixtures.js';

export function errorEventContract(storage: () => Storage): void {
  const errors = () => storage().errors;

  it('stores the event with a positive integer id and returns it', async () => {
    const event = newErrorEvent();
    const record = await errors().add(event);
    expect(Number.isSafeInteger(record.id) && record.id > 0).toBe(true);
    expect(record).toStrictEqual({ ...event, id: record.id });
    expect(await errors().list()).toStrictEqual([record]);
  });

  it('keeps null fields null', async () => {
    const event = newErrorEvent({
      info: null,
      vendorId: null,
      vendorErrorCode: null,
      timestamp: null,
      connectorId: 0,
    });
    const record = await errors().add(event);
    expect(await errors().list()).toStrictEqual([{ ...event, id: record.id }]);
  });

  it('lists events newest first', async () => {
    const first = await errors().add(newErrorEvent({ timestamp: isoTime(50) }));
    const second = await errors().add(newErrorEvent({ timestamp: isoTime(10) }));
    const third = await errors().add(newErrorEvent({ timestamp: null }));
    expect(first.id).toBeLessThan(second.id);
    expect(second.id).toBeLessThan(third.id);
    expect(await errors().list()).toStrictEqual([third, second, first]);
  });

  it('filters by charge point and limits the count', async () => {
    const a1 = await errors().add(newErrorEvent({ chargePointId: 'CP001' }));
    const b1 = await errors().add(newErrorEvent({ chargePointId: 'CP002' }));
    const a2 = await errors().add(newErrorEvent({ chargePointId: 'CP001', errorCode: 'GroundFailure' }));
    const ids = async (filter: ErrorEventFilter) => (await errors().list(filter)).map((record) => record.id);
    expect(await ids({ chargePointId: 'CP001' })).toStrictEqual([a2.id, a1.id]);
    expect(await ids({ chargePointId: 'CP002' })).toStrictEqual([b1.id]);
    expect(await ids({ chargePointId: 'CP404' })).toStrictEqual([]);
    expect(await ids({ limit: 2 })).toStrictEqual([a2.id, b1.id]);
    expect(await ids({ chargePointId: 'CP001', limit: 1 })).toStrictEqual([a2.id]);
  });

  it('returns copies and keeps no reference to what it was given', async () => {
    const event = newErrorEvent();
    const record = await errors().add(event);
    event.info = 'mutated';
    record.errorCode = 'NoError';
    const [listed] = await errors().list();
    if (!listed) throw new Error('event is not listed');
    listed.status = 'Available';
    expect(await errors().list()).toStrictEqual([{ ...newErrorEvent(), id: record.id }]);
  });
}
