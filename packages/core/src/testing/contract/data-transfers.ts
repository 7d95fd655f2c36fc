import { describe, expect, it } from 'vitest';
import type { NewDataTransfer } from '../../storage/records.js';
import type { Storage } from '../../storage/storage.js';
import { newDataTransfer } from '../fixtures.js';
import { eventLogContract } from './event-log.js';

export function dataTransferContract(storage: () => Storage): void {
  const dataTransfers = () => storage().dataTransfers;

  eventLogContract({
    repository: dataTransfers,
    build: newDataTransfer,
    nulls: { messageId: null, data: null, responseData: null },
    mutate: (value) => {
      value.data = 'mutated';
    },
  });

  describe('contents', () => {
    it('keeps data and responseData exactly, whatever they hold', async () => {
      const data = `{"text":"ü 💡 \\"quoted\\" ; DROP TABLE x; --","lines":"a\\nb"}${' '.repeat(3)}`;
      const responseData = 'x'.repeat(100_000);
      const record = await dataTransfers().add(newDataTransfer({ data, responseData }));
      expect(await dataTransfers().list()).toStrictEqual([record]);
      expect(record).toMatchObject({ data, responseData });
    });

    it('stores every status Levity can answer', async () => {
      const statuses: NewDataTransfer['status'][] = [
        'Accepted',
        'Rejected',
        'UnknownMessageId',
        'UnknownVendorId',
      ];
      for (const status of statuses) await dataTransfers().add(newDataTransfer({ status }));
      expect((await dataTransfers().list()).map((record) => record.status)).toStrictEqual(
        [...statuses].reverse(),
      );
    });
  });
}
