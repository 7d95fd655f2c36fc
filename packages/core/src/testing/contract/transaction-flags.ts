import { describe, expect, it } from 'vitest';
import type { TransactionAttention } from '../../storage/records.js';
import type { Storage } from '../../storage/storage.js';
import { isoTime, newTransaction, transactionStop, unknownStop } from '../fixtures.js';

/** `transactions.flag` and `transactions.listActiveByIdTag`, part of the transactions contract. */
export function transactionFlagContract(storage: () => Storage): void {
  const transactions = () => storage().transactions;

  describe('flag', () => {
    it('flags an open transaction and leaves it open', async () => {
      const record = await transactions().start(newTransaction());
      const flagged = await transactions().flag(record.id, {
        attention: 'OpenWhileAvailable',
        at: isoTime(30),
      });
      const expected = { ...record, attention: 'OpenWhileAvailable' as const, attentionAt: isoTime(30) };
      expect(flagged).toStrictEqual(expected);
      expect(await transactions().get(record.id)).toStrictEqual(expected);
      expect(await transactions().listActive('CP001')).toStrictEqual([expected]);
    });

    it('closes an open transaction at stoppedAt without inventing a meter value or a stop', async () => {
      const record = await transactions().start(newTransaction());
      const flagged = await transactions().flag(record.id, {
        attention: 'Superseded',
        at: isoTime(40),
        stoppedAt: isoTime(39),
      });
      const expected = {
        ...record,
        stoppedAt: isoTime(39),
        attention: 'Superseded' as const,
        attentionAt: isoTime(40),
      };
      expect(flagged).toStrictEqual(expected);
      expect(expected).toMatchObject({
        meterStop: null,
        stopReason: null,
        stopIdTag: null,
        stopReceivedAt: null,
      });
      expect(await transactions().get(record.id)).toStrictEqual(expected);
      expect(await transactions().listActive('CP001')).toStrictEqual([]);
      expect(await transactions().list({ status: 'completed' })).toStrictEqual([expected]);
      expect(await storage().meterValues.list()).toStrictEqual([]);
    });

    it('does not move the stop of a transaction already stopped', async () => {
      const record = await transactions().start(newTransaction());
      const stop = transactionStop();
      const closed = await transactions().stop(record.id, stop, []);
      const flagged = await transactions().flag(record.id, {
        attention: 'Superseded',
        at: isoTime(7200),
        stoppedAt: isoTime(7200),
      });
      expect(flagged).toStrictEqual({ ...closed, attention: 'Superseded', attentionAt: isoTime(7200) });
      expect(flagged).toMatchObject({ stoppedAt: stop.stoppedAt, meterStop: stop.meterStop });
    });

    it('stores every attention a transaction can have, on open and stopped transactions', async () => {
      const attentions: TransactionAttention[] = ['Superseded', 'OpenWhileAvailable', 'MeterValuesAfterStop'];
      for (const [index, attention] of attentions.entries()) {
        const open = await transactions().start(newTransaction({ connectorId: index + 1 }));
        const stopped = await transactions().start(newTransaction({ connectorId: index + 10 }));
        const closed = await transactions().stop(stopped.id, transactionStop(), []);
        expect(await transactions().flag(open.id, { attention, at: isoTime(60) }), attention).toStrictEqual({
          ...open,
          attention,
          attentionAt: isoTime(60),
        });
        expect(await transactions().flag(stopped.id, { attention, at: isoTime(61) })).toStrictEqual({
          ...closed,
          attention,
          attentionAt: isoTime(61),
        });
        expect(await transactions().get(stopped.id)).toMatchObject({ attention });
      }
    });

    it('replaces an earlier flag with the newer one', async () => {
      const record = await transactions().start(newTransaction());
      await transactions().flag(record.id, { attention: 'OpenWhileAvailable', at: isoTime(10) });
      await transactions().flag(record.id, {
        attention: 'Superseded',
        at: isoTime(20),
        stoppedAt: isoTime(20),
      });
      expect(await transactions().get(record.id)).toMatchObject({
        attention: 'Superseded',
        attentionAt: isoTime(20),
        stoppedAt: isoTime(20),
      });
    });

    it('returns undefined for an id it never issued and changes nothing', async () => {
      const record = await transactions().start(newTransaction());
      const unknownId = record.id + 1000;
      expect(
        await transactions().flag(unknownId, {
          attention: 'Superseded',
          at: isoTime(1),
          stoppedAt: isoTime(1),
        }),
      ).toBeUndefined();
      expect(await transactions().get(unknownId)).toBeUndefined();
      expect(await transactions().list()).toStrictEqual([record]);
    });

    it('flags only the transaction it is given', async () => {
      const flagged = await transactions().start(newTransaction({ connectorId: 1 }));
      const other = await transactions().start(newTransaction({ connectorId: 2 }));
      await transactions().flag(flagged.id, {
        attention: 'Superseded',
        at: isoTime(9),
        stoppedAt: isoTime(9),
      });
      expect(await transactions().get(other.id)).toStrictEqual(other);
    });
  });

  describe('listActiveByIdTag', () => {
    it('lists the open transactions of the tag on every charge point, oldest first', async () => {
      const first = await transactions().start(newTransaction({ chargePointId: 'CP002', idTag: 'TAG-A' }));
      const second = await transactions().start(newTransaction({ chargePointId: 'CP001', idTag: 'TAG-A' }));
      await transactions().start(newTransaction({ idTag: 'TAG-B' }));
      expect(await transactions().listActiveByIdTag('TAG-A')).toStrictEqual([first, second]);
      expect(await transactions().listActiveByIdTag('TAG-C')).toStrictEqual([]);
    });

    it('compares the id tag case-insensitively, and returns it as stored', async () => {
      const upper = await transactions().start(newTransaction({ connectorId: 1, idTag: 'ABC-12' }));
      const mixed = await transactions().start(newTransaction({ connectorId: 2, idTag: 'aBc-12' }));
      await transactions().start(newTransaction({ connectorId: 3, idTag: 'ABC-123' }));
      expect(await transactions().listActiveByIdTag('abc-12')).toStrictEqual([upper, mixed]);
      expect(await transactions().listActiveByIdTag('ABC-12')).toStrictEqual([upper, mixed]);
    });

    it('folds only ASCII letters, as every storage can', async () => {
      const umlaut = await transactions().start(newTransaction({ connectorId: 1, idTag: 'ÄRGER' }));
      await transactions().start(newTransaction({ connectorId: 2, idTag: 'äRGER' }));
      expect(await transactions().listActiveByIdTag('Ärger')).toStrictEqual([umlaut]);
    });

    it('leaves out stopped transactions, those a flag closed, and anomalies, but not open flagged ones', async () => {
      const stopped = await transactions().start(newTransaction({ connectorId: 1 }));
      await transactions().stop(stopped.id, transactionStop(), []);
      const superseded = await transactions().start(newTransaction({ connectorId: 2 }));
      await transactions().flag(superseded.id, {
        attention: 'Superseded',
        at: isoTime(5),
        stoppedAt: isoTime(5),
      });
      const open = await transactions().start(newTransaction({ connectorId: 3 }));
      const stillOpen = await transactions().flag(open.id, {
        attention: 'OpenWhileAvailable',
        at: isoTime(6),
      });
      await transactions().recordUnknownStop(unknownStop({ idTag: newTransaction().idTag }), []);
      expect(await transactions().listActiveByIdTag(newTransaction().idTag)).toStrictEqual([stillOpen]);
    });

    it('returns copies', async () => {
      await transactions().start(newTransaction());
      const [listed] = await transactions().listActiveByIdTag('RFID-0001');
      if (!listed) throw new Error('transaction is not listed');
      listed.idTag = 'MUTATED';
      expect(await transactions().listActiveByIdTag('RFID-0001')).toMatchObject([{ idTag: 'RFID-0001' }]);
    });
  });
}
