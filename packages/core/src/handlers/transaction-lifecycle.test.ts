import { describe, expect, it } from 'vitest';
import { startTransaction as startFixture } from '../../test/support/fixtures.js';
import { handlerContext, handlerDeps } from '../../test/support/handler-context.js';
import { idTagStorePolicy } from '../policies/authorization.js';
import { MemoryStorage } from '../storage/memory/memory-storage.js';
import { authorize } from './authorize.js';
import { startTransaction } from './start-transaction.js';
import { statusNotification } from './status-notification.js';
import { stopTransaction } from './stop-transaction.js';

const clock = () => new Date('2025-06-01T12:00:00.000Z');

async function start(
  storage: MemoryStorage,
  overrides: Parameters<typeof startFixture>[0] = {},
  deps = handlerDeps(),
) {
  return startTransaction(handlerContext('StartTransaction', startFixture(overrides), { storage }), deps);
}

describe('two starts on one connector without a stop between them', () => {
  it('closes the older one as Superseded at the newer one’s start, without a meterStop', async () => {
    const storage = new MemoryStorage();
    const older = await start(storage, { timestamp: '2025-01-01T10:00:00Z', meterStart: 100 });
    const newer = await start(storage, { timestamp: '2025-01-01T11:00:00Z', meterStart: 900 });
    expect(await storage.transactions.get(older.transactionId)).toMatchObject({
      attention: 'Superseded',
      stoppedAt: '2025-01-01T11:00:00.000Z',
      meterStop: null,
    });
    expect(await storage.transactions.get(newer.transactionId)).toMatchObject({
      attention: null,
      stoppedAt: null,
    });
  });

  it('closes the arriving one when it is older than the open one (an offline queue delivering late)', async () => {
    const storage = new MemoryStorage();
    const live = await start(storage, { timestamp: '2025-01-01T11:00:00Z' });
    const late = await start(storage, { timestamp: '2025-01-01T09:00:00Z', idTag: 'OLD' });
    expect(await storage.transactions.get(live.transactionId)).toMatchObject({
      stoppedAt: null,
      attention: null,
    });
    expect(await storage.transactions.get(late.transactionId)).toMatchObject({
      attention: 'Superseded',
      stoppedAt: '2025-01-01T11:00:00.000Z',
    });
  });

  it('leaves a live transaction alone when the new start is refused', async () => {
    const storage = new MemoryStorage();
    const live = await start(storage, { timestamp: '2025-01-01T10:00:00Z' });
    const refused = await start(
      storage,
      { timestamp: '2025-01-01T11:00:00Z', idTag: 'BAD' },
      handlerDeps({ authorize: () => ({ status: 'Blocked' }) }),
    );
    expect(refused.idTagInfo.status).toBe('Blocked');
    expect(await storage.transactions.get(live.transactionId)).toMatchObject({
      stoppedAt: null,
      attention: null,
    });
  });

  it('lets the real StopTransaction of a superseded transaction complete it when it arrives', async () => {
    const storage = new MemoryStorage();
    const older = await start(storage, { timestamp: '2025-01-01T10:00:00Z', meterStart: 100 });
    await start(storage, { timestamp: '2025-01-01T11:00:00Z' });
    await stopTransaction(
      handlerContext(
        'StopTransaction',
        {
          transactionId: older.transactionId,
          meterStop: 450,
          timestamp: '2025-01-01T10:40:00Z',
          reason: 'PowerLoss',
        },
        { storage },
      ),
      handlerDeps(),
    );
    expect(await storage.transactions.get(older.transactionId)).toMatchObject({
      meterStop: 450,
      stoppedAt: '2025-01-01T10:40:00.000Z',
      stopReason: 'PowerLoss',
      attention: 'Superseded',
    });
    expect(await storage.transactions.list()).toHaveLength(2);
  });
});

describe('a StopTransaction for an already-stopped transaction with other data', () => {
  it('is answered and stored as an AlreadyStopped anomaly, leaving the first stop intact', async () => {
    const storage = new MemoryStorage();
    const { transactionId } = await start(storage);
    const stop = (meterStop: number) =>
      stopTransaction(
        handlerContext(
          'StopTransaction',
          {
            transactionId,
            meterStop,
            timestamp: '2025-01-01T11:00:00Z',
            transactionData: [
              { timestamp: '2025-01-01T11:00:00Z', sampledValue: [{ value: String(meterStop) }] },
            ],
          },
          { storage },
        ),
        handlerDeps(),
      );
    await stop(2000);
    expect(await stop(2100)).toEqual({});
    expect(await storage.transactions.get(transactionId)).toMatchObject({ meterStop: 2000 });
    const anomaly = (await storage.transactions.list()).find((t) => t.anomaly !== null);
    expect(anomaly).toMatchObject({
      anomaly: 'AlreadyStopped',
      reportedTransactionId: transactionId,
      meterStop: 2100,
    });
    expect(
      (await storage.meterValues.list({ transactionId: anomaly?.id ?? -1 })).map((v) => v.value),
    ).toEqual(['2100']);

    // Each resend of it (and of yet another stop) adds nothing: one AlreadyStopped row at most.
    expect(await stop(2100)).toEqual({});
    expect(await stop(2100)).toEqual({});
    expect(await stop(2200)).toEqual({});
    expect((await storage.transactions.list()).filter((t) => t.anomaly !== null)).toHaveLength(1);
    expect(await storage.transactions.get(transactionId)).toMatchObject({ meterStop: 2000 });
  });
});

describe('a connector reported Available while a transaction is open on it', () => {
  it('flags the transaction for attention and leaves it open, inventing no meter value', async () => {
    const storage = new MemoryStorage();
    const { transactionId } = await start(storage, { timestamp: '2025-01-01T10:00:00Z' });
    await statusNotification(
      handlerContext(
        'StatusNotification',
        { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: '2025-01-01T12:00:00Z' },
        { storage },
      ),
      handlerDeps(),
    );
    expect(await storage.transactions.get(transactionId)).toMatchObject({
      attention: 'OpenWhileAvailable',
      stoppedAt: null,
      meterStop: null,
    });
    expect(await storage.meterValues.list()).toEqual([]);
  });

  it('does not flag a transaction that started after the Available report', async () => {
    const storage = new MemoryStorage();
    const { transactionId } = await start(storage, { timestamp: '2025-01-01T13:00:00Z' });
    await statusNotification(
      handlerContext(
        'StatusNotification',
        { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: '2025-01-01T12:00:00Z' },
        { storage },
      ),
      handlerDeps(),
    );
    expect((await storage.transactions.get(transactionId))?.attention).toBeNull();
  });
});

describe('the id-tags authorization policy', () => {
  async function storeWithTags() {
    const storage = new MemoryStorage();
    const at = '2025-01-01T00:00:00.000Z';
    await storage.idTags.add(
      {
        idTag: 'GOOD',
        status: 'Accepted',
        expiryDate: '2026-01-01T00:00:00.000Z',
        parentIdTag: 'FLEET',
        note: null,
      },
      at,
    );
    await storage.idTags.add(
      {
        idTag: 'OLD',
        status: 'Accepted',
        expiryDate: '2025-05-31T23:59:59.000Z',
        parentIdTag: null,
        note: null,
      },
      at,
    );
    await storage.idTags.add(
      { idTag: 'STOLEN', status: 'Blocked', expiryDate: null, parentIdTag: null, note: 'reported' },
      at,
    );
    return storage;
  }

  it('answers unknown tags Invalid, blocked ones Blocked and expired ones Expired, with what is known', async () => {
    const storage = await storeWithTags();
    const policy = idTagStorePolicy(storage, clock);
    const ask = (idTag: string) => policy({ chargePointId: 'CP001', idTag, reason: 'Authorize' });
    expect(await ask('NOBODY')).toEqual({ status: 'Invalid' });
    expect(await ask('STOLEN')).toEqual({ status: 'Blocked' });
    expect(await ask('OLD')).toEqual({ status: 'Expired', expiryDate: '2025-05-31T23:59:59.000Z' });
    expect(await ask('good')).toEqual({
      status: 'Accepted',
      expiryDate: '2026-01-01T00:00:00.000Z',
      parentIdTag: 'FLEET',
    });
  });

  it('answers ConcurrentTx to a StartTransaction for a tag already charging, and gives it a transaction anyway', async () => {
    const storage = await storeWithTags();
    const deps = handlerDeps({ authorize: idTagStorePolicy(storage, clock) });
    const first = await start(storage, { idTag: 'GOOD', connectorId: 1 }, deps);
    const second = await start(
      storage,
      { idTag: 'GOOD', connectorId: 2, timestamp: '2025-01-01T10:05:00Z' },
      deps,
    );
    expect(first.idTagInfo.status).toBe('Accepted');
    expect(second.idTagInfo.status).toBe('ConcurrentTx');
    expect(Number.isInteger(second.transactionId)).toBe(true);
    expect(await storage.transactions.get(second.transactionId)).toMatchObject({
      idTagStatus: 'ConcurrentTx',
    });
    expect(await storage.transactions.get(first.transactionId)).toMatchObject({ stoppedAt: null });
  });

  it('gives Authorize, StartTransaction and StopTransaction the same decision', async () => {
    const storage = await storeWithTags();
    const deps = handlerDeps({ authorize: idTagStorePolicy(storage, clock) });
    const authorized = await authorize(handlerContext('Authorize', { idTag: 'STOLEN' }, { storage }), deps);
    const started = await start(storage, { idTag: 'STOLEN' }, deps);
    const stopped = await stopTransaction(
      handlerContext(
        'StopTransaction',
        {
          transactionId: started.transactionId,
          idTag: 'STOLEN',
          meterStop: 1,
          timestamp: '2025-01-01T11:00:00Z',
          reason: 'DeAuthorized',
        },
        { storage },
      ),
      deps,
    );
    expect([authorized.idTagInfo, started.idTagInfo, stopped.idTagInfo]).toEqual([
      { status: 'Blocked' },
      { status: 'Blocked' },
      { status: 'Blocked' },
    ]);
    expect(await storage.transactions.get(started.transactionId)).toMatchObject({
      stopReason: 'DeAuthorized',
      meterStop: 1,
    });
  });
});
