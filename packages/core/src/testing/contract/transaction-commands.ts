import { describe, expect, it } from 'vitest';
import type { Storage } from '../../storage/storage.js';
import { isoTime, newTransaction, transactionStop, unknownStop } from '../fixtures.js';

/** The RemoteStart/RemoteStopTransaction commands linked to transactions, part of the transactions contract. */
export function transactionCommandContract(storage: () => Storage): void {
  const transactions = () => storage().transactions;

  describe('remote start and stop commands', () => {
    it('keeps the RemoteStartTransaction command of a start, and none by default', async () => {
      const remote = await transactions().start(newTransaction({ connectorId: 1, remoteStartCommandId: 42 }));
      const local = await transactions().start(newTransaction({ connectorId: 2 }));
      const explicit = await transactions().start(
        newTransaction({ connectorId: 3, remoteStartCommandId: null }),
      );
      expect(remote).toMatchObject({ remoteStartCommandId: 42, remoteStopCommandId: null });
      expect(await transactions().get(remote.id)).toStrictEqual(remote);
      for (const record of [local, explicit]) {
        expect(record).toMatchObject({ remoteStartCommandId: null, remoteStopCommandId: null });
        expect(await transactions().get(record.id)).toStrictEqual(record);
      }
    });

    it('keeps the RemoteStopTransaction command of a stop', async () => {
      const record = await transactions().start(newTransaction({ remoteStartCommandId: 41 }));
      const expected = {
        ...record,
        meterStop: transactionStop().meterStop,
        stoppedAt: transactionStop().stoppedAt,
        stopReason: 'Remote' as const,
        stopIdTag: transactionStop().idTag,
        stopReceivedAt: transactionStop().receivedAt,
        remoteStopCommandId: 43,
      };
      expect(
        await transactions().stop(
          record.id,
          transactionStop({ reason: 'Remote', remoteStopCommandId: 43 }),
          [],
        ),
      ).toStrictEqual(expected);
      expect(await transactions().get(record.id)).toStrictEqual(expected);
    });

    it('leaves the stop command alone when a later stop gives none, and clears it with null', async () => {
      const record = await transactions().start(newTransaction());
      await transactions().stop(record.id, transactionStop({ remoteStopCommandId: 43 }), []);
      expect(await transactions().stop(record.id, transactionStop({ meterStop: 13_000 }), [])).toMatchObject({
        meterStop: 13_000,
        remoteStopCommandId: 43,
      });
      expect(
        await transactions().stop(record.id, transactionStop({ remoteStopCommandId: null }), []),
      ).toMatchObject({ remoteStopCommandId: null });
      expect(await transactions().get(record.id)).toMatchObject({ remoteStopCommandId: null });
    });

    it('keeps the RemoteStopTransaction command of a stop for an unknown transaction', async () => {
      const anomaly = await transactions().recordUnknownStop(unknownStop({ remoteStopCommandId: 44 }), []);
      expect(anomaly).toMatchObject({ remoteStartCommandId: null, remoteStopCommandId: 44 });
      expect(await transactions().get(anomaly.id)).toStrictEqual(anomaly);
      const plain = await transactions().recordUnknownStop(unknownStop({ reportedTransactionId: 1 }), []);
      expect(plain).toMatchObject({ remoteStartCommandId: null, remoteStopCommandId: null });
    });

    it('keeps both through a flag', async () => {
      const record = await transactions().start(newTransaction({ remoteStartCommandId: 1 }));
      await transactions().stop(record.id, transactionStop({ remoteStopCommandId: 2 }), []);
      expect(
        await transactions().flag(record.id, {
          attention: 'Superseded',
          at: isoTime(9),
          stoppedAt: isoTime(9),
        }),
      ).toMatchObject({ remoteStartCommandId: 1, remoteStopCommandId: 2 });
    });
  });
}
