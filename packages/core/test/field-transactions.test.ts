import { describe, expect, it } from 'vitest';
import { bootNotification, startTransaction, stopTransaction } from './support/fixtures.js';
import { startServer } from './support/server.js';

describe('transactions as real chargers send them', () => {
  it('answers a StartTransaction retried on a new connection with the same transactionId', async () => {
    await using server = await startServer();
    const first = await server.raw('RETRY');
    first.send(JSON.stringify([2, 'boot', 'BootNotification', bootNotification()]));
    await first.next();
    first.send(JSON.stringify([2, 'start-1', 'StartTransaction', startTransaction()]));
    const [, , { transactionId }] = (await first.next()) as [number, string, { transactionId: number }];
    // The answer was "lost": the charger reconnects and sends the same start with a new message id.
    first.ws.terminate();
    const again = await server.connect('RETRY');
    const retried = (await again.call('StartTransaction', startTransaction())) as { transactionId: number };
    expect(retried.transactionId).toBe(transactionId);
    expect(await server.storage.transactions.list({ chargePointId: 'RETRY' })).toHaveLength(1);
  });

  it('keeps meter values sampled after the stop, linked, and flags the transaction MeterValuesAfterStop', async () => {
    await using server = await startServer();
    const cp = await server.connect('REPLAY');
    await cp.call('BootNotification', bootNotification());
    const start = async (timestamp: string) =>
      (
        (await cp.call('StartTransaction', startTransaction({ timestamp, meterStart: 0 }))) as {
          transactionId: number;
        }
      ).transactionId;
    const values = (transactionId: number, timestamp: string, value: string) =>
      cp.call('MeterValues', {
        connectorId: 1,
        transactionId,
        meterValue: [{ timestamp, sampledValue: [{ value }] }],
      });

    // Stopped at 09:00; the buffer replayed after an outage brings a value of 09:05.
    const replayed = await start('2025-02-01T08:00:00Z');
    await cp.call(
      'StopTransaction',
      stopTransaction({ transactionId: replayed, meterStop: 4000, timestamp: '2025-02-01T09:00:00Z' }),
    );
    await values(replayed, '2025-02-01T09:00:00Z', '4000');
    expect(await server.cs.transactions.get(replayed)).toMatchObject({ attention: null });
    await values(replayed, '2025-02-01T09:05:00.001+00:00', '4100');
    expect(await server.cs.transactions.get(replayed)).toMatchObject({
      attention: 'MeterValuesAfterStop',
      attentionAt: expect.any(String),
      stoppedAt: '2025-02-01T09:00:00.000Z',
      meterStop: 4000,
    });
    expect(
      (await server.storage.meterValues.list({ transactionId: replayed })).map((v) => [v.timestamp, v.value]),
    ).toEqual([
      ['2025-02-01T09:00:00.000Z', '4000'],
      ['2025-02-01T09:05:00.001Z', '4100'],
    ]);

    // The same, out of order: the late value first, then the StopTransaction.
    const outOfOrder = await start('2025-02-01T10:00:00Z');
    await values(outOfOrder, '2025-02-01T11:30:00Z', '900');
    await cp.call(
      'StopTransaction',
      stopTransaction({ transactionId: outOfOrder, meterStop: 800, timestamp: '2025-02-01T11:00:00Z' }),
    );
    expect(await server.cs.transactions.get(outOfOrder)).toMatchObject({ attention: 'MeterValuesAfterStop' });

    // And in the stop's own transactionData.
    const inStop = await start('2025-02-01T12:00:00Z');
    await cp.call(
      'StopTransaction',
      stopTransaction({
        transactionId: inStop,
        meterStop: 500,
        timestamp: '2025-02-01T12:30:00Z',
        transactionData: [{ timestamp: '2025-02-01T12:31:00Z', sampledValue: [{ value: '500' }] }],
      }),
    );
    expect(await server.cs.transactions.get(inStop)).toMatchObject({ attention: 'MeterValuesAfterStop' });

    // A session that ended normally, values up to its stop: no flag.
    const normal = await start('2025-02-01T13:00:00Z');
    await values(normal, '2025-02-01T13:15:00Z', '100');
    await cp.call(
      'StopTransaction',
      stopTransaction({
        transactionId: normal,
        meterStop: 200,
        timestamp: '2025-02-01T13:30:00Z',
        transactionData: [{ timestamp: '2025-02-01T13:30:00Z', sampledValue: [{ value: '200' }] }],
      }),
    );
    expect(await server.cs.transactions.get(normal)).toMatchObject({ attention: null });
  });

  it('stores an offline queue delivered after a reconnect with the charger’s own timestamps', async () => {
    await using server = await startServer();
    const cp = await server.connect('OFFLINE');
    await cp.call('BootNotification', bootNotification());
    const { transactionId } = (await cp.call(
      'StartTransaction',
      startTransaction({ timestamp: '2025-02-01T08:00:00Z', meterStart: 0 }),
    )) as { transactionId: number };
    await cp.close();

    const back = await server.connect('OFFLINE');
    // Queued while offline, delivered now, out of order.
    await back.call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [{ timestamp: '2025-02-01T08:30:00Z', sampledValue: [{ value: '3000' }] }],
    });
    await back.call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [{ timestamp: '2025-02-01T08:15:00Z', sampledValue: [{ value: '1500' }] }],
    });
    await back.call(
      'StopTransaction',
      stopTransaction({ transactionId, meterStop: 4000, timestamp: '2025-02-01T08:45:00Z' }),
    );
    await back.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Charging',
      timestamp: '2025-02-01T08:10:00Z',
    });
    await back.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Available',
      timestamp: '2025-02-01T08:50:00Z',
    });
    await back.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Finishing',
      timestamp: '2025-02-01T08:46:00Z',
    });

    const values = await server.storage.meterValues.list({ transactionId });
    expect(values.map((v) => [v.timestamp, v.value])).toEqual([
      ['2025-02-01T08:15:00.000Z', '1500'],
      ['2025-02-01T08:30:00.000Z', '3000'],
    ]);
    expect(await server.storage.transactions.get(transactionId)).toMatchObject({
      stoppedAt: '2025-02-01T08:45:00.000Z',
      meterStop: 4000,
      attention: null,
    });
    // The latest status by the charger's clock wins, not the last to arrive.
    expect(await server.storage.connectors.get('OFFLINE', 1)).toMatchObject({ status: 'Available' });
    expect((await server.cs.transactions.get(transactionId))?.energy).toEqual({
      energyWh: 4000,
      source: 'meter',
    });
  });

  it('flags a transaction left open when the charger comes back and reports the connector Available', async () => {
    await using server = await startServer();
    const cp = await server.connect('LOST-STOP');
    await cp.call('BootNotification', bootNotification());
    const { transactionId } = (await cp.call('StartTransaction', startTransaction())) as {
      transactionId: number;
    };
    await cp.close();
    const back = await server.connect('LOST-STOP');
    await back.call('BootNotification', bootNotification());
    await back.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
    const transaction = await server.cs.transactions.get(transactionId);
    expect(transaction).toMatchObject({ status: 'Active', attention: 'OpenWhileAvailable', meterStop: null });
    expect(await server.storage.meterValues.list({ transactionId })).toEqual([]);
  });

  it('answers and keeps a stop for an unknown transaction and meter values naming one', async () => {
    await using server = await startServer();
    const cp = await server.connect('ORPHAN');
    await cp.call('BootNotification', bootNotification());
    expect(await cp.call('StopTransaction', stopTransaction({ transactionId: 777_777, idTag: 'T' }))).toEqual(
      {
        idTagInfo: { status: 'Accepted' },
      },
    );
    expect(
      await cp.call('MeterValues', {
        connectorId: 2,
        transactionId: 888_888,
        meterValue: [{ timestamp: '2025-01-01T00:00:00Z', sampledValue: [{ value: '5' }] }],
      }),
    ).toEqual({});
    expect(await server.storage.transactions.list({ chargePointId: 'ORPHAN' })).toMatchObject([
      { anomaly: 'UnknownTransaction', reportedTransactionId: 777_777 },
    ]);
    expect(await server.storage.meterValues.list({ chargePointId: 'ORPHAN' })).toMatchObject([
      { transactionId: null, reportedTransactionId: 888_888, value: '5' },
    ]);
  });
});

describe('sampled values in every form OCPP 1.6 allows', () => {
  it('stores every measurand, phase, location, context, format and unit faithfully', async () => {
    const { createRequire } = await import('node:module');
    const schema = createRequire(import.meta.url)('ocpp-rpc/lib/schemas/ocpp1_6.json').find(
      (entry: { $id: string }) => entry.$id === 'urn:MeterValues.req',
    );
    const item = schema.properties.meterValue.items.properties.sampledValue.items.properties;
    const enums: Record<'measurand' | 'phase' | 'location' | 'context' | 'format' | 'unit', string[]> = {
      measurand: item.measurand.enum,
      phase: item.phase.enum,
      location: item.location.enum,
      context: item.context.enum,
      format: item.format.enum,
      unit: item.unit.enum,
    };
    const longest = Math.max(...Object.values(enums).map((values) => values.length));
    const sampledValue = Array.from({ length: longest }, (_, i) => ({
      value: i % 2 === 0 ? `${i}.5` : `SIGNED-${i}`,
      measurand: enums.measurand[i % enums.measurand.length],
      phase: enums.phase[i % enums.phase.length],
      location: enums.location[i % enums.location.length],
      context: enums.context[i % enums.context.length],
      format: enums.format[i % enums.format.length],
      unit: enums.unit[i % enums.unit.length],
    }));
    await using server = await startServer();
    const cp = await server.connect('ENUMS');
    await cp.call('BootNotification', bootNotification());
    await cp.call('MeterValues', {
      connectorId: 1,
      meterValue: [{ timestamp: '2025-01-01T00:00:00Z', sampledValue }],
    });
    const stored = await server.storage.meterValues.list({ chargePointId: 'ENUMS' });
    expect(
      stored.map(({ value, measurand, phase, location, context, format, unit }) => ({
        value,
        measurand,
        phase,
        location,
        context,
        format,
        unit,
      })),
    ).toEqual(sampledValue);
    for (const [field, values] of Object.entries(enums)) {
      expect(new Set(stored.map((row) => row[field as keyof typeof enums])), field).toEqual(new Set(values));
    }
  });
});
