import { describe, expect, it } from 'vitest';
import type { LocalListEntry } from '../../storage/records.js';
import type { Storage } from '../../storage/storage.js';
import { isoTime, localListEntry } from '../fixtures.js';

export function localListContract(storage: () => Storage): void {
  const localLists = () => storage().localLists;
  const tagsOf = async (chargePointId: string) =>
    (await localLists().get(chargePointId))?.entries.map((entry) => entry.idTag);

  it('returns undefined for a charge point whose list it does not know', async () => {
    expect(await localLists().get('CP001')).toBeUndefined();
  });

  describe('replace and get', () => {
    it('stores the version and every entry and returns the list', async () => {
      const entries = [
        localListEntry({ idTag: 'RFID-0001' }),
        localListEntry({
          idTag: 'RFID-0002',
          idTagInfo: { status: 'Blocked', expiryDate: null, parentIdTag: null },
        }),
        localListEntry({
          idTag: 'RFID-0003',
          idTagInfo: { status: 'ConcurrentTx', expiryDate: isoTime(60), parentIdTag: null },
        }),
      ];
      const expected = { chargePointId: 'CP001', version: 7, entries, updatedAt: isoTime(5) };
      expect(await localLists().replace('CP001', 7, entries, isoTime(5))).toStrictEqual(expected);
      expect(await localLists().get('CP001')).toStrictEqual(expected);
    });

    it('stores each status an entry can have', async () => {
      const statuses = ['Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx'] as const;
      const entries = statuses.map((status, i) =>
        localListEntry({ idTag: `T${i}`, idTagInfo: { status, expiryDate: null, parentIdTag: 'P' } }),
      );
      await localLists().replace('CP001', 1, entries, isoTime(0));
      expect((await localLists().get('CP001'))?.entries).toStrictEqual(entries);
    });

    it('stores an empty list with its version', async () => {
      expect(await localLists().replace('CP001', 0, [], isoTime(0))).toStrictEqual({
        chargePointId: 'CP001',
        version: 0,
        entries: [],
        updatedAt: isoTime(0),
      });
      expect(await localLists().get('CP001')).toStrictEqual({
        chargePointId: 'CP001',
        version: 0,
        entries: [],
        updatedAt: isoTime(0),
      });
    });

    it('replaces the version and all entries of the earlier list', async () => {
      await localLists().replace(
        'CP001',
        1,
        ['A', 'B', 'C'].map((idTag) => localListEntry({ idTag })),
        isoTime(0),
      );
      const entries = [
        localListEntry({ idTag: 'B', idTagInfo: { status: 'Expired', expiryDate: null, parentIdTag: null } }),
        localListEntry({ idTag: 'D' }),
      ];
      const expected = { chargePointId: 'CP001', version: 2, entries, updatedAt: isoTime(1) };
      expect(await localLists().replace('CP001', 2, entries, isoTime(1))).toStrictEqual(expected);
      expect(await localLists().get('CP001')).toStrictEqual(expected);
      await localLists().replace('CP001', 3, [], isoTime(2));
      expect(await localLists().get('CP001')).toMatchObject({ version: 3, entries: [] });
    });

    it('orders entries by id tag case-insensitively', async () => {
      const tags = ['b2', 'A1', 'a3', 'B0', '_x', '10', 'Z', 'ä'];
      await localLists().replace(
        'CP001',
        1,
        tags.map((idTag) => localListEntry({ idTag })),
        isoTime(0),
      );
      expect(await tagsOf('CP001')).toStrictEqual(['10', '_x', 'A1', 'a3', 'B0', 'b2', 'Z', 'ä']);
    });

    it('keeps the last entry of an id tag given twice, in any case', async () => {
      const last = localListEntry({
        idTag: 'abc',
        idTagInfo: { status: 'Blocked', expiryDate: null, parentIdTag: null },
      });
      await localLists().replace(
        'CP001',
        1,
        [localListEntry({ idTag: 'ABC' }), localListEntry({ idTag: 'X' }), last],
        isoTime(0),
      );
      expect((await localLists().get('CP001'))?.entries).toStrictEqual([
        last,
        localListEntry({ idTag: 'X' }),
      ]);
    });

    it('folds only ASCII letters, as every storage can', async () => {
      await localLists().replace(
        'CP001',
        1,
        [localListEntry({ idTag: 'ÄRGER' }), localListEntry({ idTag: 'äRGER' })],
        isoTime(0),
      );
      expect(await tagsOf('CP001')).toStrictEqual(['ÄRGER', 'äRGER']);
    });

    it('keeps each charge point apart, their ids compared exactly', async () => {
      await localLists().replace('CP001', 1, [localListEntry({ idTag: 'A' })], isoTime(0));
      await localLists().replace('cp001', 2, [localListEntry({ idTag: 'B' })], isoTime(0));
      await localLists().replace('CP002', 3, [localListEntry({ idTag: 'A' })], isoTime(0));
      await localLists().replace('CP002', 4, [], isoTime(1));
      expect(await localLists().get('CP001')).toMatchObject({ version: 1, entries: [{ idTag: 'A' }] });
      expect(await localLists().get('cp001')).toMatchObject({ version: 2, entries: [{ idTag: 'B' }] });
      expect(await localLists().get('CP002')).toMatchObject({ version: 4, entries: [] });
      expect(await localLists().get('CP003')).toBeUndefined();
    });

    it('keeps the extremes of a list version', async () => {
      await localLists().replace('CP001', 2_147_483_647, [], isoTime(0));
      expect(await localLists().get('CP001')).toMatchObject({ version: 2_147_483_647 });
      await localLists().replace('CP001', -1, [], isoTime(0));
      expect(await localLists().get('CP001')).toMatchObject({ version: -1 });
    });

    it('stores a long list at once', async () => {
      const entries = Array.from({ length: 10_000 }, (_, i) =>
        localListEntry({ idTag: `TAG-${String(i).padStart(5, '0')}` }),
      );
      await localLists().replace('CP001', 1, entries, isoTime(0));
      expect((await localLists().get('CP001'))?.entries).toStrictEqual(entries);
    });

    it('sets updatedAt but never moves it backwards', async () => {
      await localLists().replace('CP001', 1, [], isoTime(10));
      expect(await localLists().replace('CP001', 2, [localListEntry()], isoTime(5))).toStrictEqual({
        chargePointId: 'CP001',
        version: 2,
        entries: [localListEntry()],
        updatedAt: isoTime(10),
      });
      expect(await localLists().replace('CP001', 3, [], isoTime(20))).toMatchObject({
        updatedAt: isoTime(20),
      });
    });
  });

  it('returns copies and keeps no reference to what it was given', async () => {
    const entry = localListEntry();
    const entries: LocalListEntry[] = [entry];
    const replaced = await localLists().replace('CP001', 1, entries, isoTime(0));
    entry.idTagInfo.status = 'Blocked';
    entries.push(localListEntry({ idTag: 'Other' }));
    replaced.entries.pop();
    const fetched = await localLists().get('CP001');
    if (!fetched) throw new Error('the list is missing');
    fetched.version = 99;
    const [first] = fetched.entries;
    if (!first) throw new Error('the entry is missing');
    first.idTagInfo.parentIdTag = 'mutated';
    expect(await localLists().get('CP001')).toStrictEqual({
      chargePointId: 'CP001',
      version: 1,
      entries: [localListEntry()],
      updatedAt: isoTime(0),
    });
  });
}
