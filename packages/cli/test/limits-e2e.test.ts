// The built `levity` binary under hostile clients: the limits flags reach the central
// system and the HTTP API, and no token ever reaches a log line.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RPCClient } from 'ocpp-rpc';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertBuilt, isStartupLine, killStragglers, spawnLevity } from './support/levity-process.js';

type ClientOptions = ConstructorParameters<typeof RPCClient>[0];

let dir: string;

beforeAll(() => {
  assertBuilt();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'levity-limits-e2e-'));
});
afterEach(() => {
  killStragglers();
  rmSync(dir, { recursive: true, force: true });
});

function chargePoint(port: number, identity: string): RPCClient {
  return new RPCClient({
    endpoint: `ws://127.0.0.1:${port}/ws`,
    identity,
    protocols: ['ocpp1.6'],
    strictMode: false,
    reconnect: false,
    callTimeoutMs: 10_000,
    pingIntervalMs: 0,
  } as Partial<ClientOptions> as ClientOptions);
}

/** A raw HTTP request; resolves with the status (or the upgrade's), never throws on a refusal. */
function send(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<number | undefined> {
  return new Promise((resolve) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers },
      (response) => {
        response.resume();
        resolve(response.statusCode);
        response.destroy();
      },
    );
    request.on('upgrade', (response, socket) => {
      resolve(response.statusCode);
      socket.destroy();
    });
    request.on('error', () => resolve(undefined));
    request.end(options.body);
  });
}

describe('levity with its limits', () => {
  it('applies the limit flags to charge points and the HTTP API', async () => {
    await using levity = spawnLevity(
      [
        '--host',
        '127.0.0.1',
        '--port',
        '0',
        '--db',
        join(dir, 'limits.db'),
        '--log-file',
        '',
        '--api-token',
        'the-token',
        '--max-connections',
        '1',
        '--max-frame-size',
        '2048',
        '--http-body-limit',
        '1024',
      ],
      { cwd: dir },
    );
    const { port } = (await levity.waitForLog(isStartupLine)) as { port: number };

    const first = chargePoint(port, 'CP1');
    await first.connect();
    const second = chargePoint(port, 'CP2');
    await expect(second.connect()).rejects.toMatchObject({ message: 'Service Unavailable' });

    const closed = new Promise<{ code: number }>((resolve) => first.once('close', resolve));
    await first.call('DataTransfer', { vendorId: 'v', data: 'x'.repeat(4000) }).catch(() => {});
    expect((await closed).code).toBe(1009);

    expect(
      await send(port, '/api/id-tags', {
        method: 'POST',
        headers: { authorization: 'Bearer the-token', 'content-type': 'application/json' },
        body: JSON.stringify({ idTag: 'T', note: 'n'.repeat(2000) }),
      }),
    ).toBe(413);
  });

  it('never writes the API token to stdout or the log file, whatever the request carried it in', async () => {
    const token = 'Secret-Token-1234567890';
    await using levity = spawnLevity(
      [
        '--host',
        '127.0.0.1',
        '--port',
        '0',
        '--db',
        join(dir, 'tokens.db'),
        '--log-level',
        'debug',
        '--log-file',
        'levity.log',
        '--api-token',
        token,
      ],
      { cwd: dir },
    );
    const { port } = (await levity.waitForLog(isStartupLine)) as { port: number };
    const upgrade = {
      connection: 'Upgrade',
      upgrade: 'websocket',
      'sec-websocket-version': '13',
      'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
    };
    const wrong = `${token}-wrong`;
    expect(await send(port, `/api/events?token=${token}`, { headers: upgrade })).toBe(404);
    expect(await send(port, `/api/events?token=${wrong}`, { headers: upgrade })).toBe(404);
    expect(await send(port, `/ws/CP1/x?token=${token}`, { headers: upgrade })).toBe(404);
    expect(await send(port, `/ws/%zz?token=${token}`, { headers: upgrade })).toBe(400);
    expect(await send(port, `/api/events?token=${wrong}`)).toBe(401);
    expect(await send(port, `/api/charge-points?token=${token}`)).toBe(401);
    expect(await send(port, `/api/nowhere/%zz?token=${token}`)).toBe(400);
    expect(await send(port, '/api/charge-points', { headers: { authorization: `Bearer ${wrong}` } })).toBe(
      401,
    );
    expect(await send(port, '/api/charge-points', { headers: { authorization: `Bearer ${token}` } })).toBe(
      200,
    );
    await send(port, `/api/transactions/0x10?token=${token}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    // Let the last lines reach the file.
    await levity.waitForLog((line) => line.msg === 'HTTP request' && line.path === '/api/transactions/0x10');

    const written = `${levity.stdout()}\n${readFileSync(join(dir, 'levity.log'), 'utf8')}`;
    expect(written).toContain('request without a valid token refused');
    expect(written).not.toContain(token);
  });
});
