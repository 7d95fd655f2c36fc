import { expect, it } from 'vitest';
import type { ConnectorRecord } from '../../storage/records.js';
import type { Storage } from '../../storage/storage.js';
import { isoTime, statusUpdate } from '../fixtures.js';

export function connectorContract(storage: () => Storage): void {
  const connectors = () => storage().connectors;

  it('returns undefined for a connector it has never seen', async () => {
    expect(await connectors().get('CP001', 1)).toBeUndefined();
    expect(await connectors().list('CP001')).toStrictEqual([]);
  });

  it('creates the connector with every status field', async () => {
    await connectors().recordStatus(
      statusUpdate({
        connectorId: 2,
        status: 'Charging',
        errorCode: 'EVCommunicationError',
        info: 'PWM lost',
        vendorId: 'com.example',
        vendorErrorCode: 'C7',
        timestamp: isoTime(10),
        receivedAt: isoTime(11),
      }),
    );
    const expected: ConnectorRecord = {
      chargePointId: 'CP001',
      connectorId: 2,
      status: 'Charging',
      errorCode: 'EVCommunicationError',
      info: 'PWM lost',
      vendorId: 'com.example',
      vendorErrorCode: 'C7',
      statusTimestamp: isoTime(10),
      receivedAt: isoTime(11),
    };
    expect(await connectors().get('CP001', 2)).toStrictEqual(expected);
    expect(await connectors().list('CP001')).toStrictEqual([expected]);
  });

  it('keeps null status fields null', async () => {
    await connectors().recordStatus(statusUpdate({ timestamp: null }));
    expect(await connectors().get('CP001', 1)).toStrictEqual({
      chargePointId: 'CP001',
      connectorId: 1,
      status: 'Available',
      errorCode: 'NoError',
      info: null,
      vendorId: null,
      vendorErrorCode: null,
      statusTimestamp: null,
      receivedAt: isoTime(1),
    });
  });

  it("creates the charge point's row when it is missing, without touching its own status", async () => {
    await connectors().recordStatus(
      statusUpdate({ chargePointId: 'CP009', status: 'Faulted', receivedAt: isoTime(4) }),
    );
    expect(await storage().chargePoints.get('CP009')).toMatchObject({
      id: 'CP009',
      status: null,
      createdAt: isoTime(4),
    });
  });

  it('replaces the stored status with a newer one', async () => {
    await connectors().recordStatus(
      statusUpdate({ status: 'Preparing', timestamp: isoTime(1), receivedAt: isoTime(1) }),
    );
    await connectors().recordStatus(
      statusUpdate({ status: 'Charging', info: 'started', timestamp: isoTime(2), receivedAt: isoTime(3) }),
    );
    expect(await connectors().get('CP001', 1)).toMatchObject({
      status: 'Charging',
      info: 'started',
      statusTimestamp: isoTime(2),
      receivedAt: isoTime(3),
    });
  });

  it("does not apply a status older by the charge point's timestamp", async () => {
    await connectors().recordStatus(
      statusUpdate({ status: 'Charging', timestamp: isoTime(10), receivedAt: isoTime(10) }),
    );
    await connectors().recordStatus(
      statusUpdate({ status: 'Preparing', timestamp: isoTime(9), receivedAt: isoTime(30), info: 'late' }),
    );
    expect(await connectors().get('CP001', 1)).toMatchObject({
      status: 'Charging',
      info: null,
      statusTimestamp: isoTime(10),
      receivedAt: isoTime(10),
    });
  });

  it('applies a status with the same timestamp as the stored one', async () => {
    await connectors().recordStatus(statusUpdate({ status: 'Charging', timestamp: isoTime(10) }));
    await connectors().recordStatus(statusUpdate({ status: 'SuspendedEV', timestamp: isoTime(10) }));
    expect(await connectors().get('CP001', 1)).toMatchObject({ status: 'SuspendedEV' });
  });

  it('always applies a status without a timestamp, and any status after one', async () => {
    await connectors().recordStatus(statusUpdate({ status: 'Charging', timestamp: isoTime(10) }));
    await connectors().recordStatus(statusUpdate({ status: 'Finishing', timestamp: null }));
    expect(await connectors().get('CP001', 1)).toMatchObject({ status: 'Finishing', statusTimestamp: null });
    await connectors().recordStatus(statusUpdate({ status: 'Available', timestamp: isoTime(1) }));
    expect(await connectors().get('CP001', 1)).toMatchObject({
      status: 'Available',
      statusTimestamp: isoTime(1),
    });
  });

  it("lists a charge point's connectors ordered by connector id", async () => {
    for (const connectorId of [10, 2, 1]) await connectors().recordStatus(statusUpdate({ connectorId }));
    await connectors().recordStatus(statusUpdate({ chargePointId: 'CP002', connectorId: 3 }));
    expect((await connectors().list('CP001')).map((row) => row.connectorId)).toStrictEqual([1, 2, 10]);
    expect(
      (await connectors().list('CP002')).map((row) => [row.chargePointId, row.connectorId]),
    ).toStrictEqual([['CP002', 3]]);
  });

  it('keeps the connectors of a charge point and of different charge points apart', async () => {
    await connectors().recordStatus(statusUpdate({ connectorId: 1, status: 'Charging' }));
    await connectors().recordStatus(statusUpdate({ connectorId: 2, status: 'Faulted' }));
    await connectors().recordStatus(
      statusUpdate({ chargePointId: 'CP002', connectorId: 1, status: 'Unavailable' }),
    );
    expect(await connectors().get('CP001', 1)).toMatchObject({ status: 'Charging' });
    expect(await connectors().get('CP001', 2)).toMatchObject({ status: 'Faulted' });
    expect(await connectors().get('CP002', 1)).toMatchObject({ status: 'Unavailable' });
    expect(await connectors().get('CP002', 2)).toBeUndefined();
  });

  it('returns copies that do not change what is stored', async () => {
    await connectors().recordStatus(statusUpdate());
    const fetched = await connectors().get('CP001', 1);
    if (!fetched) throw new Error('connector 1 is missing');
    fetched.status = 'Faulted';
    const [listed] = await connectors().list('CP001');
    if (!listed) throw new Error('connector 1 is not listed');
    listed.info = 'mutated';
    expect(await connectors().get('CP001', 1)).toMatchObject({ status: 'Available', info: null });
  });
}
