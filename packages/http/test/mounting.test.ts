import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@levity/core';
import { createCentralSystem, InvalidOptionError, MemoryStorage } from '@levity/core';
import Fastify from 'fastify';
import { RPCClient } from 'ocpp-rpc';
import { describe, expect, it, vi } from 'vitest';
import { createHttpApi, levityHttpApi } from '../src/index.js';
import { startApi, TOKEN } from './support/api-server.js';

const auth = { authorization: `Bearer ${TOKEN}` };

function recordingLogger() {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const logger: Logger = {
    debug: (obj, msg) => lines.push({ level: 'debug', obj, msg }),
    info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => lines.push({ level: 'error', obj, msg }),
    child: () => logger,
  };
  return { logger, lines };
}

describe('levityHttpApi as a plugin of your own Fastify app', () => {
  it('adds its routes under your prefix and leaves your routes and error handling alone', async () => {
    const storage = new MemoryStorage();
    const cs = createCentralSystem({ storage });
    const app = Fastify();
    app.get('/hello', async () => ({ hello: 'world' }));
    app.get('/boom', async () => {
      throw new Error('your own error');
    });
    await app.register(levityHttpApi, { centralSystem: cs, token: TOKEN, prefix: '/levity' });
    await app.ready();
    try {
      expect((await app.inject('/hello')).json()).toEqual({ hello: 'world' });
      // Fastify's own error format, not Levity's: the plugin's error handler is encapsulated.
      expect((await app.inject('/boom')).json()).toMatchObject({
        message: 'your own error',
        statusCode: 500,
      });
      expect((await app.inject('/levity/healthz')).statusCode).toBe(200);
      expect((await app.inject('/levity/api/charge-points')).statusCode).toBe(401);
      expect((await app.inject({ url: '/levity/api/charge-points', headers: auth })).json()).toEqual({
        items: [],
        nextCursor: null,
      });
      const document = (await app.inject({ url: '/levity/api/openapi.json', headers: auth })).json();
      expect(Object.keys(document.paths)).toContain('/levity/api/transactions/{transactionId}');
      expect(Object.keys(document.paths)).not.toContain('/hello');
    } finally {
      await cs.close();
      await app.close();
    }
  });
});

describe('createHttpApi served from your own node:http server', () => {
  it('routes requests through app.routing next to charge point upgrades', async () => {
    const storage = new MemoryStorage();
    const cs = createCentralSystem({ storage, pingIntervalSeconds: 0 });
    const server = createServer();
    const app = createHttpApi({
      centralSystem: cs,
      tokens: ['first-token', TOKEN],
      serveChargePoints: false,
      listening: () => server.listening,
    });
    await app.ready();
    server.on('request', app.routing);
    server.on('upgrade', cs.handleUpgrade);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const cp = new RPCClient({
      endpoint: `ws://127.0.0.1:${port}/ws`,
      identity: 'OWN-1',
      protocols: ['ocpp1.6'],
      reconnect: false,
    } as Partial<ConstructorParameters<typeof RPCClient>[0]> as ConstructorParameters<typeof RPCClient>[0]);
    try {
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      await cp.connect();
      await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
      for (const token of ['first-token', TOKEN]) {
        const response = await fetch(`${base}/api/charge-points`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(response.status).toBe(200);
        expect(((await response.json()) as { items: { id: string; connected: boolean }[] }).items).toEqual([
          expect.objectContaining({ id: 'OWN-1', connected: true }),
        ]);
      }
    } finally {
      await cp.close({ force: true });
      await cs.close();
      await app.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('options', () => {
  it.each([
    [{ token: '' }, /visible ASCII/],
    [{ token: 'has space' }, /visible ASCII/],
    [{ tokens: ['ok', 'bad\n'] }, /visible ASCII/],
  ])('refuses %j with an InvalidOptionError', (tokens, message) => {
    const cs = createCentralSystem({ storage: new MemoryStorage() });
    const attempt = () => createHttpApi({ centralSystem: cs, ...tokens });
    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow(message);
  });
});

describe('health checks', () => {
  it("asks the storage's ping when it has one, rather than reading from it", async () => {
    const storage = new MemoryStorage();
    let reachable = false;
    const withPing = Object.assign(storage, {
      ping: async () => {
        if (!reachable) throw new Error('the database server is down');
      },
    });
    const cs = createCentralSystem({ storage: withPing });
    const app = createHttpApi({ centralSystem: cs, token: 'test-token', listening: () => true });
    try {
      expect((await app.inject('/readyz')).json()).toEqual({
        status: 'unavailable',
        checks: { storage: 'failed', server: 'listening' },
      });
      reachable = true;
      expect((await app.inject('/readyz')).statusCode).toBe(200);
    } finally {
      await cs.close();
      await app.close();
    }
  });

  it('is live at once, and ready only once it listens and the storage answers', async () => {
    await using api = await startApi();
    expect((await api.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const before = await api.app.inject('/readyz');
    expect(before.statusCode).toBe(503);
    expect(before.json()).toEqual({
      status: 'unavailable',
      checks: { storage: 'ok', server: 'not listening' },
    });
    await api.listen();
    const ready = await api.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { storage: 'ok', server: 'listening' } });
    // What the probe asks: the storage's ping when it has one (PostgreSQL), else a read.
    if (api.storage.ping) vi.spyOn(api.storage, 'ping').mockRejectedValue(new Error('connection refused'));
    else vi.spyOn(api.storage.chargePoints, 'get').mockRejectedValue(new Error('database is locked'));
    const broken = await api.app.inject('/readyz');
    expect(broken.statusCode).toBe(503);
    expect(broken.json()).toEqual({
      status: 'unavailable',
      checks: { storage: 'failed', server: 'listening' },
    });
  });
});

describe('hostile input', () => {
  it.each([
    ['GET', '/api/charge-points/%E0%A4%A', undefined, 400],
    ['GET', '/api/transactions/99999999999999999999', undefined, 400],
    ['GET', '/api/transactions?limit=1&limit=2', undefined, 400],
    ['POST', '/api/id-tags', '{"__proto__":{"admin":true},"idTag":"A"}', 400],
    ['POST', '/api/id-tags', `{"idTag":"${'x'.repeat(2_000_000)}"}`, 413],
    ['POST', '/api/id-tags', '', 400],
  ] as const)(
    'answers %s %s with %i in the API format, never a 500',
    async (method, url, payload, status) => {
      await using api = await startApi();
      const response = await api.request({
        method,
        url,
        ...(payload === undefined ? {} : { payload, headers: { 'content-type': 'application/json' } }),
      });
      expect(response.statusCode).toBe(status);
      expect(response.json()).toMatchObject({ statusCode: status, code: 'LEVITY_ERR_INVALID_REQUEST' });
    },
  );
});

describe('unexpected errors', () => {
  it('answer 500 with a generic message and log the details', async () => {
    const { logger, lines } = recordingLogger();
    await using api = await startApi({ api: { logger } });
    vi.spyOn(api.storage.transactions, 'list').mockRejectedValue(new Error('SQLITE_CORRUPT: secret details'));
    const response = await api.request({ method: 'GET', url: '/api/transactions' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      code: 'LEVITY_ERR_INTERNAL',
      message: 'Internal server error; the details are in the server log',
    });
    expect(response.body).not.toContain('SQLITE');
    const failure = lines.find((line) => line.msg === 'HTTP request failed');
    expect(failure?.level).toBe('error');
    expect(failure?.obj).toMatchObject({ method: 'GET', path: '/api/transactions' });
    expect((failure?.obj as { err?: Error } | undefined)?.err?.message).toContain('SQLITE_CORRUPT');
  });

  it('log refused requests without the token they presented', async () => {
    const { logger, lines } = recordingLogger();
    await using api = await startApi({ api: { logger } });
    await api.app.inject({ url: '/api/events?token=guessed-token' });
    await api.app.inject({ url: '/api/charge-points', headers: { authorization: 'Bearer guessed-token' } });
    const refused = lines.filter((line) => line.msg === 'request without a valid token refused');
    expect(refused).toHaveLength(2);
    expect(JSON.stringify(lines)).not.toContain('guessed-token');
  });
});
