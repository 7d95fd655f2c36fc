import { describe, expect, it } from 'vitest';
import type { NewTransaction, TransactionRecord, TransactionStop } from '../../storage/records.js';
import type { Storage } from '../../storage/storage.js';
import {
  isoTime,
  newMeterValue,
  newTransaction,
  startKeyOf,
  transactionStop,
  unknownStop,
} from '../fixtures.js';
import { transactionCommandContract } from './transaction-commands.js';
import { transactionFlagContract } from './transaction-flags.js';

/** What `start` must return for `transaction` once it got `id`. */
function started(id: number, transaction: NewTransaction): TransactionRecord {
  return {
    id,
    chargePointId: transaction.chargePointId,
    connectorId: transaction.connectorId,
    idTag: transaction.idTag,
    idTagStatus: transaction.idTagStatus,
    meterStart: transaction.meterStart,
    startedAt: transaction.startedAt,
    reservationId: transaction.reservationId,
    meterStop: null,
    stoppedAt: null,
    stopReason: null,
    stopIdTag: null,
    anomaly: null,
    attention: null,
    remoteStartCommandId: transaction.remoteStartCommandId ?? null,
    remoteStopCommandId: null,
    attentionAt: null,
    reportedTransactionId: null,
    createdAt: transaction.receivedAt,
    stopReceivedAt: null,
  };
}

function stopped(record: TransactionRecord, stop: TransactionStop): TransactionRecord {
  return {
    ...record,
    meterStop: stop.meterStop,
    stoppedAt: stop.stoppedAt,
    stopReason: stop.reason,
    stopIdTag: stop.idTag,
    stopReceivedAt: stop.receivedAt,
    remoteStopCommandId:
      stop.remoteStopCommandId === undefined ? record.remoteStopCommandId : stop.remoteStopCommandId,
  };
}

function isPositiveInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}

export function transactionContract(storage: () => Storage): void {
  const transactions = () => storage().transactions;

  describe('start and get', () => {
    it('creates the transaction with a positive integer id and returns it', async () => {
      const transaction = newTransaction({ reservationId: 7, idTagStatus: 'ConcurrentTx' });
      const record = await transactions().start(transaction);
      expect(isPositiveInteger(record.id)).toBe(true);
      expect(record).toStrictEqual(started(record.id, transaction));
      expect(await transactions().get(record.id)).toStrictEqual(record);
    });

    it('keeps a missing reservation id null', async () => {
      const record = await transactions().start(newTransaction({ reservationId: null }));
      expect(await transactions().get(record.id)).toMatchObject({ reservationId: null });
    });

    it('returns undefined for an id it never issued', async () => {
      expect(await transactions().get(1)).toBeUndefined();
      const record = await transactions().start(newTransaction());
      expect(await transactions().get(record.id + 1)).toBeUndefined();
    });

    it('issues increasing ids, also to anomalies', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 3; i++)
        ids.push((await transactions().start(newTransaction({ meterStart: i }))).id);
      const unknown = await transactions().recordUnknownStop(
        unknownStop({ reportedTransactionId: 9999 }),
        [],
      );
      ids.push(unknown.id);
      ids.push((await transactions().start(newTransaction({ meterStart: 99 }))).id);
      expect(ids.every(isPositiveInteger)).toBe(true);
      expect(ids).toStrictEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('issues distinct ids to transactions started at the same time', async () => {
      const records = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          transactions().start(newTransaction({ connectorId: (i % 4) + 1 })),
        ),
      );
      expect(new Set(records.map((record) => record.id)).size).toBe(20);
      for (const record of records) expect(await transactions().get(record.id)).toStrictEqual(record);
    });
  });

  it('keeps the largest integers a charge point can send exactly (±(2^53 − 1), what Levity clamps to)', async () => {
    const largest = Number.MAX_SAFE_INTEGER;
    const transaction = await transactions().start(newTransaction({ meterStart: -largest }));
    await transactions().stop(transaction.id, transactionStop({ meterStop: largest }), [
      newMeterValue({ transactionId: transaction.id, reportedTransactionId: largest }),
    ]);
    await transactions().recordUnknownStop(unknownStop({ reportedTransactionId: -largest }), []);
    expect(await transactions().get(transaction.id)).toMatchObject({
      meterStart: -largest,
      meterStop: largest,
    });
    const [value] = await storage().meterValues.list({ transactionId: transaction.id });
    expect(value?.reportedTransactionId).toBe(largest);
    const unknown = (await transactions().list({})).find((row) => row.anomaly !== null);
    expect(unknown?.reportedTransactionId).toBe(-largest);
  });

  describe('findByStart', () => {
    it('finds the transaction by its start fields', async () => {
      const transaction = newTransaction();
      const record = await transactions().start(transaction);
      await transactions().start(newTransaction({ connectorId: 2 }));
      expect(await transactions().findByStart(startKeyOf(transaction))).toStrictEqual(record);
    });

    it('does not find it when any one start field differs', async () => {
      const transaction = newTransaction();
      await transactions().start(transaction);
      const key = startKeyOf(transaction);
      for (const changed of [
        { chargePointId: 'CP002' },
        { connectorId: 2 },
        { idTag: 'RFID-0002' },
        { meterStart: key.meterStart + 1 },
        { startedAt: isoTime(0.001) },
      ]) {
        expect(
          await transactions().findByStart({ ...key, ...changed }),
          JSON.stringify(changed),
        ).toBeUndefined();
      }
    });

    it('finds a transaction that was already stopped', async () => {
      const transaction = newTransaction();
      const record = await transactions().start(transaction);
      await transactions().stop(record.id, transactionStop(), []);
      expect(await transactions().findByStart(startKeyOf(transaction))).toMatchObject({
        id: record.id,
        stoppedAt: transactionStop().stoppedAt,
      });
    });

    it('finds a flagged transaction, also one the flag closed', async () => {
      const open = newTransaction({ connectorId: 1 });
      const closed = newTransaction({ connectorId: 2 });
      const openRecord = await transactions().start(open);
      const closedRecord = await transactions().start(closed);
      await transactions().flag(openRecord.id, { attention: 'OpenWhileAvailable', at: isoTime(5) });
      await transactions().flag(closedRecord.id, {
        attention: 'Superseded',
        at: isoTime(6),
        stoppedAt: isoTime(6),
      });
      expect(await transactions().findByStart(startKeyOf(open))).toMatchObject({
        id: openRecord.id,
        attention: 'OpenWhileAvailable',
        stoppedAt: null,
      });
      expect(await transactions().findByStart(startKeyOf(closed))).toMatchObject({
        id: closedRecord.id,
        attention: 'Superseded',
        stoppedAt: isoTime(6),
      });
    });

    it('finds the oldest of several transactions with the same start fields', async () => {
      const transaction = newTransaction();
      const first = await transactions().start(transaction);
      await transactions().start(transaction);
      expect(await transactions().findByStart(startKeyOf(transaction))).toStrictEqual(first);
    });

    it('does not find anomalies', async () => {
      await transactions().recordUnknownStop(unknownStop({ reportedTransactionId: 1 }), []);
      expect(await transactions().findByStart(startKeyOf(newTransaction()))).toBeUndefined();
    });
  });

  describe('listActive', () => {
    it("lists the charge point's transactions that are not stopped, oldest first", async () => {
      const first = await transactions().start(newTransaction({ connectorId: 2, startedAt: isoTime(1) }));
      const done = await transactions().start(newTransaction({ connectorId: 1, startedAt: isoTime(2) }));
      const second = await transactions().start(newTransaction({ connectorId: 1, startedAt: isoTime(3) }));
      await transactions().start(newTransaction({ chargePointId: 'CP002', startedAt: isoTime(4) }));
      await transactions().stop(done.id, transactionStop(), []);
      await transactions().recordUnknownStop(unknownStop({ reportedTransactionId: 77 }), []);
      expect(await transactions().listActive('CP001')).toStrictEqual([first, second]);
    });

    it('lists only the given connector', async () => {
      await transactions().start(newTransaction({ connectorId: 1 }));
      const onTwo = await transactions().start(newTransaction({ connectorId: 2 }));
      expect(await transactions().listActive('CP001', 2)).toStrictEqual([onTwo]);
      expect(await transactions().listActive('CP001', 3)).toStrictEqual([]);
      expect(await transactions().listActive('CP404')).toStrictEqual([]);
    });
  });

  describe('list', () => {
    it('lists every transaction newest first, anomalies included', async () => {
      const a = await transactions().start(newTransaction({ startedAt: isoTime(30) }));
      const b = await transactions().start(
        newTransaction({ chargePointId: 'CP002', startedAt: isoTime(10) }),
      );
      const c = await transactions().recordUnknownStop(
        unknownStop({ chargePointId: 'CP003', reportedTransactionId: 5 }),
        [],
      );
      expect(await transactions().list()).toStrictEqual([c, b, a]);
      expect(await transactions().list({})).toStrictEqual([c, b, a]);
    });

    it('filters by charge point, connector and id tag', async () => {
      const a = await transactions().start(newTransaction({ connectorId: 1, idTag: 'TAG-A' }));
      const b = await transactions().start(newTransaction({ connectorId: 2, idTag: 'TAG-B' }));
      const c = await transactions().start(
        newTransaction({ chargePointId: 'CP002', connectorId: 1, idTag: 'TAG-A' }),
      );
      const ids = async (filter: Parameters<Storage['transactions']['list']>[0]) =>
        (await transactions().list(filter)).map((record) => record.id);
      expect(await ids({ chargePointId: 'CP001' })).toStrictEqual([b.id, a.id]);
      expect(await ids({ connectorId: 1 })).toStrictEqual([c.id, a.id]);
      expect(await ids({ idTag: 'TAG-A' })).toStrictEqual([c.id, a.id]);
      expect(await ids({ chargePointId: 'CP001', connectorId: 1, idTag: 'TAG-A' })).toStrictEqual([a.id]);
      expect(await ids({ chargePointId: 'CP002', idTag: 'TAG-B' })).toStrictEqual([]);
    });

    it('filters active and completed transactions', async () => {
      const active = await transactions().start(newTransaction({ connectorId: 1 }));
      const completed = await transactions().start(newTransaction({ connectorId: 2 }));
      await transactions().stop(completed.id, transactionStop(), []);
      const anomaly = await transactions().recordUnknownStop(unknownStop({ reportedTransactionId: 3 }), []);
      expect((await transactions().list({ status: 'active' })).map((record) => record.id)).toStrictEqual([
        active.id,
      ]);
      expect((await transactions().list({ status: 'completed' })).map((record) => record.id)).toStrictEqual([
        anomaly.id,
        completed.id,
      ]);
    });

    it('filters by start time, from inclusive and to exclusive', async () => {
      const at10 = await transactions().start(newTransaction({ startedAt: isoTime(10) }));
      const at20 = await transactions().start(newTransaction({ startedAt: isoTime(20) }));
      const at30 = await transactions().start(newTransaction({ startedAt: isoTime(30) }));
      await transactions().recordUnknownStop(
        unknownStop({ stoppedAt: isoTime(20), reportedTransactionId: 3 }),
        [],
      );
      const ids = async (filter: Parameters<Storage['transactions']['list']>[0]) =>
        (await transactions().list(filter)).map((record) => record.id);
      expect(await ids({ from: isoTime(20) })).toStrictEqual([at30.id, at20.id]);
      expect(await ids({ to: isoTime(20) })).toStrictEqual([at10.id]);
      expect(await ids({ from: isoTime(10), to: isoTime(30) })).toStrictEqual([at20.id, at10.id]);
      expect(await ids({ from: isoTime(10.001), to: isoTime(20.001) })).toStrictEqual([at20.id]);
    });

    it('returns at most limit transactions, the newest', async () => {
      const records = [];
      for (let i = 0; i < 5; i++) records.push(await transactions().start(newTransaction({ meterStart: i })));
      const ids = records.map((record) => record.id).reverse();
      expect((await transactions().list({ limit: 2 })).map((record) => record.id)).toStrictEqual(
        ids.slice(0, 2),
      );
      expect((await transactions().list({ limit: 10 })).map((record) => record.id)).toStrictEqual(ids);
      expect(
        (await transactions().list({ limit: 1, chargePointId: 'CP001', status: 'active' })).map(
          (record) => record.id,
        ),
      ).toStrictEqual(ids.slice(0, 1));
    });

    it('pages newest first with before, the id of the last transaction of the previous page', async () => {
      const records = [];
      for (let i = 0; i < 5; i++) {
        records.push(await transactions().start(newTransaction({ connectorId: (i % 2) + 1, meterStart: i })));
      }
      const ids = records.map((record) => record.id).reverse();
      const page = async (filter: Parameters<Storage['transactions']['list']>[0]) =>
        (await transactions().list(filter)).map((record) => record.id);
      expect(await page({ limit: 2 })).toStrictEqual(ids.slice(0, 2));
      expect(await page({ limit: 2, before: ids[1] })).toStrictEqual(ids.slice(2, 4));
      expect(await page({ limit: 2, before: ids[3] })).toStrictEqual(ids.slice(4));
      expect(await page({ before: ids[4] })).toStrictEqual([]);
      // The cursor combines with the other filters.
      const connector1 = records.filter((record) => record.connectorId === 1).map((record) => record.id);
      expect(await page({ connectorId: 1, before: connector1[2] })).toStrictEqual(
        connector1.slice(0, 2).reverse(),
      );
    });
  });

  describe('stop', () => {
    it('closes the transaction and returns it', async () => {
      const record = await transactions().start(newTransaction());
      const stop = transactionStop({ reason: 'Remote', idTag: 'RFID-0002' });
      const result = await transactions().stop(record.id, stop, []);
      expect(result).toStrictEqual(stopped(record, stop));
      expect(await transactions().get(record.id)).toStrictEqual(stopped(record, stop));
    });

    it('keeps a missing reason and id tag null', async () => {
      const record = await transactions().start(newTransaction());
      await transactions().stop(record.id, transactionStop({ reason: null, idTag: null }), []);
      expect(await transactions().get(record.id)).toMatchObject({ stopReason: null, stopIdTag: null });
    });

    it('stores the meter values of its transactionData with it', async () => {
      const record = await transactions().start(newTransaction());
      const values = [
        newMeterValue({
          transactionId: record.id,
          reportedTransactionId: record.id,
          timestamp: isoTime(100),
        }),
        newMeterValue({
          transactionId: record.id,
          reportedTransactionId: record.id,
          timestamp: isoTime(200),
          context: 'Transaction.End',
          source: 'StopTransaction',
        }),
      ];
      await transactions().stop(record.id, transactionStop(), values);
      const stored = await storage().meterValues.list({ transactionId: record.id });
      expect(stored.map(({ id: _id, ...value }) => value)).toStrictEqual(values);
    });

    it('overwrites the stop of a transaction already stopped', async () => {
      const record = await transactions().start(newTransaction());
      await transactions().stop(record.id, transactionStop({ meterStop: 5000, reason: 'Local' }), []);
      const second = transactionStop({
        meterStop: 6000,
        stoppedAt: isoTime(4000),
        reason: null,
        idTag: null,
        receivedAt: isoTime(4001),
      });
      expect(await transactions().stop(record.id, second, [])).toStrictEqual(stopped(record, second));
      expect(await transactions().get(record.id)).toStrictEqual(stopped(record, second));
    });

    it('gives a transaction closed as Superseded its real stop and keeps the flag', async () => {
      const record = await transactions().start(newTransaction());
      await transactions().flag(record.id, {
        attention: 'Superseded',
        at: isoTime(50),
        stoppedAt: isoTime(50),
      });
      const stop = transactionStop();
      const expected = {
        ...stopped(record, stop),
        attention: 'Superseded' as const,
        attentionAt: isoTime(50),
      };
      expect(await transactions().stop(record.id, stop, [])).toStrictEqual(expected);
      expect(await transactions().get(record.id)).toStrictEqual(expected);
    });

    it('returns undefined for an id it never issued and stores nothing', async () => {
      const record = await transactions().start(newTransaction());
      const unknownId = record.id + 1000;
      const result = await transactions().stop(unknownId, transactionStop(), [
        newMeterValue({ transactionId: unknownId, reportedTransactionId: unknownId }),
      ]);
      expect(result).toBeUndefined();
      expect(await transactions().get(unknownId)).toBeUndefined();
      expect(await storage().meterValues.list()).toStrictEqual([]);
      expect(await transactions().get(record.id)).toStrictEqual(record);
    });
  });

  describe('findAnomaly', () => {
    it("finds the charge point's oldest anomaly row for that reported id and kind, and nothing else", async () => {
      const first = await transactions().recordUnknownStop(
        unknownStop({ reportedTransactionId: 7, anomaly: 'AlreadyStopped' }),
        [],
      );
      await transactions().recordUnknownStop(
        unknownStop({ reportedTransactionId: 7, anomaly: 'AlreadyStopped' }),
        [],
      );
      await transactions().recordUnknownStop(
        unknownStop({ reportedTransactionId: 8, anomaly: 'UnknownTransaction' }),
        [],
      );
      expect(await transactions().findAnomaly('CP001', 7, 'AlreadyStopped')).toStrictEqual(first);
      expect(await transactions().findAnomaly('CP001', 7, 'UnknownTransaction')).toBeUndefined();
      expect(await transactions().findAnomaly('CP002', 7, 'AlreadyStopped')).toBeUndefined();
      expect(await transactions().findAnomaly('CP001', 8, 'UnknownTransaction')).toMatchObject({
        reportedTransactionId: 8,
      });
    });
  });

  describe('recordUnknownStop', () => {
    it('records the stop as a new row flagged UnknownTransaction', async () => {
      const stop = transactionStop({ reason: 'Local', idTag: 'RFID-0009' });
      const record = await transactions().recordUnknownStop(
        { ...stop, chargePointId: 'CP001', reportedTransactionId: 4242, anomaly: 'UnknownTransaction' },
        [],
      );
      const expected: TransactionRecord = {
        id: record.id,
        chargePointId: 'CP001',
        connectorId: null,
        idTag: null,
        idTagStatus: null,
        meterStart: null,
        startedAt: null,
        reservationId: null,
        meterStop: stop.meterStop,
        stoppedAt: stop.stoppedAt,
        stopReason: 'Local',
        stopIdTag: 'RFID-0009',
        anomaly: 'UnknownTransaction',
        attention: null,
        remoteStartCommandId: null,
        remoteStopCommandId: null,
        attentionAt: null,
        reportedTransactionId: 4242,
        createdAt: stop.receivedAt,
        stopReceivedAt: stop.receivedAt,
      };
      expect(isPositiveInteger(record.id)).toBe(true);
      expect(record).toStrictEqual(expected);
      expect(await transactions().get(record.id)).toStrictEqual(expected);
    });

    it("links its meter values to the new row's id", async () => {
      const values = [
        newMeterValue({
          transactionId: null,
          reportedTransactionId: 4242,
          connectorId: null,
          source: 'StopTransaction',
        }),
        newMeterValue({ transactionId: null, reportedTransactionId: 4242, timestamp: isoTime(90) }),
      ];
      const record = await transactions().recordUnknownStop(
        unknownStop({ reportedTransactionId: 4242 }),
        values,
      );
      const stored = await storage().meterValues.list({ transactionId: record.id });
      expect(stored.map(({ id: _id, ...value }) => value)).toStrictEqual(
        values.map((value) => ({ ...value, transactionId: record.id })),
      );
      expect(await storage().meterValues.list({ transactionId: 4242 })).toStrictEqual([]);
    });

    it('records a stop for a transaction already stopped as an AlreadyStopped row', async () => {
      const existing = await transactions().start(newTransaction());
      const first = await transactions().stop(existing.id, transactionStop(), []);
      const stop = unknownStop({
        meterStop: 99_999,
        reportedTransactionId: existing.id,
        anomaly: 'AlreadyStopped',
      });
      const anomaly = await transactions().recordUnknownStop(stop, []);
      expect(anomaly).toStrictEqual({
        id: anomaly.id,
        chargePointId: 'CP001',
        connectorId: null,
        idTag: null,
        idTagStatus: null,
        meterStart: null,
        startedAt: null,
        reservationId: null,
        meterStop: 99_999,
        stoppedAt: stop.stoppedAt,
        stopReason: stop.reason,
        stopIdTag: stop.idTag,
        anomaly: 'AlreadyStopped',
        attention: null,
        remoteStartCommandId: null,
        remoteStopCommandId: null,
        attentionAt: null,
        reportedTransactionId: existing.id,
        createdAt: stop.receivedAt,
        stopReceivedAt: stop.receivedAt,
      } satisfies TransactionRecord);
      expect(await transactions().get(anomaly.id)).toStrictEqual(anomaly);
      expect(await transactions().get(existing.id)).toStrictEqual(first);
      expect(await transactions().findByStart(startKeyOf(newTransaction()))).toStrictEqual(first);
    });

    it('leaves alone the transaction whose id the charge point reused', async () => {
      const existing = await transactions().start(newTransaction());
      await transactions().stop(existing.id, transactionStop(), []);
      const before = await transactions().get(existing.id);
      const anomaly = await transactions().recordUnknownStop(
        unknownStop({ meterStop: 1, chargePointId: 'CP002', reportedTransactionId: existing.id }),
        [],
      );
      expect(anomaly.id).not.toBe(existing.id);
      expect(anomaly.reportedTransactionId).toBe(existing.id);
      expect(await transactions().get(existing.id)).toStrictEqual(before);
    });
  });

  transactionFlagContract(storage);
  transactionCommandContract(storage);

  it('returns copies and keeps no reference to what it was given', async () => {
    const transaction = newTransaction();
    const record = await transactions().start(transaction);
    transaction.idTag = 'MUTATED';
    record.meterStart = -1;
    const fetched = await transactions().get(record.id);
    if (!fetched) throw new Error('transaction is missing');
    fetched.connectorId = 99;
    const [listed] = await transactions().list();
    if (!listed) throw new Error('transaction is not listed');
    listed.idTag = 'MUTATED';
    const [active] = await transactions().listActive('CP001');
    if (!active) throw new Error('transaction is not active');
    active.startedAt = isoTime(999);
    const stop = transactionStop();
    const closed = await transactions().stop(record.id, stop, []);
    if (!closed) throw new Error('transaction was not stopped');
    closed.stopReason = 'Other';
    stop.meterStop = -1;
    expect(await transactions().get(record.id)).toStrictEqual(
      stopped(started(record.id, newTransaction()), transactionStop()),
    );
  });
}
