// End to end over HTTP: the built `levity` binary serving the API and the WebSocket
// endpoint on one port, a charge point on ocpp-rpc, and the client subcommands.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RPCClient } from 'ocpp-rpc';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  isStartupLine,
  killStragglers,
  runLevity,
  spawnLevity,
} from './support/levity-process.js';
import { e2eStorage, itOnce } from './support/storage.js';

type ClientOptions = ConstructorParameters<typeof RPCClient>[0];

let dir: string;

beforeAll(() => {
  assertBuilt();
});
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'levity-http-e2e-'));
  await e2eStorage.reset();
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
    strictMode: true,
    reconnect: false,
    callTimeoutMs: 10_000,
    pingIntervalMs: 0,
  } as Partial<ClientOptions> as ClientOptions);
}

/** `fn` until it returns something other than undefined (polling every 50 ms, 10 s at most). */
async function eventually<T>(fn: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('levity with the HTTP API', () => {
  it('runs a charging session commanded over HTTP and answers the client subcommands, on one port', async () => {
    const db = e2eStorage.database(dir, 'e2e');
    await using levity = spawnLevity(
      ['--host', '127.0.0.1', '--port', '0', '--db', db, '--ping-interval', '0', '--log-file', ''],
      { cwd: dir },
    );
    const startup = await levity.waitForLog(isStartupLine);
    const port = startup.port as number;
    expect(startup.httpPort).toBe(port);

    // The token was generated into <db>.token (levity.token with PostgreSQL), readable by
    // its owner only, and never logged.
    const tokenFile = e2eStorage.tokenFile(dir, db);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(levity.logLines().find((line) => String(line.msg).startsWith('HTTP API at'))?.msg).toBe(
      `HTTP API at http://127.0.0.1:${port}/api; bearer token in ${tokenFile}`,
    );

    const base = `http://127.0.0.1:${port}`;
    const api = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}/api${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await fetch(`${base}/api/charge-points`)).status).toBe(401);

    // A charge point that starts and stops transactions when told to, as real ones do.
    const cp = chargePoint(port, 'E2E-CP');
    let meter = 10_000;
    cp.handle('RemoteStartTransaction', async ({ params }) => {
      const { idTag, connectorId = 1 } = params as { idTag: string; connectorId?: number };
      setImmediate(async () => {
        const { transactionId } = (await cp.call('StartTransaction', {
          connectorId,
          idTag,
          meterStart: meter,
          timestamp: new Date().toISOString(),
        })) as { transactionId: number };
        meter += 7_350;
        await cp.call('MeterValues', {
          connectorId,
          transactionId,
          meterValue: [
            {
              timestamp: new Date().toISOString(),
              sampledValue: [
                { value: String(meter), measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
              ],
            },
          ],
        });
      });
      return { status: 'Accepted' };
    });
    cp.handle('RemoteStopTransaction', async ({ params }) => {
      const { transactionId } = params as { transactionId: number };
      setImmediate(() =>
        cp.call('StopTransaction', {
          transactionId,
          meterStop: meter,
          timestamp: new Date().toISOString(),
          reason: 'Remote',
        }),
      );
      return { status: 'Accepted' };
    });
    cp.handle('Reset', async () => ({ status: 'Accepted' }));
    await cp.connect();
    await cp.call('BootNotification', { chargePointVendor: 'Levity', chargePointModel: 'E2E-HTTP' });
    await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });

    const started = await api('POST', '/charge-points/E2E-CP/commands/RemoteStartTransaction', {
      idTag: 'TAG-E2E',
      connectorId: 1,
    });
    expect(started).toEqual({ status: 200, body: { response: { status: 'Accepted' } } });
    const transaction = await eventually(async () => {
      const { body } = await api('GET', '/transactions?chargePointId=E2E-CP&status=active');
      return (body.items as { id: number }[])[0];
    });
    // The meter value arrives after the start.
    await eventually(async () => {
      const { body } = await api('GET', `/transactions/${transaction.id}/meter-values`);
      return (body.series as unknown[]).length > 0 ? true : undefined;
    });

    const stopped = await api('POST', '/charge-points/E2E-CP/commands/RemoteStopTransaction', {
      transactionId: transaction.id,
    });
    expect(stopped).toEqual({ status: 200, body: { response: { status: 'Accepted' } } });
    const completed = await eventually(async () => {
      const { body } = await api('GET', `/transactions/${transaction.id}`);
      return body.status === 'Completed' ? body : undefined;
    });
    expect(completed).toMatchObject({
      id: transaction.id,
      chargePointId: 'E2E-CP',
      connectorId: 1,
      idTag: 'TAG-E2E',
      idTagStatus: 'Accepted',
      meterStart: 10_000,
      meterStop: 17_350,
      stopReason: 'Remote',
      energy: { energyWh: 7350, source: 'meter' },
    });
    const series = await api('GET', `/transactions/${transaction.id}/meter-values`);
    expect(series.body.series).toEqual([
      expect.objectContaining({
        measurand: 'Energy.Active.Import.Register',
        points: [expect.objectContaining({ value: 17_350, transactionId: transaction.id })],
      }),
    ]);

    // The client subcommands, against the same server.
    const client = ['--url', base, '--token-file', tokenFile];
    const cpList = await runLevity(['cp', 'list', '--json', ...client], { cwd: dir });
    expect(cpList).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(cpList.stdout)).toEqual([
      expect.objectContaining({
        id: 'E2E-CP',
        connected: true,
        model: 'E2E-HTTP',
        registrationStatus: 'Accepted',
      }),
    ]);

    const txList = await runLevity(['tx', 'list', '--cp', 'E2E-CP', ...client], { cwd: dir });
    expect(txList).toMatchObject({ code: 0, stderr: '' });
    const [header, row] = txList.stdout.trim().split('\n');
    expect(header).toMatch(/^ID\s+CHARGE POINT\s+CONNECTOR\s+ID TAG\s+STATUS\s+STARTED\s+STOPPED\s+kWh/);
    expect(row).toMatch(
      new RegExp(`^${transaction.id}\\s+E2E-CP\\s+1\\s+TAG-E2E\\s+Completed\\s.*\\s7\\.350`),
    );

    // URL and token from the environment this time.
    const env = { LEVITY_URL: base, LEVITY_API_TOKEN: token };
    const added = await runLevity(['idtag', 'add', 'ABC123', '--expiry', '2030-01-01T00:00:00Z'], {
      cwd: dir,
      env,
    });
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toMatch(/^idTag\s+ABC123$/m);
    expect((await api('GET', '/id-tags/ABC123')).body).toMatchObject({
      status: 'Accepted',
      expiryDate: '2030-01-01T00:00:00.000Z',
    });
    expect(await runLevity(['idtag', 'add', 'abc123'], { cwd: dir, env })).toMatchObject({
      code: 1,
      stderr: 'levity: 409 Id tag "abc123" exists already; update it instead\n',
    });

    const reset = await runLevity(['call', 'E2E-CP', 'Reset', '{"type":"Soft"}'], { cwd: dir, env });
    expect(reset).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(reset.stdout)).toEqual({ status: 'Accepted' });
    expect(
      await runLevity(['call', 'E2E-CP', 'Reset', '{"type":"Medium"}'], { cwd: dir, env }),
    ).toMatchObject({
      code: 1,
      stderr: 'levity: 400 body/type must be one of Hard, Soft\n',
    });

    await cp.close();
    await eventually(async () =>
      (await api('GET', '/charge-points/E2E-CP')).body.connected === false ? true : undefined,
    );
    expect(await runLevity(['call', 'E2E-CP', 'Reset', '{"type":"Soft"}'], { cwd: dir, env })).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'levity: 409 charge point E2E-CP is not connected\n',
    });

    levity.child.kill('SIGTERM');
    const exit = await levity.exited;
    expect(exit).toMatchObject({ code: 0, stderr: '' });
    expect(exit.stdout).not.toContain(token);
  });

  it('reuses the token file on the next start and takes --api-token instead when given', async () => {
    const db = e2eStorage.database(dir, 'reuse');
    const args = ['--host', '127.0.0.1', '--port', '0', '--db', db, '--log-file', ''];
    {
      await using first = spawnLevity(args, { cwd: dir });
      await first.waitForLog(isStartupLine);
      first.child.kill('SIGTERM');
      await first.exited;
    }
    const token = readFileSync(e2eStorage.tokenFile(dir, db), 'utf8').trim();
    {
      await using second = spawnLevity(args, { cwd: dir });
      const { port } = await second.waitForLog(isStartupLine);
      expect(second.logLines().some((line) => String(line.msg).startsWith('generated an API token'))).toBe(
        false,
      );
      const response = await fetch(`http://127.0.0.1:${String(port)}/api/charge-points`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
    }
    await using third = spawnLevity(args, { cwd: dir, env: { LEVITY_API_TOKEN: 'operator-chosen-token' } });
    const { port } = await third.waitForLog(isStartupLine);
    const url = `http://127.0.0.1:${String(port)}/api/charge-points`;
    expect((await fetch(url, { headers: { authorization: 'Bearer operator-chosen-token' } })).status).toBe(
      200,
    );
    expect((await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect(third.stdout()).not.toContain('operator-chosen-token');
  });

  itOnce('serves the API on its own port with --http-port, and not at all with --no-http', async () => {
    {
      await using levity = spawnLevity(
        [
          '--host',
          '127.0.0.1',
          '--port',
          '0',
          '--http-port',
          '0',
          '--db',
          join(dir, 'own.db'),
          '--log-file',
          '',
        ],
        { cwd: dir },
      );
      const startup = await levity.waitForLog(isStartupLine);
      expect(startup.httpPort).not.toBe(startup.port);
      expect((await fetch(`http://127.0.0.1:${String(startup.httpPort)}/healthz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${String(startup.port)}/healthz`)).status).toBe(404);
      const cp = chargePoint(startup.port as number, 'OWN-PORT');
      await cp.connect();
      await cp.close();
    }
    await using off = spawnLevity(
      ['--host', '127.0.0.1', '--port', '0', '--no-http', '--db', join(dir, 'off.db'), '--log-file', ''],
      { cwd: dir },
    );
    const startup = await off.waitForLog(isStartupLine);
    expect(startup.httpPort).toBeNull();
    expect((await fetch(`http://127.0.0.1:${String(startup.port)}/healthz`)).status).toBe(404);
    expect(existsSync(join(dir, 'off.db.token'))).toBe(false);
  });

  itOnce('exits 2 with one line on a client usage error, and 1 when the server is unreachable', async () => {
    expect(await runLevity(['cp', 'list'], { cwd: dir })).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `levity: no API token: pass --api-token or --token-file, set LEVITY_API_TOKEN, or run beside the server's database (${join(dir, 'levity.db.token')} does not exist)\n`,
    });
    // A port nothing listens on: one that was free a moment ago.
    const unused = createServer();
    await new Promise<void>((resolve) => unused.listen(0, '127.0.0.1', resolve));
    const { port } = unused.address() as AddressInfo;
    await new Promise((resolve) => unused.close(resolve));
    const env = { LEVITY_API_TOKEN: 'x', LEVITY_URL: `http://127.0.0.1:${port}` };
    expect(await runLevity(['tx', 'list', '--bogus'], { cwd: dir, env })).toMatchObject({
      code: 2,
      stderr: 'levity: unknown option --bogus (see levity tx --help)\n',
    });
    expect(await runLevity(['idtag'], { cwd: dir, env })).toMatchObject({
      code: 2,
      stderr:
        'levity: expected a command: list, show, add, block, unblock, remove (see levity idtag --help)\n',
    });
    expect(await runLevity(['call', 'CP1', 'Reset', '{type:Soft}'], { cwd: dir, env })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^levity: the payload is not JSON: /),
    });
    expect(await runLevity(['cp', 'list'], { cwd: dir, env })).toMatchObject({
      code: 1,
      stderr: `levity: cannot reach http://127.0.0.1:${port}: connection refused (is levity running there?)\n`,
    });
    const help = await runLevity(['tx', '--help'], { cwd: dir });
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('levity tx list [--cp ID]');
    expect(help.stdout).toContain('LEVITY_API_TOKEN');
  });
});
