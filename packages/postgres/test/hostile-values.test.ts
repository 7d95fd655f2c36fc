import type { CentralSystem } from '@levity/core';
import { createCentralSystem } from '@levity/core';
import { RPCClient } from 'ocpp-rpc';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PostgresStorage } from '../src/postgres-storage.js';
import { pgTestServer } from './support/pg-test-server.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

// The hostile charge point's numbers and times (see @levity/sqlite's hostile-values test)
// at the edges of what Levity clamps them to, through PostgreSQL's bigint and timestamptz:
// transaction messages must get a CALLRESULT (OCPP 1.6 §4.7, §4.8, §4.10) and be stored.

type ClientOptions = ConstructorParameters<typeof RPCClient>[0];

const server = pgTestServer();
const LARGEST = Number.MAX_SAFE_INTEGER;

describe.skipIf(server.url === null)('a hostile charge point on PostgreSQL', () => {
  let database: TestDatabase;
  let storage: PostgresStorage;
  let cs: CentralSystem;
  let cp: RPCClient;

  beforeAll(async () => {
    database = await createTestDatabase('hostile');
    await (await PostgresStorage.open({ connectionString: database.url })).close();
  });

  afterAll(async () => {
    await database?.drop();
  });

  beforeEach(async () => {
    await database.empty();
    storage = await PostgresStorage.open({ connectionString: database.url, migrate: false, poolSize: 2 });
    cs = createCentralSystem({ storage, pingIntervalSeconds: 0 });
    const { port } = await cs.listen({ host: '127.0.0.1', port: 0 });
    cp = new RPCClient({
      endpoint: `ws://127.0.0.1:${port}/ws`,
      identity: 'HOSTILE',
      protocols: ['ocpp1.6'],
      strictMode: false,
      reconnect: false,
      pingIntervalMs: 0,
    } as Partial<ClientOptions> as ClientOptions);
    await cp.connect();
    await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
  });

  afterEach(async () => {
    await cp.close({ force: true });
    await cs.close();
    await storage.close();
  });

  const start = async (overrides: Record<string, unknown>) => {
    const { transactionId } = (await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG',
      meterStart: 0,
      timestamp: '2025-01-31T12:00:00Z',
      ...overrides,
    })) as { transactionId: number };
    return transactionId;
  };

  it('stores meter readings of 1e21 and -1e21 as ±(2^53 − 1), at the earliest time there is', async () => {
    // Year 0000 (1 BC) is before what timestamptz takes; Levity clamps it to 0001.
    const timestamp = '0000-06-01T00:00:00Z';
    const transactionId = await start({ meterStart: -1e21, timestamp });
    await expect(cp.call('StopTransaction', { transactionId, meterStop: 1e21, timestamp })).resolves.toEqual(
      {},
    );
    expect(await storage.transactions.get(transactionId)).toMatchObject({
      meterStart: -LARGEST,
      meterStop: LARGEST,
      startedAt: '0001-01-01T00:00:00.000Z',
      stoppedAt: '0001-01-01T00:00:00.000Z',
    });
  });

  it('keeps a stop and readings for transaction ids beyond 2^53 as unknown ones, at the latest time there is', async () => {
    const timestamp = '9999-12-31T23:59:59-99:00';
    await expect(
      cp.call('StopTransaction', { transactionId: -1e21, meterStop: 5, timestamp }),
    ).resolves.toEqual({});
    await expect(
      cp.call('MeterValues', {
        connectorId: 1,
        transactionId: 1e21,
        meterValue: [{ timestamp, sampledValue: [{ value: '10' }] }],
      }),
    ).resolves.toEqual({});
    const [unknown] = await storage.transactions.list({ chargePointId: 'HOSTILE' });
    expect(unknown).toMatchObject({
      anomaly: 'UnknownTransaction',
      reportedTransactionId: -LARGEST,
      stoppedAt: '9999-12-31T23:59:59.999Z',
    });
    expect(await storage.meterValues.list({ chargePointId: 'HOSTILE' })).toMatchObject([
      { reportedTransactionId: LARGEST, transactionId: null, timestamp: '9999-12-31T23:59:59.999Z' },
    ]);
  });

  it('answers a leap second, an offset of +99:99 and request ids of 1e21', async () => {
    const leap = await start({ timestamp: '2016-12-31T23:59:60Z' });
    const offset = await start({ connectorId: 2, timestamp: '2025-01-10T00:00:00+99:99' });
    expect((await storage.transactions.get(leap))?.startedAt).toBe('2016-12-31T23:59:59.999Z');
    expect((await storage.transactions.get(offset))?.startedAt).toBe('2025-01-05T19:21:00.000Z');
    await expect(cp.call('LogStatusNotification', { status: 'Idle', requestId: 1e21 })).resolves.toEqual({});
    await expect(
      cp.call('SignedFirmwareStatusNotification', { status: 'Idle', requestId: 1e21 }),
    ).resolves.toEqual({});
  });
});
