import { expect, it } from 'vitest';
import type { MeterValueFilter, MeterValueRecord, NewMeterValue } from '../../storage/records.js';
import type { Storage } from '../../storage/storage.js';
import { isoTime, newMeterValue } from '../fixtures.js';

const withoutId = ({ id: _id, ...value }: MeterValueRecord): NewMeterValue => value;

export function meterValueContract(storage: () => Storage): void {
  const meterValues = () => storage().meterValues;

  it('stores every value with a positive integer id and returns how many', async () => {
    const values = [
      newMeterValue({
        connectorId: 2,
        transactionId: 17,
        reportedTransactionId: 17,
        value: '7.25',
        context: 'Transaction.Begin',
        format: 'SignedData',
        measurand: 'Current.Import',
        phase: 'L2-N',
        location: 'Cable',
        unit: 'A',
        source: 'StopTransaction',
      }),
      newMeterValue({ timestamp: isoTime(61) }),
    ];
    expect(await meterValues().add(values)).toBe(2);
    const stored = await meterValues().list();
    expect(stored.map(withoutId)).toStrictEqual(values);
    for (const record of stored) expect(Number.isSafeInteger(record.id) && record.id > 0).toBe(true);
  });

  it('keeps null fields null', async () => {
    const value = newMeterValue({
      connectorId: null,
      transactionId: null,
      reportedTransactionId: null,
      phase: null,
    });
    await meterValues().add([value]);
    expect((await meterValues().list()).map(withoutId)).toStrictEqual([value]);
  });

  it('stores an empty message as nothing', async () => {
    expect(await meterValues().add([])).toBe(0);
    expect(await meterValues().list()).toStrictEqual([]);
  });

  it('issues increasing ids in the order of the values', async () => {
    await meterValues().add([newMeterValue({ value: '1' }), newMeterValue({ value: '2' })]);
    await meterValues().add([newMeterValue({ value: '3' })]);
    const stored = await meterValues().list();
    expect(stored.map((record) => record.value)).toStrictEqual(['1', '2', '3']);
    const ids = stored.map((record) => record.id);
    expect(ids).toStrictEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(3);
  });

  it('lists values ordered by timestamp, then in the order they were stored', async () => {
    await meterValues().add([
      newMeterValue({ timestamp: isoTime(30), value: 'c' }),
      newMeterValue({ timestamp: isoTime(10), value: 'a' }),
    ]);
    await meterValues().add([
      newMeterValue({ timestamp: isoTime(30), value: 'd' }),
      newMeterValue({ timestamp: isoTime(10), value: 'b' }),
      newMeterValue({ timestamp: isoTime(20.5), value: 'b2' }),
    ]);
    expect((await meterValues().list()).map((record) => record.value)).toStrictEqual([
      'a',
      'b',
      'b2',
      'c',
      'd',
    ]);
  });

  it('filters by charge point, connector, transaction and measurand', async () => {
    await meterValues().add([
      newMeterValue({ value: 'cp1-c1-t1', transactionId: 1 }),
      newMeterValue({ value: 'cp1-c2-t2', connectorId: 2, transactionId: 2 }),
      newMeterValue({ value: 'cp1-c0', connectorId: 0, measurand: 'Voltage', unit: 'V' }),
      newMeterValue({ value: 'cp2-c1-t3', chargePointId: 'CP002', transactionId: 3, measurand: 'Voltage' }),
    ]);
    const values = async (filter: MeterValueFilter) =>
      (await meterValues().list(filter)).map((record) => record.value);
    expect(await values({ chargePointId: 'CP001' })).toStrictEqual(['cp1-c1-t1', 'cp1-c2-t2', 'cp1-c0']);
    expect(await values({ connectorId: 1 })).toStrictEqual(['cp1-c1-t1', 'cp2-c1-t3']);
    expect(await values({ connectorId: 0 })).toStrictEqual(['cp1-c0']);
    expect(await values({ transactionId: 2 })).toStrictEqual(['cp1-c2-t2']);
    expect(await values({ measurand: 'Voltage' })).toStrictEqual(['cp1-c0', 'cp2-c1-t3']);
    expect(await values({ chargePointId: 'CP002', measurand: 'Voltage', connectorId: 1 })).toStrictEqual([
      'cp2-c1-t3',
    ]);
    expect(await values({ chargePointId: 'CP002', connectorId: 2 })).toStrictEqual([]);
  });

  it('filters by timestamp, from inclusive and to exclusive', async () => {
    await meterValues().add(
      [10, 20, 30].map((second) => newMeterValue({ timestamp: isoTime(second), value: `${second}` })),
    );
    const values = async (filter: MeterValueFilter) =>
      (await meterValues().list(filter)).map((record) => record.value);
    expect(await values({ from: isoTime(20) })).toStrictEqual(['20', '30']);
    expect(await values({ to: isoTime(20) })).toStrictEqual(['10']);
    expect(await values({ from: isoTime(10), to: isoTime(30) })).toStrictEqual(['10', '20']);
    expect(await values({ from: isoTime(10.001), to: isoTime(20.001) })).toStrictEqual(['20']);
  });

  it('returns at most limit values, the earliest', async () => {
    await meterValues().add(
      [3, 1, 2].map((second) => newMeterValue({ timestamp: isoTime(second), value: `${second}` })),
    );
    expect((await meterValues().list({ limit: 2 })).map((record) => record.value)).toStrictEqual(['1', '2']);
    expect(
      (await meterValues().list({ limit: 5, from: isoTime(2) })).map((record) => record.value),
    ).toStrictEqual(['2', '3']);
  });

  it('stores a large message in one call', async () => {
    const values = Array.from({ length: 5000 }, (_, i) =>
      newMeterValue({ value: `${i}`, timestamp: isoTime(i / 1000), transactionId: 1 }),
    );
    expect(await meterValues().add(values)).toBe(5000);
    const stored = await meterValues().list({ transactionId: 1 });
    expect(stored.map(withoutId)).toStrictEqual(values);
  });

  it('gives the lowest and highest energy register reading of each transaction, in Wh', async () => {
    const register = (transactionId: number, value: string, overrides: Partial<NewMeterValue> = {}) =>
      newMeterValue({ transactionId, value, ...overrides });
    await meterValues().add([
      register(1, '1000'),
      register(1, '1500.5'),
      register(1, '1.2', { unit: 'kWh' }),
      register(1, '99999', { measurand: 'Power.Active.Import', unit: 'W' }),
      register(1, '5', { format: 'SignedData' }),
      register(1, 'not a number'),
      register(1, 'Infinity'),
      register(2, '1e3'),
      register(2, '2000', { unit: 'varh' }),
      register(3, '7', { measurand: 'Voltage', unit: 'V' }),
      register(4, '400'),
      newMeterValue({ transactionId: null, value: '1' }),
    ]);
    const ranges = await meterValues().registerRanges([1, 2, 3, 5]);
    expect([...ranges].sort((a, b) => a.transactionId - b.transactionId)).toStrictEqual([
      { transactionId: 1, lowestWh: 1000, highestWh: 1500.5 },
      { transactionId: 2, lowestWh: 1000, highestWh: 1000 },
    ]);
    expect(await meterValues().registerRanges([])).toStrictEqual([]);
    expect(await meterValues().registerRanges([4])).toStrictEqual([
      { transactionId: 4, lowestWh: 400, highestWh: 400 },
    ]);
  });

  it('returns copies and keeps no reference to what it was given', async () => {
    const value = newMeterValue();
    await meterValues().add([value]);
    value.value = 'mutated';
    const [listed] = await meterValues().list();
    if (!listed) throw new Error('value is not listed');
    listed.unit = 'kWh';
    expect((await meterValues().list()).map(withoutId)).toStrictEqual([newMeterValue()]);
  });
}
