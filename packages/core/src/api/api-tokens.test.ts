import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LevityError } from '../errors.js';
import { MemoryStorage } from '../storage/memory/memory-storage.js';
import { createApiTokensApi, roleAllows } from './api-tokens.js';

/** A clock that stands still until moved. */
function manualClock(start = '2025-03-01T12:00:00.000Z') {
  let now = Date.parse(start);
  return {
    clock: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

function setup() {
  const storage = new MemoryStorage();
  const time = manualClock();
  return { storage, time, tokens: createApiTokensApi(storage, time.clock) };
}

const code = (error: unknown) => (error as LevityError).code;

describe('cs.apiTokens.create', () => {
  it('returns the token once and stores only the SHA-256 of its secret', async () => {
    const { storage, tokens } = setup();
    const created = await tokens.create({ name: 'grafana', role: 'read' });
    expect(created).toStrictEqual({
      id: 1,
      name: 'grafana',
      role: 'read',
      createdAt: '2025-03-01T12:00:00.000Z',
      lastUsedAt: null,
      revokedAt: null,
      token: expect.stringMatching(/^lvt_1_[A-Za-z0-9_-]{43}$/),
    });
    const secret = created.token.slice('lvt_1_'.length);
    const stored = await storage.apiTokens.get(1);
    expect(stored?.secretHash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(await storage.apiTokens.list())).not.toContain(secret);
  });

  it('makes a different secret every time', async () => {
    const { tokens } = setup();
    const a = await tokens.create({ name: 'a', role: 'read' });
    const b = await tokens.create({ name: 'b', role: 'read' });
    expect(a.token.slice(6)).not.toBe(b.token.slice(6));
  });

  it('refuses names that are empty, too long, all digits or with other characters, and unknown roles', async () => {
    const { storage, tokens } = setup();
    for (const name of ['', '7', '1abc', '-x', 'a b', 'a/b', 'ä', 'x'.repeat(65), undefined, 3]) {
      const error = await tokens.create({ name: name as string, role: 'read' }).catch((e: unknown) => e);
      expect(code(error), String(name)).toBe('LEVITY_ERR_INVALID_ARGUMENT');
    }
    for (const role of ['root', 'READ', '', undefined]) {
      const error = await tokens.create({ name: 'ok', role: role as 'read' }).catch((e: unknown) => e);
      expect(code(error), String(role)).toBe('LEVITY_ERR_INVALID_ARGUMENT');
    }
    expect(await storage.apiTokens.list()).toStrictEqual([]);
    await expect(tokens.create({ name: `a${'.'.repeat(63)}`, role: 'admin' })).resolves.toBeDefined();
  });

  it('refuses a name used before, in any case, even once revoked', async () => {
    const { tokens } = setup();
    await tokens.create({ name: 'grafana', role: 'read' });
    await expect(tokens.create({ name: 'GRAFANA', role: 'admin' })).rejects.toMatchObject({
      code: 'LEVITY_ERR_CONFLICT',
    });
    await tokens.revoke('grafana');
    await expect(tokens.create({ name: 'grafana', role: 'read' })).rejects.toMatchObject({
      code: 'LEVITY_ERR_CONFLICT',
    });
  });
});

describe('cs.apiTokens.list, get and revoke', () => {
  it('lists tokens without secrets or hashes', async () => {
    const { tokens } = setup();
    await tokens.create({ name: 'grafana', role: 'read' });
    await tokens.create({ name: 'ops', role: 'operate' });
    const listed = await tokens.list();
    expect(listed.map((token) => [token.id, token.name, token.role])).toStrictEqual([
      [1, 'grafana', 'read'],
      [2, 'ops', 'operate'],
    ]);
    for (const token of listed)
      expect(Object.keys(token).sort()).toStrictEqual([
        'createdAt',
        'id',
        'lastUsedAt',
        'name',
        'revokedAt',
        'role',
      ]);
    expect(await tokens.get('OPS')).toStrictEqual(listed[1]);
    expect(await tokens.get(1)).toStrictEqual(listed[0]);
    expect(await tokens.get(3)).toBeUndefined();
  });

  it('revokes by id or by name, once', async () => {
    const { tokens, time } = setup();
    await tokens.create({ name: 'grafana', role: 'read' });
    await tokens.create({ name: 'ops', role: 'operate' });
    time.advance(1000);
    expect(await tokens.revoke('Grafana')).toMatchObject({ id: 1, revokedAt: '2025-03-01T12:00:01.000Z' });
    expect(await tokens.revoke(2)).toMatchObject({ name: 'ops', revokedAt: '2025-03-01T12:00:01.000Z' });
    time.advance(1000);
    expect((await tokens.revoke(1)).revokedAt).toBe('2025-03-01T12:00:01.000Z');
  });

  it('answers LEVITY_ERR_NOT_FOUND for a token it does not have', async () => {
    const { tokens } = setup();
    await tokens.create({ name: 'grafana', role: 'read' });
    for (const missing of ['nobody', 2, 1.5, '1']) {
      const error = await tokens.revoke(missing).catch((e: unknown) => e);
      expect(error, String(missing)).toBeInstanceOf(LevityError);
      expect(code(error)).toBe('LEVITY_ERR_NOT_FOUND');
    }
  });
});

describe('cs.apiTokens.authenticate', () => {
  it('accepts the token it created, with its record', async () => {
    const { tokens } = setup();
    const { token, ...record } = await tokens.create({ name: 'grafana', role: 'read' });
    expect(await tokens.authenticate(token)).toStrictEqual({
      valid: true,
      token: { ...record, lastUsedAt: '2025-03-01T12:00:00.000Z' },
    });
  });

  it('tells why a token authenticates nobody', async () => {
    const { tokens } = setup();
    const { token } = await tokens.create({ name: 'grafana', role: 'read' });
    const secret = token.slice('lvt_1_'.length);
    const flipped = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    const cases: [string, unknown][] = [
      ['', { valid: false, reason: 'malformed', tokenId: null }],
      [secret, { valid: false, reason: 'malformed', tokenId: null }],
      [`${token}x`, { valid: false, reason: 'malformed', tokenId: null }],
      [`lvt_01_${secret}`, { valid: false, reason: 'malformed', tokenId: null }],
      [`lvt_99999999999999999_${secret}`, { valid: false, reason: 'malformed', tokenId: null }],
      [`lvt_2_${secret}`, { valid: false, reason: 'unknown', tokenId: 2 }],
      [`lvt_1_${flipped}`, { valid: false, reason: 'mismatch', tokenId: 1 }],
    ];
    for (const [presented, expected] of cases) {
      expect(await tokens.authenticate(presented), presented).toStrictEqual(expected);
    }
    await tokens.revoke(1);
    expect(await tokens.authenticate(token)).toStrictEqual({ valid: false, reason: 'revoked', tokenId: 1 });
    expect(await tokens.authenticate(`lvt_1_${flipped}`)).toMatchObject({ reason: 'mismatch' });
  });

  it('records the last use at most once a minute', async () => {
    const { storage, tokens, time } = setup();
    const { token } = await tokens.create({ name: 'grafana', role: 'read' });
    const lastUsed = async () => (await storage.apiTokens.get(1))?.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await tokens.authenticate(token);
    expect(await lastUsed()).toBe('2025-03-01T12:00:00.000Z');
    time.advance(59_999);
    expect(await tokens.authenticate(token)).toMatchObject({
      token: { lastUsedAt: '2025-03-01T12:00:00.000Z' },
    });
    expect(await lastUsed()).toBe('2025-03-01T12:00:00.000Z');
    time.advance(1);
    await tokens.authenticate(token);
    expect(await lastUsed()).toBe('2025-03-01T12:01:00.000Z');
  });

  it('does not record a use of a revoked or wrong token', async () => {
    const { storage, tokens } = setup();
    const { token } = await tokens.create({ name: 'grafana', role: 'read' });
    await tokens.authenticate(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`);
    await tokens.revoke(1);
    await tokens.authenticate(token);
    expect((await storage.apiTokens.get(1))?.lastUsedAt).toBeNull();
  });
});

describe('roleAllows', () => {
  it('orders the roles read < operate < admin', () => {
    expect(roleAllows('read', 'read')).toBe(true);
    expect(roleAllows('read', 'operate')).toBe(false);
    expect(roleAllows('operate', 'read')).toBe(true);
    expect(roleAllows('operate', 'admin')).toBe(false);
    expect(roleAllows('admin', 'operate')).toBe(true);
    expect(roleAllows('admin', 'admin')).toBe(true);
  });
});
