import { describe, expect, it } from 'vitest';
import { startServer } from './support/server.js';

// A charge point written against the OCPP-J text alone, without ocpp-rpc, so that the
// happy path does not only work between two copies of the same library.
describe('a charge point that speaks raw OCPP-J', () => {
  it('boots, charges and stops with everything stored', async () => {
    await using server = await startServer({ heartbeatIntervalSeconds: 900 });
    const socket = await server.raw('RAW-CP 7', { protocols: ['ocpp1.5', 'ocpp1.6'] });
    expect(socket.ws.protocol).toBe('ocpp1.6');
    let sequence = 0;
    const call = async (action: string, payload: object) => {
      const id = `msg-${++sequence}`;
      socket.send(JSON.stringify([2, id, action, payload]));
      const frame = (await socket.next()) as [number, string, Record<string, unknown>];
      expect(frame[0]).toBe(3);
      expect(frame[1]).toBe(id);
      return frame[2];
    };

    expect(
      await call('BootNotification', {
        chargePointVendor: 'RawVendor',
        chargePointModel: 'R1',
        firmwareVersion: 'fw-9',
        meterType: 'DC',
      }),
    ).toMatchObject({ status: 'Accepted', interval: 900 });
    await call('StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Available' });
    await call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Preparing',
      timestamp: '2025-03-01T08:00:00+01:00',
    });
    expect(await call('Authorize', { idTag: 'RFID-1' })).toEqual({ idTagInfo: { status: 'Accepted' } });
    const { transactionId } = (await call('StartTransaction', {
      connectorId: 1,
      idTag: 'RFID-1',
      meterStart: 120000,
      timestamp: '2025-03-01T07:01:00Z',
    })) as { transactionId: number };
    await call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [{ timestamp: '2025-03-01T07:30:00Z', sampledValue: [{ value: '121.5', unit: 'kWh' }] }],
    });
    await call('StopTransaction', {
      transactionId,
      meterStop: 123000,
      timestamp: '2025-03-01T08:01:00Z',
      reason: 'EVDisconnected',
    });

    expect(await server.storage.chargePoints.get('RAW-CP 7')).toMatchObject({
      vendor: 'RawVendor',
      firmwareVersion: 'fw-9',
      meterType: 'DC',
      status: 'Available',
    });
    expect(await server.storage.transactions.get(transactionId)).toMatchObject({
      meterStart: 120000,
      meterStop: 123000,
      stopReason: 'EVDisconnected',
    });
    expect((await server.storage.meterValues.list({ transactionId })).map((v) => v.value)).toEqual(['121.5']);
  });
});
