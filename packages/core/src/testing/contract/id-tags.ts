import { describe, expect, it } from 'vitest';
import type { IdTagFilter, IdTagRecord, NewIdTag } from '../../storage/records.js';
import type { Storage } from '../../storage/storage.js';
import { isoTime, newIdTag } from '../fixtures.js';

/** What `add` must return for `tag` added at `at`. */
function added(tag: NewIdTag, at: string): IdTagRecord {
  return { ...tag, createdAt: at, updatedAt: at };
}

export function idTagContract(storage: () => Storage): void {
  const idTags = () => storage().idTags;

  /** Adds tags, failing the test if one is refused. */
  async function addAll(...tags: NewIdTag[]): Promise<IdTagRecord[]> {
    const records: IdTagRecord[] = [];
    for (const tag of tags) {
      const record = await idTags().add(tag, isoTime(0));
      if (!record) throw new Error(`${tag.idTag} was refused`);
      records.push(record);
    }
    return records;
  }

  it('returns undefined for a tag it does not have', async () => {
    expect(await idTags().get('RFID-0001')).toBeUndefined();
    expect(await idTags().list()).toStrictEqual([]);
  });

  describe('add and get', () => {
    it('adds the tag with every field and returns it', async () => {
      const tag = newIdTag();
      const record = await idTags().add(tag, isoTime(5));
      expect(record).toStrictEqual(added(tag, isoTime(5)));
      expect(await idTags().get('RFID-0001')).toStrictEqual(added(tag, isoTime(5)));
    });

    it('keeps null fields null', async () => {
      const tag = newIdTag({ expiryDate: null, parentIdTag: null, note: null, status: 'Invalid' });
      await idTags().add(tag, isoTime(0));
      expect(await idTags().get(tag.idTag)).toStrictEqual(added(tag, isoTime(0)));
    });

    it('finds a tag in any case and returns it as it was added', async () => {
      await idTags().add(newIdTag({ idTag: 'AbC-01' }), isoTime(0));
      expect(await idTags().get('abc-01')).toMatchObject({ idTag: 'AbC-01' });
      expect(await idTags().get('ABC-01')).toMatchObject({ idTag: 'AbC-01' });
      expect(await idTags().get('ABC-1')).toBeUndefined();
    });

    it('refuses a tag that exists already, in any case, and changes nothing', async () => {
      const first = await idTags().add(newIdTag({ idTag: 'ABC-01', status: 'Accepted' }), isoTime(0));
      expect(
        await idTags().add(newIdTag({ idTag: 'ABC-01', status: 'Blocked' }), isoTime(1)),
      ).toBeUndefined();
      expect(
        await idTags().add(newIdTag({ idTag: 'abc-01', status: 'Blocked' }), isoTime(2)),
      ).toBeUndefined();
      expect(await idTags().list()).toStrictEqual([first]);
    });

    it('folds only ASCII letters, as every storage can', async () => {
      const [upper, lower] = await addAll(newIdTag({ idTag: 'ÄRGER' }), newIdTag({ idTag: 'äRGER' }));
      expect(await idTags().get('Ärger')).toStrictEqual(upper);
      expect(await idTags().get('ärger')).toStrictEqual(lower);
    });

    it('keeps tags with characters that need escaping elsewhere', async () => {
      const tag = newIdTag({ idTag: `%_'"\\ ü` });
      await idTags().add(tag, isoTime(0));
      expect(await idTags().get(tag.idTag)).toStrictEqual(added(tag, isoTime(0)));
      expect(await idTags().get('%')).toBeUndefined();
    });
  });

  describe('update', () => {
    it('changes only the given fields and returns the tag', async () => {
      const tag = newIdTag();
      await idTags().add(tag, isoTime(0));
      const expected = { ...added(tag, isoTime(0)), status: 'Blocked' as const, updatedAt: isoTime(9) };
      expect(await idTags().update('RFID-0001', { status: 'Blocked' }, isoTime(9))).toStrictEqual(expected);
      expect(await idTags().get('RFID-0001')).toStrictEqual(expected);
    });

    it('changes every field at once, including to null', async () => {
      await idTags().add(newIdTag(), isoTime(0));
      const patch = { status: 'Expired' as const, expiryDate: null, parentIdTag: null, note: null };
      expect(await idTags().update('RFID-0001', patch, isoTime(1))).toStrictEqual({
        ...added(newIdTag(patch), isoTime(0)),
        updatedAt: isoTime(1),
      });
      const refill = { expiryDate: isoTime(60), parentIdTag: 'FLEET-02', note: 'Back' };
      expect(await idTags().update('RFID-0001', refill, isoTime(2))).toMatchObject(refill);
    });

    it('leaves a field given as undefined alone', async () => {
      await idTags().add(newIdTag(), isoTime(0));
      expect(
        await idTags().update('RFID-0001', { note: undefined, status: 'Blocked' }, isoTime(1)),
      ).toMatchObject({ note: 'Company car', status: 'Blocked' });
    });

    it('finds the tag in any case and keeps its spelling', async () => {
      await idTags().add(newIdTag({ idTag: 'AbC-01' }), isoTime(0));
      expect(await idTags().update('abc-01', { note: 'found' }, isoTime(1))).toMatchObject({
        idTag: 'AbC-01',
        note: 'found',
      });
    });

    it('sets updatedAt on every update but never moves it backwards, and keeps createdAt', async () => {
      await idTags().add(newIdTag(), isoTime(10));
      expect(await idTags().update('RFID-0001', {}, isoTime(20))).toMatchObject({
        createdAt: isoTime(10),
        updatedAt: isoTime(20),
      });
      expect(await idTags().update('RFID-0001', { status: 'Blocked' }, isoTime(15))).toMatchObject({
        status: 'Blocked',
        createdAt: isoTime(10),
        updatedAt: isoTime(20),
      });
    });

    it('returns undefined for a tag it does not have and creates nothing', async () => {
      expect(await idTags().update('RFID-0404', { status: 'Blocked' }, isoTime(1))).toBeUndefined();
      expect(await idTags().list()).toStrictEqual([]);
    });
  });

  describe('remove', () => {
    it('removes a tag in any case and says whether it did', async () => {
      const [kept] = await addAll(newIdTag({ idTag: 'KEEP' }), newIdTag({ idTag: 'AbC-01' }));
      expect(await idTags().remove('abc-01')).toBe(true);
      expect(await idTags().get('AbC-01')).toBeUndefined();
      expect(await idTags().remove('AbC-01')).toBe(false);
      expect(await idTags().remove('RFID-0404')).toBe(false);
      expect(await idTags().list()).toStrictEqual([kept]);
    });

    it('lets a removed tag be added again, in another case', async () => {
      await idTags().add(newIdTag({ idTag: 'ABC' }), isoTime(0));
      await idTags().remove('ABC');
      expect(await idTags().add(newIdTag({ idTag: 'abc' }), isoTime(1))).toStrictEqual(
        added(newIdTag({ idTag: 'abc' }), isoTime(1)),
      );
    });
  });

  describe('list', () => {
    const tags = async (filter?: IdTagFilter) => (await idTags().list(filter)).map((record) => record.idTag);

    it('orders tags case-insensitively', async () => {
      await addAll(...['b2', 'A1', 'a3', 'B0', '_x', '10', 'Z', 'ä'].map((idTag) => newIdTag({ idTag })));
      // As if lower-cased: digits, then '_' (0x5F) before the letters, non-ASCII last.
      expect(await tags()).toStrictEqual(['10', '_x', 'A1', 'a3', 'B0', 'b2', 'Z', 'ä']);
    });

    it('filters by status and by parent, the parent in any case', async () => {
      await addAll(
        newIdTag({ idTag: 'T1', status: 'Accepted', parentIdTag: 'FLEET-A' }),
        newIdTag({ idTag: 'T2', status: 'Blocked', parentIdTag: 'fleet-a' }),
        newIdTag({ idTag: 'T3', status: 'Blocked', parentIdTag: 'FLEET-B' }),
        newIdTag({ idTag: 'T4', status: 'Accepted', parentIdTag: null }),
      );
      expect(await tags({ status: 'Blocked' })).toStrictEqual(['T2', 'T3']);
      expect(await tags({ status: 'Expired' })).toStrictEqual([]);
      expect(await tags({ parentIdTag: 'Fleet-A' })).toStrictEqual(['T1', 'T2']);
      expect(await tags({ parentIdTag: 'FLEET-A', status: 'Accepted' })).toStrictEqual(['T1']);
      expect(await tags({ parentIdTag: 'FLEET-C' })).toStrictEqual([]);
    });

    it('pages with limit and after, which is exclusive and case-insensitive', async () => {
      await addAll(...['a1', 'A2', 'a3', 'B1', 'b2'].map((idTag) => newIdTag({ idTag })));
      expect(await tags({ limit: 2 })).toStrictEqual(['a1', 'A2']);
      expect(await tags({ after: 'a2', limit: 2 })).toStrictEqual(['a3', 'B1']);
      expect(await tags({ after: 'b1', limit: 2 })).toStrictEqual(['b2']);
      expect(await tags({ after: 'B2' })).toStrictEqual([]);
      // The cursor need not be a stored tag.
      expect(await tags({ after: 'A25' })).toStrictEqual(['a3', 'B1', 'b2']);
      expect(await tags({ after: '' })).toStrictEqual(['a1', 'A2', 'a3', 'B1', 'b2']);
    });

    it('applies after together with the other filters', async () => {
      await addAll(
        newIdTag({ idTag: 'T1', status: 'Blocked' }),
        newIdTag({ idTag: 'T2', status: 'Accepted' }),
        newIdTag({ idTag: 'T3', status: 'Blocked' }),
        newIdTag({ idTag: 'T4', status: 'Blocked' }),
      );
      expect(await tags({ status: 'Blocked', after: 't1', limit: 1 })).toStrictEqual(['T3']);
    });
  });

  it('returns copies and keeps no reference to what it was given', async () => {
    const tag = newIdTag();
    const record = await idTags().add(tag, isoTime(0));
    if (!record) throw new Error('the tag was refused');
    tag.note = 'mutated';
    record.status = 'Blocked';
    const fetched = await idTags().get('RFID-0001');
    if (!fetched) throw new Error('the tag is missing');
    fetched.status = 'Expired';
    const [listed] = await idTags().list();
    if (!listed) throw new Error('the tag is not listed');
    listed.parentIdTag = null;
    const updated = await idTags().update('RFID-0001', {}, isoTime(0));
    if (!updated) throw new Error('the tag was not updated');
    updated.expiryDate = null;
    expect(await idTags().get('RFID-0001')).toStrictEqual(added(newIdTag(), isoTime(0)));
  });
}
