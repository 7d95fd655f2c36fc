import { describe, expect, it } from 'vitest';
import type { ConfigurationKeyRecord, ConfigurationKeyUpdate } from '../../storage/records.js';
import type { Storage } from '../../storage/storage.js';
import { configurationKey, isoTime } from '../fixtures.js';

/** What the storage must hold for `key` of `chargePointId` upserted at `at`. */
function stored(chargePointId: string, key: ConfigurationKeyUpdate, at: string): ConfigurationKeyRecord {
  return { ...key, chargePointId, updatedAt: at };
}

export function configurationContract(storage: () => Storage): void {
  const configuration = () => storage().configuration;
  const keysOf = async (chargePointId: string) =>
    (await configuration().list(chargePointId)).map((record) => record.key);

  it('returns undefined and an empty list for a charge point it knows nothing of', async () => {
    expect(await configuration().get('CP001', 'HeartbeatInterval')).toBeUndefined();
    expect(await configuration().list('CP001')).toStrictEqual([]);
  });

  describe('upsert, get and list', () => {
    it('stores every field of every key', async () => {
      const keys = [
        configurationKey({ key: 'HeartbeatInterval', value: '300', readonly: false }),
        configurationKey({ key: 'NumberOfConnectors', value: '2', readonly: true }),
        configurationKey({ key: 'AuthorizationKey', value: null, readonly: null, rebootRequired: true }),
        configurationKey({ key: 'VendorThing', value: null, readonly: null, unknown: true }),
      ];
      await configuration().upsert('CP001', keys, isoTime(5));
      for (const key of keys) {
        expect(await configuration().get('CP001', key.key), key.key).toStrictEqual(
          stored('CP001', key, isoTime(5)),
        );
      }
      expect(await configuration().list('CP001')).toStrictEqual(
        [keys[2], keys[0], keys[1], keys[3]].map((key) => key && stored('CP001', key, isoTime(5))),
      );
    });

    it('keeps values of any length and with characters that need escaping elsewhere', async () => {
      const keys = [
        configurationKey({ key: 'MeterValuesSampledData', value: 'Energy.Active.Import.Register,Voltage' }),
        configurationKey({ key: `%_'"\\`, value: `'); drop table cp; --` }),
        configurationKey({ key: 'Empty', value: '' }),
        configurationKey({ key: 'Long', value: 'x'.repeat(500) }),
      ];
      await configuration().upsert('CP001', keys, isoTime(0));
      for (const key of keys) {
        expect(await configuration().get('CP001', key.key), key.key).toStrictEqual(
          stored('CP001', key, isoTime(0)),
        );
      }
      expect(await configuration().get('CP001', '%')).toBeUndefined();
    });

    it('finds a key in any case and returns it as the charge point spelled it', async () => {
      await configuration().upsert('CP001', [configurationKey({ key: 'HeartbeatInterval' })], isoTime(0));
      expect(await configuration().get('CP001', 'heartbeatinterval')).toMatchObject({
        key: 'HeartbeatInterval',
      });
      expect(await configuration().get('CP001', 'HEARTBEATINTERVAL')).toMatchObject({
        key: 'HeartbeatInterval',
      });
      expect(await configuration().get('CP001', 'HeartbeatIntervals')).toBeUndefined();
    });

    it('replaces a key matched in any case with every new field and the new spelling', async () => {
      await configuration().upsert(
        'CP001',
        [configurationKey({ key: 'heartbeatinterval', value: '60', readonly: null, rebootRequired: true })],
        isoTime(0),
      );
      const replacement = configurationKey({ key: 'HeartbeatInterval', value: '900', readonly: true });
      await configuration().upsert('CP001', [replacement], isoTime(1));
      expect(await configuration().list('CP001')).toStrictEqual([stored('CP001', replacement, isoTime(1))]);
    });

    it('leaves the keys it is not given alone', async () => {
      const kept = configurationKey({ key: 'A', value: '1' });
      await configuration().upsert('CP001', [kept, configurationKey({ key: 'B', value: '2' })], isoTime(0));
      await configuration().upsert('CP001', [configurationKey({ key: 'B', value: '3' })], isoTime(1));
      expect(await configuration().list('CP001')).toStrictEqual([
        stored('CP001', kept, isoTime(0)),
        stored('CP001', configurationKey({ key: 'B', value: '3' }), isoTime(1)),
      ]);
    });

    it('keeps the last of keys repeated in one call, in any case', async () => {
      await configuration().upsert(
        'CP001',
        [configurationKey({ key: 'KEY', value: '1' }), configurationKey({ key: 'key', value: '2' })],
        isoTime(0),
      );
      expect(await configuration().list('CP001')).toStrictEqual([
        stored('CP001', configurationKey({ key: 'key', value: '2' }), isoTime(0)),
      ]);
    });

    it('keeps each charge point apart, their ids compared exactly', async () => {
      const one = configurationKey({ value: '1' });
      const two = configurationKey({ value: '2' });
      await configuration().upsert('CP001', [one], isoTime(0));
      await configuration().upsert('cp001', [two], isoTime(1));
      expect(await configuration().list('CP001')).toStrictEqual([stored('CP001', one, isoTime(0))]);
      expect(await configuration().get('cp001', one.key)).toStrictEqual(stored('cp001', two, isoTime(1)));
      expect(await configuration().list('CP002')).toStrictEqual([]);
    });

    it('orders keys case-insensitively', async () => {
      const names = ['b2', 'A1', 'a3', 'B0', '_x', '10', 'Z', 'ä'];
      await configuration().upsert(
        'CP001',
        names.map((key) => configurationKey({ key })),
        isoTime(0),
      );
      expect(await keysOf('CP001')).toStrictEqual(['10', '_x', 'A1', 'a3', 'B0', 'b2', 'Z', 'ä']);
    });

    it('folds only ASCII letters, as every storage can', async () => {
      await configuration().upsert(
        'CP001',
        [configurationKey({ key: 'ÄKey', value: '1' }), configurationKey({ key: 'äKey', value: '2' })],
        isoTime(0),
      );
      expect(await configuration().get('CP001', 'Äkey')).toMatchObject({ key: 'ÄKey', value: '1' });
      expect(await configuration().get('CP001', 'äKEY')).toMatchObject({ key: 'äKey', value: '2' });
    });

    it('sets updatedAt but never moves it backwards', async () => {
      await configuration().upsert('CP001', [configurationKey({ value: '1' })], isoTime(10));
      await configuration().upsert('CP001', [configurationKey({ value: '2' })], isoTime(5));
      expect(await configuration().get('CP001', 'HeartbeatInterval')).toMatchObject({
        value: '2',
        updatedAt: isoTime(10),
      });
      await configuration().upsert('CP001', [configurationKey({ value: '3' })], isoTime(20));
      expect(await configuration().get('CP001', 'HeartbeatInterval')).toMatchObject({
        value: '3',
        updatedAt: isoTime(20),
      });
    });

    it('changes nothing when given no keys', async () => {
      await configuration().upsert('CP001', [configurationKey()], isoTime(0));
      await configuration().upsert('CP001', [], isoTime(1));
      expect(await configuration().list('CP001')).toStrictEqual([
        stored('CP001', configurationKey(), isoTime(0)),
      ]);
    });

    it('stores many keys at once', async () => {
      const keys = Array.from({ length: 5000 }, (_, i) =>
        configurationKey({ key: `Key${i}`, value: `${i}` }),
      );
      await configuration().upsert('CP001', keys, isoTime(0));
      const listed = await configuration().list('CP001');
      expect(listed).toHaveLength(5000);
      expect(await configuration().get('CP001', 'key4999')).toMatchObject({ value: '4999' });
    });
  });

  describe('retainOnly', () => {
    it('removes the keys not kept, compared case-insensitively, and says how many', async () => {
      await configuration().upsert(
        'CP001',
        ['A', 'B', 'C', 'D'].map((key) => configurationKey({ key })),
        isoTime(0),
      );
      expect(await configuration().retainOnly('CP001', ['a', 'C', 'Z'])).toBe(2);
      expect(await keysOf('CP001')).toStrictEqual(['A', 'C']);
      expect(await configuration().retainOnly('CP001', ['A', 'C'])).toBe(0);
      expect(await keysOf('CP001')).toStrictEqual(['A', 'C']);
    });

    it('removes every key when nothing is kept', async () => {
      await configuration().upsert(
        'CP001',
        [configurationKey({ key: 'A' }), configurationKey({ key: 'B' })],
        isoTime(0),
      );
      expect(await configuration().retainOnly('CP001', [])).toBe(2);
      expect(await configuration().list('CP001')).toStrictEqual([]);
    });

    it('leaves other charge points alone', async () => {
      await configuration().upsert('CP001', [configurationKey({ key: 'A' })], isoTime(0));
      await configuration().upsert('CP002', [configurationKey({ key: 'A' })], isoTime(0));
      expect(await configuration().retainOnly('CP001', [])).toBe(1);
      expect(await keysOf('CP002')).toStrictEqual(['A']);
      expect(await configuration().retainOnly('CP404', [])).toBe(0);
    });

    it('keeps keys with characters that need escaping elsewhere, and folds only ASCII letters', async () => {
      const names = [`a"b`, 'c\\d', `'e'`, '%', 'Ä', 'ä'];
      await configuration().upsert(
        'CP001',
        names.map((key) => configurationKey({ key })),
        isoTime(0),
      );
      expect(await configuration().retainOnly('CP001', [`A"B`, 'C\\D', `'E'`, 'ä'])).toBe(2);
      expect(await keysOf('CP001')).toStrictEqual([`'e'`, `a"b`, 'c\\d', 'ä']);
    });

    it('keeps many keys at once', async () => {
      const names = Array.from({ length: 5000 }, (_, i) => `Key${i}`);
      await configuration().upsert(
        'CP001',
        names.map((key) => configurationKey({ key })),
        isoTime(0),
      );
      expect(await configuration().retainOnly('CP001', names.slice(1))).toBe(1);
      expect(await configuration().get('CP001', 'Key0')).toBeUndefined();
      expect(await configuration().list('CP001')).toHaveLength(4999);
    });
  });

  it('returns copies and keeps no reference to what it was given', async () => {
    const key = configurationKey();
    const keys = [key];
    await configuration().upsert('CP001', keys, isoTime(0));
    key.value = 'mutated';
    keys.push(configurationKey({ key: 'Other' }));
    const fetched = await configuration().get('CP001', 'HeartbeatInterval');
    if (!fetched) throw new Error('the key is missing');
    fetched.value = 'mutated';
    const [listed] = await configuration().list('CP001');
    if (!listed) throw new Error('the key is not listed');
    listed.readonly = true;
    expect(await configuration().list('CP001')).toStrictEqual([
      stored('CP001', configurationKey(), isoTime(0)),
    ]);
  });
}
