import { describe, expect, it } from 'vitest';
import {
  bootNotification as bootFixture,
  startTransaction as startFixture,
} from '../../test/support/fixtures.js';
import { handlerContext, handlerDeps } from '../../test/support/handler-context.js';
import { OcppError } from '../ocpp16/error-codes.js';
import { MemoryStorage } from '../storage/memory/memory-storage.js';
import { authorize } from './authorize.js';
import { bootNotification } from './boot-notification.js';
import { dataTransfer } from './data-transfer.js';
import { heartbeat } from './heartbeat.js';
import { LARGE_METER_VALUES, meterValues } from './meter-values.js';
import { startTransaction } from './start-transaction.js';
import { statusNotification } from './status-notification.js';
import { diagnosticsStatusNotification, firmwareStatusNotification } from './status-reports.js';
import { stopTransaction } from './stop-transaction.js';

describe('BootNotification', () => {
  it('stores every field of the request and accepts with the heartbeat interval', async () => {
    const storage = new MemoryStorage();
    const params = bootFixture({
      chargePointSerialNumber: 'CPSN',
      chargeBoxSerialNumber: 'CBSN',
      firmwareVersion: '1.2.3',
      iccid: 'ICCID',
      imsi: 'IMSI',
      meterType: 'MT',
      meterSerialNumber: 'MSN',
    });
    const response = await bootNotification(
      handlerContext('BootNotification', params, { storage }),
      handlerDeps({ heartbeatIntervalSeconds: 42 }),
    );
    expect(response).toEqual({ status: 'Accepted', currentTime: '2025-06-01T12:00:00.000Z', interval: 42 });
    expect(await storage.chargePoints.get('CP001')).toMatchObject({
      vendor: 'Levity',
      model: 'Test-1',
      chargePointSerialNumber: 'CPSN',
      chargeBoxSerialNumber: 'CBSN',
      firmwareVersion: '1.2.3',
      iccid: 'ICCID',
      imsi: 'IMSI',
      meterType: 'MT',
      meterSerialNumber: 'MSN',
      registrationStatus: 'Accepted',
      bootedAt: '2025-06-01T12:00:00.000Z',
    });
  });

  it('clears optional fields a later boot no longer sends', async () => {
    const storage = new MemoryStorage();
    await bootNotification(
      handlerContext('BootNotification', bootFixture({ iccid: 'OLD' }), { storage }),
      handlerDeps(),
    );
    await bootNotification(handlerContext('BootNotification', bootFixture(), { storage }), handlerDeps());
    expect((await storage.chargePoints.get('CP001'))?.iccid).toBeNull();
  });
});

describe('Heartbeat', () => {
  it('stores the time and answers currentTime', async () => {
    const storage = new MemoryStorage();
    expect(await heartbeat(handlerContext('Heartbeat', {}, { storage }), handlerDeps())).toEqual({
      currentTime: '2025-06-01T12:00:00.000Z',
    });
    expect((await storage.chargePoints.get('CP001'))?.lastHeartbeatAt).toBe('2025-06-01T12:00:00.000Z');
  });
});

describe('StatusNotification', () => {
  it('sets the charge point status from connector 0', async () => {
    const storage = new MemoryStorage();
    await statusNotification(
      handlerContext(
        'StatusNotification',
        { connectorId: 0, errorCode: 'NoError', status: 'Unavailable' },
        { storage },
      ),
      handlerDeps(),
    );
    expect(await storage.chargePoints.get('CP001')).toMatchObject({
      status: 'Unavailable',
      errorCode: 'NoError',
    });
    expect(await storage.connectors.list('CP001')).toEqual([]);
    expect(await storage.errors.list()).toEqual([]);
  });

  it('sets a connector row with every field, normalising the timestamp to UTC', async () => {
    const storage = new MemoryStorage();
    await statusNotification(
      handlerContext(
        'StatusNotification',
        {
          connectorId: 2,
          errorCode: 'NoError',
          status: 'Charging',
          info: 'info',
          vendorId: 'V',
          vendorErrorCode: 'E1',
          timestamp: '2025-06-01T13:59:59.999999+02:00',
        },
        { storage },
      ),
      handlerDeps(),
    );
    expect(await storage.connectors.get('CP001', 2)).toEqual({
      chargePointId: 'CP001',
      connectorId: 2,
      status: 'Charging',
      errorCode: 'NoError',
      info: 'info',
      vendorId: 'V',
      vendorErrorCode: 'E1',
      statusTimestamp: '2025-06-01T11:59:59.999Z',
      receivedAt: '2025-06-01T12:00:00.000Z',
    });
  });

  it('adds an error event for every errorCode other than NoError', async () => {
    const storage = new MemoryStorage();
    for (const [connectorId, errorCode] of [
      [1, 'GroundFailure'],
      [0, 'OtherError'],
      [1, 'NoError'],
    ] as const) {
      await statusNotification(
        handlerContext('StatusNotification', { connectorId, errorCode, status: 'Faulted' }, { storage }),
        handlerDeps(),
      );
    }
    const events = await storage.errors.list();
    expect(events.map((event) => [event.connectorId, event.errorCode, event.status])).toEqual([
      [0, 'OtherError', 'Faulted'],
      [1, 'GroundFailure', 'Faulted'],
    ]);
  });

  it('refuses a negative connectorId with PropertyConstraintViolation', async () => {
    await expect(
      statusNotification(
        handlerContext('StatusNotification', { connectorId: -1, errorCode: 'NoError', status: 'Available' }),
        handlerDeps(),
      ),
    ).rejects.toSatisfy(
      (error) => error instanceof OcppError && error.errorCode === 'PropertyConstraintViolation',
    );
  });
});

describe('Authorize', () => {
  it('accepts every id tag by default', async () => {
    expect(await authorize(handlerContext('Authorize', { idTag: 'ANY' }), handlerDeps())).toEqual({
      idTagInfo: { status: 'Accepted' },
    });
  });

  it('answers what the authorization policy decides', async () => {
    const seen: unknown[] = [];
    const deps = handlerDeps({
      authorize: (request) => {
        seen.push(request);
        return { status: 'Blocked', parentIdTag: 'GROUP' };
      },
    });
    expect(await authorize(handlerContext('Authorize', { idTag: 'T1' }), deps)).toEqual({
      idTagInfo: { status: 'Blocked', parentIdTag: 'GROUP' },
    });
    expect(seen).toEqual([{ chargePointId: 'CP001', idTag: 'T1', reason: 'Authorize' }]);
  });
});

describe('StartTransaction', () => {
  it('creates the transaction and answers its integer id with the policy decision', async () => {
    const storage = new MemoryStorage();
    const response = await startTransaction(
      handlerContext(
        'StartTransaction',
        startFixture({ reservationId: 7, timestamp: '2025-01-01T11:00:00+01:00' }),
        {
          storage,
        },
      ),
      handlerDeps(),
    );
    expect(response).toEqual({ transactionId: expect.any(Number), idTagInfo: { status: 'Accepted' } });
    expect(Number.isInteger(response.transactionId)).toBe(true);
    expect(await storage.transactions.get(response.transactionId)).toMatchObject({
      chargePointId: 'CP001',
      connectorId: 1,
      idTag: 'TAG001',
      idTagStatus: 'Accepted',
      meterStart: 1000,
      startedAt: '2025-01-01T10:00:00.000Z',
      reservationId: 7,
      stoppedAt: null,
    });
  });

  it('answers a retried StartTransaction with the same transactionId and no second row', async () => {
    const storage = new MemoryStorage();
    const first = await startTransaction(
      handlerContext('StartTransaction', startFixture(), { storage }),
      handlerDeps(),
    );
    const again = await startTransaction(
      handlerContext('StartTransaction', startFixture({ timestamp: '2025-01-01T12:00:00+02:00' }), {
        storage,
        messageId: 'another-id',
      }),
      handlerDeps(),
    );
    expect(again.transactionId).toBe(first.transactionId);
    expect(await storage.transactions.list()).toHaveLength(1);
  });

  it('still creates a transaction with an integer id when the tag is refused', async () => {
    const storage = new MemoryStorage();
    const response = await startTransaction(
      handlerContext('StartTransaction', startFixture(), { storage }),
      handlerDeps({ authorize: () => ({ status: 'Invalid' }) }),
    );
    expect(response.idTagInfo).toEqual({ status: 'Invalid' });
    expect(await storage.transactions.get(response.transactionId)).toMatchObject({ idTagStatus: 'Invalid' });
  });
});

describe('StopTransaction', () => {
  async function started(storage: MemoryStorage) {
    const { transactionId } = await startTransaction(
      handlerContext('StartTransaction', startFixture(), { storage }),
      handlerDeps(),
    );
    return transactionId;
  }

  it('closes the transaction and stores every sampled value of transactionData', async () => {
    const storage = new MemoryStorage();
    const transactionId = await started(storage);
    const response = await stopTransaction(
      handlerContext(
        'StopTransaction',
        {
          transactionId,
          meterStop: 4000,
          timestamp: '2025-01-01T11:00:00.123456Z',
          reason: 'EVDisconnected',
          idTag: 'TAG001',
          transactionData: [
            {
              timestamp: '2025-01-01T10:00:00Z',
              sampledValue: [{ value: '1000', context: 'Transaction.Begin' }],
            },
            {
              timestamp: '2025-01-01T11:00:00Z',
              sampledValue: [
                { value: '4.0', unit: 'kWh', context: 'Transaction.End' },
                { value: 'AB01', format: 'SignedData', context: 'Transaction.End' },
              ],
            },
          ],
        },
        { storage },
      ),
      handlerDeps(),
    );
    expect(response).toEqual({ idTagInfo: { status: 'Accepted' } });
    expect(await storage.transactions.get(transactionId)).toMatchObject({
      meterStop: 4000,
      stoppedAt: '2025-01-01T11:00:00.123Z',
      stopReason: 'EVDisconnected',
      stopIdTag: 'TAG001',
    });
    const values = await storage.meterValues.list({ transactionId });
    expect(values.map((v) => [v.value, v.unit, v.format, v.context, v.connectorId, v.source])).toEqual([
      ['1000', 'Wh', 'Raw', 'Transaction.Begin', 1, 'StopTransaction'],
      ['4.0', 'kWh', 'Raw', 'Transaction.End', 1, 'StopTransaction'],
      ['AB01', 'Wh', 'SignedData', 'Transaction.End', 1, 'StopTransaction'],
    ]);
  });

  it('answers without idTagInfo when the stop carries no idTag', async () => {
    const storage = new MemoryStorage();
    const transactionId = await started(storage);
    expect(
      await stopTransaction(
        handlerContext(
          'StopTransaction',
          { transactionId, meterStop: 1, timestamp: '2025-01-01T11:00:00Z' },
          { storage },
        ),
        handlerDeps(),
      ),
    ).toEqual({});
  });

  it('answers an unknown transactionId and records it as an anomaly with its meter values', async () => {
    const storage = new MemoryStorage();
    const response = await stopTransaction(
      handlerContext(
        'StopTransaction',
        {
          transactionId: 999,
          meterStop: 5000,
          timestamp: '2025-01-01T11:00:00Z',
          transactionData: [{ timestamp: '2025-01-01T11:00:00Z', sampledValue: [{ value: '5000' }] }],
        },
        { storage },
      ),
      handlerDeps(),
    );
    expect(response).toEqual({});
    const [row] = await storage.transactions.list();
    expect(row).toMatchObject({ anomaly: 'UnknownTransaction', reportedTransactionId: 999, meterStop: 5000 });
    const values = await storage.meterValues.list({ transactionId: row?.id ?? -1 });
    expect(values.map((v) => [v.value, v.reportedTransactionId])).toEqual([['5000', 999]]);
  });

  it('does not let one charge point stop another charge point’s transaction', async () => {
    const storage = new MemoryStorage();
    const transactionId = await started(storage);
    await stopTransaction(
      handlerContext(
        'StopTransaction',
        { transactionId, meterStop: 1, timestamp: '2025-01-01T11:00:00Z' },
        { storage, chargePointId: 'INTRUDER' },
      ),
      handlerDeps(),
    );
    expect(await storage.transactions.get(transactionId)).toMatchObject({ stoppedAt: null });
    expect(await storage.transactions.list({ chargePointId: 'INTRUDER' })).toMatchObject([
      { anomaly: 'UnknownTransaction', reportedTransactionId: transactionId },
    ]);
  });

  it('treats the same stop sent twice as one', async () => {
    const storage = new MemoryStorage();
    const transactionId = await started(storage);
    const stop = { transactionId, meterStop: 9, timestamp: '2025-01-01T11:00:00Z' };
    await stopTransaction(handlerContext('StopTransaction', stop, { storage }), handlerDeps());
    await stopTransaction(handlerContext('StopTransaction', stop, { storage }), handlerDeps());
    expect(await storage.transactions.list()).toHaveLength(1);
  });
});

describe('MeterValues', () => {
  it('reads its transaction and stores its values in one unit of work, and a large one outside any', async () => {
    const storage = new MemoryStorage();
    const { transactionId } = await startTransaction(
      handlerContext('StartTransaction', startFixture(), { storage }),
      handlerDeps(),
    );
    const units: string[] = [];
    const outerReads: number[] = [];
    const transaction = storage.transaction.bind(storage);
    storage.transaction = (work) => {
      units.push('unit');
      return transaction(work);
    };
    const get = storage.transactions.get.bind(storage.transactions);
    storage.transactions.get = (id) => {
      outerReads.push(id);
      return get(id);
    };
    const message = (count: number) => ({
      connectorId: 1,
      transactionId,
      meterValue: [
        {
          timestamp: '2025-01-01T10:30:00Z',
          sampledValue: Array.from({ length: count }, (_, i) => ({ value: String(i) })),
        },
      ],
    });
    await meterValues(handlerContext('MeterValues', message(9), { storage }), handlerDeps());
    expect({ units, outerReads }).toStrictEqual({ units: ['unit'], outerReads: [] });
    // Above LARGE_METER_VALUES the storage is handed the values as they are, so that
    // it may split the write (SQLite stages it in slices between other units).
    await meterValues(
      handlerContext('MeterValues', message(LARGE_METER_VALUES + 1), { storage }),
      handlerDeps(),
    );
    expect(outerReads).toStrictEqual([transactionId]);
    expect(await storage.meterValues.list({ transactionId })).toHaveLength(9 + LARGE_METER_VALUES + 1);
  });

  it('stores every sampled value with the spec defaults made explicit', async () => {
    const storage = new MemoryStorage();
    await meterValues(
      handlerContext(
        'MeterValues',
        {
          connectorId: 0,
          meterValue: [
            { timestamp: '2025-01-01T10:00:00-05:00', sampledValue: [{ value: '12.5' }] },
            {
              timestamp: '2025-01-01T15:00:01Z',
              sampledValue: [
                {
                  value: '230.1',
                  measurand: 'Voltage',
                  phase: 'L1-N',
                  location: 'Inlet',
                  unit: 'V',
                  context: 'Sample.Clock',
                  format: 'Raw',
                },
              ],
            },
          ],
        },
        { storage },
      ),
      handlerDeps(),
    );
    const values = await storage.meterValues.list({ chargePointId: 'CP001' });
    expect(values).toMatchObject([
      {
        connectorId: 0,
        transactionId: null,
        reportedTransactionId: null,
        timestamp: '2025-01-01T15:00:00.000Z',
        value: '12.5',
        context: 'Sample.Periodic',
        format: 'Raw',
        measurand: 'Energy.Active.Import.Register',
        phase: null,
        location: 'Outlet',
        unit: 'Wh',
        source: 'MeterValues',
      },
      {
        timestamp: '2025-01-01T15:00:01.000Z',
        value: '230.1',
        measurand: 'Voltage',
        phase: 'L1-N',
        location: 'Inlet',
        unit: 'V',
        context: 'Sample.Clock',
      },
    ]);
  });

  it('links values to their transaction, and keeps values naming an unknown one', async () => {
    const storage = new MemoryStorage();
    const { transactionId } = await startTransaction(
      handlerContext('StartTransaction', startFixture(), { storage }),
      handlerDeps(),
    );
    const sample = { timestamp: '2025-01-01T10:10:00Z', sampledValue: [{ value: '1' }] };
    await meterValues(
      handlerContext('MeterValues', { connectorId: 1, transactionId, meterValue: [sample] }, { storage }),
      handlerDeps(),
    );
    await meterValues(
      handlerContext(
        'MeterValues',
        { connectorId: 1, transactionId: 4242, meterValue: [sample] },
        { storage },
      ),
      handlerDeps(),
    );
    const values = await storage.meterValues.list();
    expect(values.map((v) => [v.transactionId, v.reportedTransactionId])).toEqual([
      [transactionId, transactionId],
      [null, 4242],
    ]);
  });
});

describe('DataTransfer, DiagnosticsStatusNotification and FirmwareStatusNotification', () => {
  it('answers DataTransfer with UnknownVendorId', async () => {
    expect(await dataTransfer(handlerContext('DataTransfer', { vendorId: 'acme' }), handlerDeps())).toEqual({
      status: 'UnknownVendorId',
    });
  });

  it('stores the diagnostics and firmware statuses and answers {}', async () => {
    const storage = new MemoryStorage();
    expect(
      await diagnosticsStatusNotification(
        handlerContext('DiagnosticsStatusNotification', { status: 'Uploaded' }, { storage }),
        handlerDeps(),
      ),
    ).toEqual({});
    expect(
      await firmwareStatusNotification(
        handlerContext('FirmwareStatusNotification', { status: 'Installed' }, { storage }),
        handlerDeps(),
      ),
    ).toEqual({});
    expect(await storage.chargePoints.get('CP001')).toMatchObject({
      diagnosticsStatus: 'Uploaded',
      diagnosticsStatusAt: '2025-06-01T12:00:00.000Z',
      firmwareStatus: 'Installed',
      firmwareStatusAt: '2025-06-01T12:00:00.000Z',
    });
  });
});
