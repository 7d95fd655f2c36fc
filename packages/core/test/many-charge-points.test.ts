import { describe, expect, it } from 'vitest';
import {
  bootNotification,
  startTransaction,
  statusNotification,
  stopTransaction,
} from './support/fixtures.js';
import { startServer } from './support/server.js';

const CHARGE_POINTS = 200;
const METER_MESSAGES = 5;
const VALUES_PER_MESSAGE = 4;

describe('200 charge points at once', () => {
  it('answers every call and stores every meter value', async () => {
    await using server = await startServer();
    const ids = Array.from({ length: CHARGE_POINTS }, (_, i) => `FLEET-${String(i).padStart(3, '0')}`);
    const clients = await Promise.all(ids.map((id) => server.connect(id)));

    const sessions = await Promise.all(
      clients.map(async (cp, i) => {
        await cp.call('BootNotification', bootNotification({ chargePointSerialNumber: ids[i] }));
        await cp.call('StatusNotification', statusNotification({ status: 'Charging' }));
        const { transactionId } = (await cp.call(
          'StartTransaction',
          startTransaction({ meterStart: i }),
        )) as {
          transactionId: number;
        };
        for (let m = 0; m < METER_MESSAGES; m++) {
          await cp.call('MeterValues', {
            connectorId: 1,
            transactionId,
            meterValue: [
              {
                timestamp: new Date(Date.UTC(2025, 0, 1, 10, m)).toISOString(),
                sampledValue: [
                  { value: String(i + m * 100), measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
                  { value: '7400', measurand: 'Power.Active.Import', unit: 'W' },
                  { value: '32', measurand: 'Current.Import', unit: 'A', phase: 'L1' },
                  { value: '231.2', measurand: 'Voltage', unit: 'V', phase: 'L1-N' },
                ],
              },
            ],
          });
        }
        await cp.call('StopTransaction', stopTransaction({ transactionId, meterStop: i + 1000 }));
        return transactionId;
      }),
    );

    expect(new Set(sessions).size).toBe(CHARGE_POINTS);
    expect(server.cs.connectedChargePoints()).toHaveLength(CHARGE_POINTS);
    const stored = await server.storage.meterValues.list({ measurand: 'Power.Active.Import' });
    expect(stored).toHaveLength(CHARGE_POINTS * METER_MESSAGES);
    expect(await server.storage.meterValues.list()).toHaveLength(
      CHARGE_POINTS * METER_MESSAGES * VALUES_PER_MESSAGE,
    );
    const transactions = await server.storage.transactions.list({ status: 'completed' });
    expect(transactions).toHaveLength(CHARGE_POINTS);
    expect(
      (await server.storage.chargePoints.list()).filter((cp) => cp.registrationStatus === 'Accepted'),
    ).toHaveLength(CHARGE_POINTS);
  });
});
