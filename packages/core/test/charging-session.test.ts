import { describe, expect, it } from 'vitest';
import {
  bootNotification,
  meterValues,
  startTransaction,
  statusNotification,
  stopTransaction,
} from './support/fixtures.js';
import { startServer } from './support/server.js';

describe('a charging session over a real socket', () => {
  it('stores boot, status, authorization, start, meter values and stop', async () => {
    await using server = await startServer({ heartbeatIntervalSeconds: 120 });
    const cp = await server.connect('CP001');

    const boot = await cp.call(
      'BootNotification',
      bootNotification({ chargePointSerialNumber: 'SN-1', iccid: '8931' }),
    );
    expect(boot).toMatchObject({ status: 'Accepted', interval: 120 });
    expect(new Date((boot as { currentTime: string }).currentTime).toISOString()).toBe(
      (boot as { currentTime: string }).currentTime,
    );

    await cp.call(
      'StatusNotification',
      statusNotification({ status: 'Preparing', timestamp: '2025-01-01T09:59:00+01:00' }),
    );
    expect(await cp.call('Authorize', { idTag: 'TAG001' })).toEqual({ idTagInfo: { status: 'Accepted' } });

    const started = (await cp.call('StartTransaction', startTransaction())) as { transactionId: number };
    expect(Number.isInteger(started.transactionId)).toBe(true);

    await cp.call(
      'MeterValues',
      meterValues({
        transactionId: started.transactionId,
        meterValue: [
          {
            timestamp: '2025-01-01T10:30:00.5+00:00',
            sampledValue: [
              {
                value: '1.75',
                unit: 'kWh',
                measurand: 'Energy.Active.Import.Register',
                context: 'Sample.Periodic',
              },
              { value: '21.5', unit: 'Celcius', measurand: 'Temperature', location: 'Body' },
              { value: '22.0', unit: 'Celsius', measurand: 'Temperature', location: 'EV' },
              { value: '16.3', unit: 'A', measurand: 'Current.Import', phase: 'L1' },
            ],
          },
        ],
      }),
    );
    expect(
      await cp.call(
        'StopTransaction',
        stopTransaction({
          transactionId: started.transactionId,
          idTag: 'TAG001',
          reason: 'Local',
          transactionData: [
            {
              timestamp: '2025-01-01T11:00:00Z',
              sampledValue: [{ value: '2500', context: 'Transaction.End' }],
            },
          ],
        }),
      ),
    ).toEqual({ idTagInfo: { status: 'Accepted' } });

    const chargePoint = await server.storage.chargePoints.get('CP001');
    expect(chargePoint).toMatchObject({
      vendor: 'Levity',
      model: 'Test-1',
      chargePointSerialNumber: 'SN-1',
      iccid: '8931',
      registrationStatus: 'Accepted',
      connected: true,
    });
    expect(await server.storage.connectors.get('CP001', 1)).toMatchObject({
      status: 'Preparing',
      statusTimestamp: '2025-01-01T08:59:00.000Z',
    });
    const transaction = await server.storage.transactions.get(started.transactionId);
    expect(transaction).toMatchObject({
      connectorId: 1,
      idTag: 'TAG001',
      meterStart: 1000,
      startedAt: '2025-01-01T10:00:00.000Z',
      meterStop: 2500,
      stoppedAt: '2025-01-01T11:00:00.000Z',
      stopReason: 'Local',
      anomaly: null,
    });
    const values = await server.storage.meterValues.list({ transactionId: started.transactionId });
    expect(values.map((v) => [v.timestamp, v.value, v.unit, v.measurand, v.source])).toEqual([
      ['2025-01-01T10:30:00.500Z', '1.75', 'kWh', 'Energy.Active.Import.Register', 'MeterValues'],
      ['2025-01-01T10:30:00.500Z', '21.5', 'Celcius', 'Temperature', 'MeterValues'],
      ['2025-01-01T10:30:00.500Z', '22.0', 'Celsius', 'Temperature', 'MeterValues'],
      ['2025-01-01T10:30:00.500Z', '16.3', 'A', 'Current.Import', 'MeterValues'],
      ['2025-01-01T11:00:00.000Z', '2500', 'Wh', 'Energy.Active.Import.Register', 'StopTransaction'],
    ]);
  });
});
