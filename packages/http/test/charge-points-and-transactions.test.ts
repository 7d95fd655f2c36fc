import {
  bootInfo,
  isoTime,
  newMeterValue,
  newTransaction,
  statusUpdate,
  transactionStop,
} from '@levity/core/testing';
import { describe, expect, it } from 'vitest';
import { startApi } from './support/api-server.js';

type Items<T = Record<string, unknown>> = { items: T[]; nextCursor?: string | null };

describe('charge points', () => {
  it('lists charge points with boot data and their live connection state', async () => {
    await using api = await startApi();
    await api.storage.chargePoints.recordBoot('CP002', bootInfo({ model: 'Offline-1' }));
    const cp = await api.connect('CP001');
    await cp.call('BootNotification', { chargePointVendor: 'Levity', chargePointModel: 'Live-1' });
    await cp.call('Heartbeat', {});

    const { status, body } = await api.get<Items>('/api/charge-points');
    expect(status).toBe(200);
    expect(body.items).toEqual([
      expect.objectContaining({
        id: 'CP001',
        connected: true,
        vendor: 'Levity',
        model: 'Live-1',
        registrationStatus: 'Accepted',
        lastHeartbeatAt: expect.stringMatching(/Z$/),
      }),
      expect.objectContaining({ id: 'CP002', connected: false, model: 'Offline-1', lastHeartbeatAt: null }),
    ]);
    expect(
      (await api.get<Items>('/api/charge-points?connected=true')).body.items.map((item) => item.id),
    ).toEqual(['CP001']);
    expect(
      (await api.get<Items>('/api/charge-points?connected=false')).body.items.map((item) => item.id),
    ).toEqual(['CP002']);
  });

  it('shows one charge point with its connectors, and lists the connectors', async () => {
    await using api = await startApi();
    await api.storage.chargePoints.recordBoot('CP001', bootInfo());
    await api.storage.connectors.recordStatus(statusUpdate({ connectorId: 2, status: 'Charging' }));
    await api.storage.connectors.recordStatus(statusUpdate({ connectorId: 1 }));

    const { status, body } = await api.get('/api/charge-points/CP001');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: 'CP001',
      connected: false,
      vendor: 'Levity Labs',
      iccid: '8931440000000000001',
      connectors: [
        { connectorId: 1, status: 'Available', errorCode: 'NoError' },
        { connectorId: 2, status: 'Charging' },
      ],
    });
    const connectors = await api.get<Items>('/api/charge-points/CP001/connectors');
    expect(connectors.body.items.map((item) => item.connectorId)).toEqual([1, 2]);
  });

  it('answers 404 for an unknown charge point', async () => {
    await using api = await startApi();
    for (const url of [
      '/api/charge-points/NOPE',
      '/api/charge-points/NOPE/connectors',
      '/api/charge-points/NOPE/meter-values',
    ]) {
      const { status, body } = await api.get(url);
      expect(status, url).toBe(404);
      expect(body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        code: 'LEVITY_ERR_NOT_FOUND',
        message: 'charge point NOPE is unknown',
      });
    }
  });

  it('decodes percent-encoded ids', async () => {
    await using api = await startApi();
    await api.storage.chargePoints.recordBoot('CP 001/ä', bootInfo());
    const { status, body } = await api.get(`/api/charge-points/${encodeURIComponent('CP 001/ä')}`);
    expect(status).toBe(200);
    expect(body.id).toBe('CP 001/ä');
  });

  it('accepts and rejects charge points, also ones never seen', async () => {
    await using api = await startApi({ central: { bootPolicy: 'known-only' } });
    const accepted = await api.request({ method: 'POST', url: '/api/charge-points/NEW-1/accept' });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ id: 'NEW-1', admission: 'Accepted', connected: false });
    const cp = await api.connect('NEW-1');
    expect(
      await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }),
    ).toMatchObject({
      status: 'Accepted',
    });
    const rejected = await api.request({ method: 'POST', url: '/api/charge-points/NEW-1/reject' });
    expect(rejected.json()).toMatchObject({ id: 'NEW-1', admission: 'Rejected', connected: true });
    expect(
      await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }),
    ).toMatchObject({
      status: 'Rejected',
    });
  });

  it('refuses unknown query parameters', async () => {
    await using api = await startApi();
    const { status, body } = await api.get('/api/charge-points?connceted=true');
    expect(status).toBe(400);
    expect(body).toMatchObject({
      message: 'querystring/connceted is not allowed here',
      field: 'querystring/connceted',
    });
  });
});

describe('transactions', () => {
  async function seeded() {
    const api = await startApi();
    const { transactions, meterValues } = api.storage;
    const a = await transactions.start(newTransaction({ startedAt: isoTime(0), idTag: 'TAG-A' }));
    await transactions.stop(a.id, transactionStop({ meterStop: 4000 }), []);
    const b = await transactions.start(
      newTransaction({ chargePointId: 'CP002', connectorId: 2, startedAt: isoTime(100), idTag: 'TAG-B' }),
    );
    const c = await transactions.start(
      newTransaction({ connectorId: 2, startedAt: isoTime(200), meterStart: 0 }),
    );
    await meterValues.add([newMeterValue({ transactionId: c.id, value: '2.5', unit: 'kWh' })]);
    return { api, a, b, c };
  }

  it('lists transactions newest first with status and energy', async () => {
    const { api, a, b, c } = await seeded();
    await using _ = api;
    const { status, body } = await api.get<Items>('/api/transactions');
    expect(status).toBe(200);
    expect(body.items.map((item) => item.id)).toEqual([c.id, b.id, a.id]);
    expect(body.nextCursor).toBeNull();
    expect(body.items[0]).toMatchObject({
      status: 'Active',
      energy: { energyWh: 2500, source: 'registers' },
    });
    expect(body.items[2]).toMatchObject({
      status: 'Completed',
      meterStart: 1000,
      meterStop: 4000,
      energy: { energyWh: 3000, source: 'meter' },
    });
  });

  it.each([
    ['chargePointId=CP002', ['b']],
    ['connectorId=2', ['c', 'b']],
    ['idTag=TAG-A', ['a']],
    ['status=active', ['c', 'b']],
    ['status=completed', ['a']],
    [`from=${isoTime(100)}`, ['c', 'b']],
    [`to=${isoTime(100)}`, ['a']],
    [`from=${encodeURIComponent('2025-01-31T13:01:00+01:00')}&to=${encodeURIComponent(isoTime(150))}`, ['b']],
    ['chargePointId=CP001&connectorId=2&status=active', ['c']],
  ])('filters by %s', async (query, expected) => {
    const { api, ...rows } = await seeded();
    await using _ = api;
    const { status, body } = await api.get<Items>(`/api/transactions?${query}`);
    expect(status).toBe(200);
    expect(body.items.map((item) => item.id)).toEqual(
      expected.map((name) => rows[name as 'a' | 'b' | 'c'].id),
    );
  });

  it('pages with an opaque cursor until nextCursor is null', async () => {
    await using api = await startApi();
    const ids: number[] = [];
    for (let i = 0; i < 7; i++)
      ids.push((await api.storage.transactions.start(newTransaction({ meterStart: i }))).id);
    const seen: number[] = [];
    let url = '/api/transactions?limit=3&chargePointId=CP001';
    for (let page = 0; page < 5; page++) {
      const { body } = await api.get<Items>(url);
      seen.push(...body.items.map((item) => item.id as number));
      if (!body.nextCursor) break;
      url = `/api/transactions?limit=3&chargePointId=CP001&cursor=${body.nextCursor}`;
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it.each([
    ['cursor=nonsense', 'querystring/cursor', 'querystring/cursor is not a cursor this API issued'],
    ['limit=0', 'querystring/limit', 'querystring/limit must be >= 1'],
    ['limit=501', 'querystring/limit', 'querystring/limit must be <= 500'],
    ['status=open', 'querystring/status', 'querystring/status must be one of active, completed'],
    ['connectorId=one', 'querystring/connectorId', 'querystring/connectorId must be integer'],
    ['from=yesterday', 'querystring/from', 'querystring/from must match format "date-time"'],
    ['idTag=', 'querystring/idTag', 'querystring/idTag must NOT have fewer than 1 characters'],
  ])('answers 400 for %s', async (query, field, message) => {
    await using api = await startApi();
    const { status, body } = await api.get(`/api/transactions?${query}`);
    expect(status).toBe(400);
    expect(body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'LEVITY_ERR_INVALID_REQUEST',
      message,
      field,
    });
  });

  it('shows one transaction with its energy', async () => {
    const { api, a } = await seeded();
    await using _ = api;
    const { status, body } = await api.get(`/api/transactions/${a.id}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      ...a,
      meterStop: 4000,
      stoppedAt: transactionStop().stoppedAt,
      stopReason: transactionStop().reason,
      stopIdTag: transactionStop().idTag,
      stopReceivedAt: transactionStop().receivedAt,
      status: 'Completed',
      energy: { energyWh: 3000, source: 'meter' },
    });
  });

  it('shows a transaction flagged for meter values sampled after its stop, and those values', async () => {
    await using api = await startApi();
    const cp = await api.connect('CP001');
    await cp.call('BootNotification', { chargePointVendor: 'Levity', chargePointModel: 'HTTP-1' });
    const { transactionId } = (await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG-A',
      meterStart: 0,
      timestamp: '2025-02-01T08:00:00Z',
    })) as { transactionId: number };
    await cp.call('StopTransaction', { transactionId, meterStop: 900, timestamp: '2025-02-01T09:00:00Z' });
    await cp.call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [{ timestamp: '2025-02-01T09:10:00Z', sampledValue: [{ value: '950' }] }],
    });
    const { status, body } = await api.get(`/api/transactions/${transactionId}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: transactionId,
      attention: 'MeterValuesAfterStop',
      attentionAt: expect.any(String),
      stoppedAt: '2025-02-01T09:00:00.000Z',
    });
    const listed = await api.get<Items>('/api/transactions?chargePointId=CP001');
    expect(listed.body.items).toMatchObject([{ id: transactionId, attention: 'MeterValuesAfterStop' }]);
  });

  it('answers 404 for an unknown transaction and 400 for an id that is not one', async () => {
    await using api = await startApi();
    expect(await api.get('/api/transactions/42')).toMatchObject({
      status: 404,
      body: { code: 'LEVITY_ERR_NOT_FOUND', message: 'transaction 42 is unknown' },
    });
    expect(await api.get('/api/transactions/42/meter-values')).toMatchObject({ status: 404 });
    expect(await api.get('/api/transactions/abc')).toMatchObject({
      status: 400,
      body: { field: 'params/transactionId', message: 'params/transactionId must be integer' },
    });
    expect(await api.get('/api/transactions/0')).toMatchObject({ status: 400 });
  });
});

describe('meter values', () => {
  it("returns a transaction's readings as one series per measurand, phase and location", async () => {
    await using api = await startApi();
    const tx = await api.storage.transactions.start(newTransaction());
    await api.storage.meterValues.add([
      newMeterValue({ transactionId: tx.id, timestamp: isoTime(120), value: '1300' }),
      newMeterValue({ transactionId: tx.id, timestamp: isoTime(60), value: '1200' }),
      newMeterValue({
        transactionId: tx.id,
        timestamp: isoTime(60),
        value: '7.4',
        measurand: 'Power.Active.Import',
        unit: 'kW',
      }),
      newMeterValue({
        transactionId: tx.id,
        timestamp: isoTime(60),
        value: 'c2lnbmVk',
        format: 'SignedData',
      }),
      newMeterValue({ transactionId: null, timestamp: isoTime(60), value: '99' }),
    ]);
    const { status, body } = await api.get(`/api/transactions/${tx.id}/meter-values`);
    expect(status).toBe(200);
    expect(body).toEqual({
      truncated: false,
      series: [
        {
          connectorId: 1,
          measurand: 'Energy.Active.Import.Register',
          phase: null,
          location: 'Outlet',
          unit: 'Wh',
          points: [
            {
              timestamp: isoTime(60),
              value: 1200,
              raw: '1200',
              context: 'Sample.Periodic',
              format: 'Raw',
              transactionId: tx.id,
              source: 'MeterValues',
            },
            expect.objectContaining({
              timestamp: isoTime(60),
              value: null,
              raw: 'c2lnbmVk',
              format: 'SignedData',
            }),
            expect.objectContaining({ timestamp: isoTime(120), value: 1300 }),
          ],
        },
        expect.objectContaining({
          measurand: 'Power.Active.Import',
          unit: 'kW',
          points: [expect.objectContaining({ value: 7.4 })],
        }),
      ],
    });
    const power = await api.get<{ series: unknown[] }>(
      `/api/transactions/${tx.id}/meter-values?measurand=Power.Active.Import`,
    );
    expect(power.body.series).toHaveLength(1);
  });

  it("returns a charge point's readings over a time range, marking a cut-off", async () => {
    await using api = await startApi();
    await api.storage.chargePoints.recordBoot('CP001', bootInfo());
    await api.storage.meterValues.add(
      [0, 60, 120, 180, 240].map((seconds) =>
        newMeterValue({
          timestamp: isoTime(seconds),
          value: String(seconds),
          connectorId: seconds % 120 === 0 ? 1 : 2,
        }),
      ),
    );
    const range = await api.get<{
      series: { connectorId: number; points: { raw: string }[] }[];
      truncated: boolean;
    }>(`/api/charge-points/CP001/meter-values?from=${isoTime(60)}&to=${isoTime(240)}`);
    expect(range.status).toBe(200);
    expect(range.body.truncated).toBe(false);
    expect(
      range.body.series.map((series) => [series.connectorId, series.points.map((point) => point.raw)]),
    ).toEqual([
      [2, ['60', '180']],
      [1, ['120']],
    ]);
    const connector = await api.get<{ series: { points: unknown[] }[] }>(
      '/api/charge-points/CP001/meter-values?connectorId=1',
    );
    expect(connector.body.series[0]?.points).toHaveLength(3);
    const limited = await api.get<{ series: { points: { raw: string }[] }[]; truncated: boolean }>(
      '/api/charge-points/CP001/meter-values?limit=2',
    );
    expect(limited.body.truncated).toBe(true);
    expect(limited.body.series.flatMap((series) => series.points.map((point) => point.raw))).toEqual([
      '0',
      '60',
    ]);
  });

  it('answers 400 for an unknown measurand', async () => {
    await using api = await startApi();
    await api.storage.chargePoints.recordBoot('CP001', bootInfo());
    const { status, body } = await api.get('/api/charge-points/CP001/meter-values?measurand=Volume');
    expect(status).toBe(400);
    expect(body).toMatchObject({ field: 'querystring/measurand' });
    expect(body.message).toMatch(/^querystring\/measurand must be one of Energy\.Active\.Export\.Register, /);
  });
});
