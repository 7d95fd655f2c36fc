import { describe, expect, it } from 'vitest';
import type { NewApiToken, StoredApiToken } from '../../storage/api-tokens.js';
import type { Storage } from '../../storage/storage.js';
import { isoTime, newApiToken } from '../fixtures.js';

/** What `create` must return for `token` once it got `id`. */
function created(id: number, token: NewApiToken): StoredApiToken {
  return { ...token, id, lastUsedAt: null, revokedAt: null };
}

export function apiTokenContract(storage: () => Storage): void {
  const tokens = () => storage().apiTokens;

  /** Creates a token, failing the test if it is refused. */
  async function create(overrides: Partial<NewApiToken> = {}): Promise<StoredApiToken> {
    const token = await tokens().create(newApiToken(overrides));
    if (!token) throw new Error(`token ${overrides.name ?? 'grafana'} was refused`);
    return token;
  }

  it('has no tokens at first', async () => {
    expect(await tokens().list()).toStrictEqual([]);
    expect(await tokens().get(1)).toBeUndefined();
    expect(await tokens().findByName('grafana')).toBeUndefined();
  });

  describe('create, get and findByName', () => {
    it('stores the token with a positive integer id and returns it', async () => {
      const token = newApiToken({ role: 'operate', secretHash: 'f'.repeat(64) });
      const record = await create(token);
      expect(Number.isSafeInteger(record.id) && record.id > 0).toBe(true);
      expect(record).toStrictEqual(created(record.id, token));
      expect(await tokens().get(record.id)).toStrictEqual(record);
      expect(await tokens().findByName('grafana')).toStrictEqual(record);
    });

    it('finds names case-insensitively and keeps their spelling', async () => {
      const record = await create({ name: 'Grafana-EU' });
      expect(await tokens().findByName('grafana-eu')).toStrictEqual(record);
      expect(await tokens().findByName('GRAFANA-EU')).toStrictEqual(record);
      expect(await tokens().findByName('grafana')).toBeUndefined();
    });

    it('refuses a name in use, in any case, and changes nothing', async () => {
      const first = await create({ name: 'ops' });
      expect(await tokens().create(newApiToken({ name: 'OPS', role: 'admin' }))).toBeUndefined();
      expect(await tokens().list()).toStrictEqual([first]);
    });

    it('refuses the name of a revoked token', async () => {
      const first = await create({ name: 'ops' });
      await tokens().revoke(first.id, isoTime(1));
      expect(await tokens().create(newApiToken({ name: 'ops' }))).toBeUndefined();
    });

    it('issues distinct ids and never reuses one', async () => {
      const records = [];
      for (const name of ['a', 'b', 'c']) records.push(await create({ name }));
      const ids = records.map((record) => record.id);
      expect(new Set(ids).size).toBe(3);
      expect(ids).toStrictEqual([...ids].sort((a, b) => a - b));
      expect(await tokens().get(Math.max(...ids) + 1)).toBeUndefined();
    });

    it('keeps every role', async () => {
      for (const role of ['read', 'operate', 'admin'] as const) {
        const record = await create({ name: role, role });
        expect((await tokens().get(record.id))?.role).toBe(role);
      }
    });
  });

  describe('list', () => {
    it('lists every token by id, revoked ones included', async () => {
      const a = await create({ name: 'zeta' });
      const b = await create({ name: 'alpha' });
      const revoked = await tokens().revoke(a.id, isoTime(5));
      expect(await tokens().list()).toStrictEqual([revoked, b]);
    });
  });

  describe('revoke', () => {
    it('sets revokedAt and returns the token', async () => {
      const record = await create();
      const expected = { ...record, revokedAt: isoTime(5) };
      expect(await tokens().revoke(record.id, isoTime(5))).toStrictEqual(expected);
      expect(await tokens().get(record.id)).toStrictEqual(expected);
    });

    it('keeps the first revocation time', async () => {
      const record = await create();
      await tokens().revoke(record.id, isoTime(5));
      expect((await tokens().revoke(record.id, isoTime(9)))?.revokedAt).toBe(isoTime(5));
    });

    it('returns undefined for an id it never issued and changes nothing', async () => {
      const record = await create();
      expect(await tokens().revoke(record.id + 1, isoTime(5))).toBeUndefined();
      expect(await tokens().list()).toStrictEqual([record]);
    });

    it('revokes only the token it is given', async () => {
      const revoked = await create({ name: 'a' });
      const other = await create({ name: 'b' });
      await tokens().revoke(revoked.id, isoTime(5));
      expect(await tokens().get(other.id)).toStrictEqual(other);
    });
  });

  describe('touch', () => {
    it('records the last use and never moves it backwards', async () => {
      const record = await create();
      await tokens().touch(record.id, isoTime(10));
      expect((await tokens().get(record.id))?.lastUsedAt).toBe(isoTime(10));
      await tokens().touch(record.id, isoTime(5));
      expect((await tokens().get(record.id))?.lastUsedAt).toBe(isoTime(10));
      await tokens().touch(record.id, isoTime(20));
      expect(await tokens().get(record.id)).toStrictEqual({ ...record, lastUsedAt: isoTime(20) });
    });

    it('ignores an id it never issued', async () => {
      const record = await create();
      await tokens().touch(record.id + 1, isoTime(10));
      expect(await tokens().list()).toStrictEqual([record]);
    });
  });
}
