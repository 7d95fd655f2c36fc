import { describe, expect, it } from 'vitest';
import type { IsoTimestamp } from '../../storage/records.js';
import type { RetentionKind } from '../../storage/retention.js';
import { RETENTION_KINDS } from '../../storage/retention.js';
import type { Storage } from '../../storage/storage.js';
import {
  isoTime,
  newCommand,
  newConnectionRefusal,
  newDataTransfer,
  newErrorEvent,
  newMeterValue,
  newSecurityEvent,
  newStatusReport,
  newTransaction,
} from '../fixtures.js';

/** Stores one row of `kind` stored at `at`. */
async function addRow(storage: Storage, kind: RetentionKind, at: IsoTimestamp): Promise<void> {
  switch (kind) {
    case 'meterValues':
      await storage.meterValues.add([
        newMeterValue({ measurand: 'Power.Active.Import', unit: 'W', receivedAt: at }),
      ]);
      return;
    case 'commands':
      await storage.commands.add(newCommand({ requestedAt: at }));
      return;
    case 'statusReports':
      await storage.statusReports.add(newStatusReport({ receivedAt: at }));
      return;
    case 'dataTransfers':
      await storage.dataTransfers.add(newDataTransfer({ receivedAt: at }));
      return;
    case 'securityEvents':
      await storage.securityEvents.add(newSecurityEvent({ receivedAt: at }));
      return;
    case 'errors':
      await storage.errors.add(newErrorEvent({ receivedAt: at }));
      return;
    case 'connectionRefusals':
      await storage.connectionRefusals.add(newConnectionRefusal({ receivedAt: at }));
      return;
  }
}

/** How many rows of `kind` the storage holds (lists are unbounded without a limit). */
async function rowsOf(storage: Storage, kind: RetentionKind): Promise<number> {
  switch (kind) {
    case 'meterValues':
      return (await storage.meterValues.list()).length;
    case 'commands':
      return (await storage.commands.list()).length;
    case 'statusReports':
      return (await storage.statusReports.list()).length;
    case 'dataTransfers':
      return (await storage.dataTransfers.list()).length;
    case 'securityEvents':
      return (await storage.securityEvents.list()).length;
    case 'errors':
      return (await storage.errors.list()).length;
    case 'connectionRefusals':
      return (await storage.connectionRefusals.list()).length;
  }
}

/** Prunes `kind` to the end in batches of `limit`; returns how many went and how many batches it took. */
async function pruneAll(storage: Storage, kind: RetentionKind, before: IsoTimestamp, limit: number) {
  let after = 0;
  let deleted = 0;
  let batches = 0;
  for (;;) {
    const batch = await storage.retention.prune(kind, { before, after, limit });
    batches++;
    deleted += batch.deleted;
    expect(batch.after).toBeGreaterThanOrEqual(after);
    after = batch.after;
    if (batch.done) return { deleted, batches, after };
    if (batches > 1000) throw new Error('prune never finished');
  }
}

export function retentionContract(storage: () => Storage): void {
  const cutoff = isoTime(100);

  for (const kind of RETENTION_KINDS) {
    describe(kind, () => {
      it('counts and deletes the rows stored before the cutoff, in batches, and keeps the newer ones', async () => {
        for (let i = 0; i < 7; i++) await addRow(storage(), kind, isoTime(i));
        for (let i = 0; i < 3; i++) await addRow(storage(), kind, isoTime(100 + i));
        expect(await storage().retention.countPrunable(kind, cutoff)).toBe(7);
        const pruned = await pruneAll(storage(), kind, cutoff, 3);
        expect(pruned.deleted).toBe(7);
        expect(pruned.batches).toBe(3);
        expect(await rowsOf(storage(), kind)).toBe(3);
        expect(await storage().retention.countPrunable(kind, cutoff)).toBe(0);
      });

      it('resumes after the last batch and finds nothing more to do on an empty or young table', async () => {
        expect(await storage().retention.prune(kind, { before: cutoff, after: 0, limit: 10 })).toStrictEqual({
          deleted: 0,
          after: 0,
          done: true,
        });
        await addRow(storage(), kind, isoTime(200));
        expect(await storage().retention.prune(kind, { before: cutoff, after: 0, limit: 10 })).toStrictEqual({
          deleted: 0,
          after: 0,
          done: true,
        });
        expect(await rowsOf(storage(), kind)).toBe(1);
      });
    });
  }

  describe('meterValues', () => {
    it('never deletes the energy register readings of transactions, whatever their age', async () => {
      const transaction = await storage().transactions.start(newTransaction());
      const old = isoTime(1);
      await storage().meterValues.add([
        newMeterValue({ transactionId: transaction.id, receivedAt: old }),
        newMeterValue({
          transactionId: transaction.id,
          measurand: 'Power.Active.Import',
          unit: 'W',
          receivedAt: old,
        }),
        newMeterValue({ transactionId: null, receivedAt: old }),
        newMeterValue({ transactionId: transaction.id, receivedAt: old, value: '2234.5' }),
      ]);
      const energyBefore = await storage().meterValues.registerRanges([transaction.id]);
      expect(await storage().retention.countPrunable('meterValues', cutoff)).toBe(2);
      expect((await pruneAll(storage(), 'meterValues', cutoff, 500)).deleted).toBe(2);
      const left = await storage().meterValues.list();
      expect(left.map((value) => [value.transactionId, value.measurand])).toStrictEqual([
        [transaction.id, 'Energy.Active.Import.Register'],
        [transaction.id, 'Energy.Active.Import.Register'],
      ]);
      expect(await storage().meterValues.registerRanges([transaction.id])).toStrictEqual(energyBefore);
      expect(await storage().transactions.get(transaction.id)).toBeDefined();
    });

    it('moves past kept rows, so the next batch does not examine them again', async () => {
      const transaction = await storage().transactions.start(newTransaction());
      const kept = Array.from({ length: 5 }, () =>
        newMeterValue({ transactionId: transaction.id, receivedAt: isoTime(1) }),
      );
      await storage().meterValues.add(kept);
      const first = await storage().retention.prune('meterValues', { before: cutoff, after: 0, limit: 5 });
      expect(first).toMatchObject({ deleted: 0, done: false });
      await addRow(storage(), 'meterValues', isoTime(2));
      const second = await storage().retention.prune('meterValues', {
        before: cutoff,
        after: first.after,
        limit: 5,
      });
      expect(second).toMatchObject({ deleted: 1, done: true });
      expect(second.after).toBeGreaterThan(first.after);
    });
  });

  describe('in a unit of work', () => {
    it('rolls a prune back with the unit that made it', async () => {
      for (let i = 0; i < 3; i++) await addRow(storage(), 'dataTransfers', isoTime(i));
      const transaction = storage().transaction;
      if (!transaction) return;
      await expect(
        transaction.call(storage(), async (unit) => {
          await unit.retention.prune('dataTransfers', { before: cutoff, after: 0, limit: 10 });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await rowsOf(storage(), 'dataTransfers')).toBe(3);
    });
  });
}
