import type { Logger } from '@levity/core';
import { describe, expect, it } from 'vitest';
import type { ApiServer } from './support/api-server.js';
import { startApi, TOKEN } from './support/api-server.js';

function recordingLogger() {
  const lines: { level: string; obj: Record<string, unknown>; msg?: string }[] = [];
  const logger: Logger = {
    debug: (obj, msg) => lines.push({ level: 'debug', obj: obj as Record<string, unknown>, msg }),
    info: (obj, msg) => lines.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
    error: (obj, msg) => lines.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
    child: () => logger,
  };
  return { logger, lines };
}

/** A request with `token` as the bearer token. */
const as = (
  api: ApiServer,
  token: string,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  payload?: object,
) =>
  api.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload === undefined ? {} : { payload }),
  });

describe('/api/tokens', () => {
  it('creates a token, shows it once, lists it without a secret, and revokes it', async () => {
    await using api = await startApi();
    const created = await as(api, TOKEN, 'POST', '/api/tokens', { name: 'grafana', role: 'read' });
    expect(created.statusCode).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const body = created.json() as Record<string, unknown> & { token: string };
    expect(body).toEqual({
      id: expect.any(Number),
      name: 'grafana',
      role: 'read',
      createdAt: expect.any(String),
      lastUsedAt: null,
      revokedAt: null,
      token: expect.stringMatching(/^lvt_[1-9][0-9]*_[A-Za-z0-9_-]{43}$/),
    });
    // The token names its id (which depends on the storage: PostgreSQL's sequences go on
    // from tokens of earlier tests).
    expect(body.token.startsWith(`lvt_${body.id}_`)).toBe(true);

    // The new token reads, and its use shows in the list.
    expect((await as(api, body.token, 'GET', '/api/charge-points')).statusCode).toBe(200);
    const listed = await as(api, TOKEN, 'GET', '/api/tokens');
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual({
      items: [{ ...body, token: undefined, lastUsedAt: expect.any(String) }],
    });
    expect(listed.body).not.toContain(body.token.slice(6));

    expect((await as(api, TOKEN, 'DELETE', '/api/tokens/grafana')).statusCode).toBe(204);
    expect((await as(api, body.token, 'GET', '/api/charge-points')).statusCode).toBe(401);
    expect((await as(api, TOKEN, 'GET', '/api/tokens')).json()).toMatchObject({
      items: [{ name: 'grafana', revokedAt: expect.any(String) }],
    });
  });

  it('revokes by id too, and answers 404 for a token it does not have', async () => {
    await using api = await startApi();
    const { id, token } = await api.cs.apiTokens.create({ name: 'ops', role: 'operate' });
    expect((await as(api, TOKEN, 'DELETE', `/api/tokens/${id}`)).statusCode).toBe(204);
    expect((await as(api, token, 'GET', '/api/charge-points')).statusCode).toBe(401);
    // Again: nothing changes.
    expect((await as(api, TOKEN, 'DELETE', `/api/tokens/${id}`)).statusCode).toBe(204);
    for (const missing of ['nobody', '99']) {
      const response = await as(api, TOKEN, 'DELETE', `/api/tokens/${missing}`);
      expect(response.statusCode, missing).toBe(404);
      expect(response.json()).toMatchObject({ code: 'LEVITY_ERR_NOT_FOUND' });
    }
  });

  it('refuses a taken name with 409, and a bad name or role with 400 naming the field', async () => {
    await using api = await startApi();
    await api.cs.apiTokens.create({ name: 'grafana', role: 'read' });
    const taken = await as(api, TOKEN, 'POST', '/api/tokens', { name: 'GRAFANA', role: 'operate' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'LEVITY_ERR_CONFLICT' });
    for (const [payload, field] of [
      [{ name: '42', role: 'read' }, 'body/name'],
      [{ name: 'has space', role: 'read' }, 'body/name'],
      [{ name: 'ok', role: 'root' }, 'body/role'],
      [{ role: 'read' }, 'body/name'],
      [{ name: 'ok', role: 'read', token: 'mine' }, 'body/token'],
    ] as const) {
      const response = await as(api, TOKEN, 'POST', '/api/tokens', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().field).toBe(field);
    }
    expect(await api.cs.apiTokens.list()).toHaveLength(1);
  });

  it('lets neither a read nor an operate token mint or revoke tokens', async () => {
    await using api = await startApi();
    const read = await api.cs.apiTokens.create({ name: 'grafana', role: 'read' });
    const operate = await api.cs.apiTokens.create({ name: 'ops', role: 'operate' });
    for (const token of [read.token, operate.token]) {
      const minted = await as(api, token, 'POST', '/api/tokens', { name: 'mine', role: 'admin' });
      expect(minted.statusCode).toBe(403);
      expect((await as(api, token, 'DELETE', '/api/tokens/grafana')).statusCode).toBe(403);
      expect((await as(api, token, 'GET', '/api/tokens')).statusCode).toBe(403);
    }
    expect((await api.cs.apiTokens.list()).map((token) => [token.name, token.revokedAt])).toEqual([
      ['grafana', null],
      ['ops', null],
    ]);
  });

  it('lets an admin token manage tokens', async () => {
    await using api = await startApi();
    const admin = await api.cs.apiTokens.create({ name: 'root', role: 'admin' });
    const created = await as(api, admin.token, 'POST', '/api/tokens', { name: 'ci', role: 'operate' });
    expect(created.statusCode).toBe(201);
    expect((await as(api, admin.token, 'DELETE', '/api/tokens/ci')).statusCode).toBe(204);
  });
});

describe('authentication failures', () => {
  it('are logged with a fingerprint, never the token, and counted', async () => {
    const { logger, lines } = recordingLogger();
    await using api = await startApi({ api: { logger } });
    const { token, id } = await api.cs.apiTokens.create({ name: 'grafana', role: 'read' });
    await api.cs.apiTokens.revoke('grafana');
    const unknownId = id + 1;
    const presented = ['wrong-token-value-1234', token, `lvt_${unknownId}_${'x'.repeat(43)}`];
    for (const value of presented) await as(api, value, 'GET', '/api/charge-points');
    await api.app.inject({ method: 'GET', url: '/api/charge-points' });
    await api.app.inject({ method: 'GET', url: `/api/events?token=${token}` });

    const refused = lines.filter((line) => line.msg === 'request without a valid token refused');
    expect(refused.map(({ obj }) => [obj.reason, obj.tokenId, obj.failedAuthentications])).toEqual([
      ['malformed', undefined, 1],
      ['revoked', id, 2],
      ['unknown', unknownId, 3],
      ['missing', undefined, 4],
      ['revoked', id, 5],
    ]);
    expect(refused[0]?.obj).toMatchObject({
      method: 'GET',
      path: '/api/charge-points',
      tokenFingerprint: expect.stringMatching(/^[0-9a-f]{8}$/),
    });
    expect(refused[3]?.obj).not.toHaveProperty('tokenFingerprint');
    const logged = JSON.stringify(lines);
    for (const value of presented) expect(logged).not.toContain(value);
    expect(logged).not.toContain(token.slice(6));
  });

  it('log a token whose role is too low by its name', async () => {
    const { logger, lines } = recordingLogger();
    await using api = await startApi({ api: { logger } });
    const { token } = await api.cs.apiTokens.create({ name: 'grafana', role: 'read' });
    await as(api, token, 'POST', '/api/charge-points/CP001/reject');
    expect(lines.find((line) => line.msg === 'request refused: the token has too low a role')?.obj).toEqual({
      method: 'POST',
      path: '/api/charge-points/CP001/reject',
      ip: '127.0.0.1',
      token: 'grafana',
      role: 'read',
      needed: 'operate',
    });
    expect(JSON.stringify(lines)).not.toContain(token);
  });
});

describe('the command log over HTTP', () => {
  it('records which token sent each command', async () => {
    await using api = await startApi();
    const cp = await api.connect('AUDIT-CP');
    cp.handle('Reset', async () => ({ status: 'Accepted' }));
    await cp.call('BootNotification', { chargePointVendor: 'Levity', chargePointModel: 'Audit' });
    const ops = await api.cs.apiTokens.create({ name: 'ops', role: 'operate' });
    const send = (token: string) =>
      as(api, token, 'POST', '/api/charge-points/AUDIT-CP/commands/Reset', { type: 'Soft' });
    expect((await send(ops.token)).statusCode).toBe(200);
    expect((await send(TOKEN)).statusCode).toBe(200);
    await api.cs.chargePoint('AUDIT-CP').call('Reset', { type: 'Hard' });

    const log = (await as(api, TOKEN, 'GET', '/api/commands')).json() as {
      items: { actor: string | null; params: unknown }[];
    };
    expect(log.items.map((command) => command.actor)).toEqual([null, 'api-token', 'token:ops']);
    const byOps = (await as(api, TOKEN, 'GET', '/api/commands?actor=token:ops')).json() as {
      items: { actor: string }[];
    };
    expect(byOps.items.map((command) => command.actor)).toEqual(['token:ops']);
  });

  it('records the token of an accept with the TriggerMessage it sends', async () => {
    await using api = await startApi({ central: { bootPolicy: 'pending' } });
    const cp = await api.connect('PENDING-CP');
    cp.handle('TriggerMessage', async () => ({ status: 'Accepted' }));
    await cp.call('BootNotification', { chargePointVendor: 'Levity', chargePointModel: 'Audit' });
    const ops = await api.cs.apiTokens.create({ name: 'ops', role: 'operate' });
    expect((await as(api, ops.token, 'POST', '/api/charge-points/PENDING-CP/accept')).statusCode).toBe(200);
    expect((await api.cs.commands.list()).map((command) => [command.action, command.actor])).toEqual([
      ['TriggerMessage', 'token:ops'],
    ]);
  });
});
