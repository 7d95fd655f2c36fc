// End to end: the built `levity` binary, a real socket, a real database (an SQLite file,
// or PostgreSQL in the cli-postgres project: see support/storage.ts).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RPCClient } from 'ocpp-rpc';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  INDEX,
  isStartupLine,
  killStragglers,
  runLevity,
  spawnLevity,
} from './support/levity-process.js';
import { e2eStorage, itOnce } from './support/storage.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** ocpp-rpc's client options. */
type ClientOptions = ConstructorParameters<typeof RPCClient>[0];

let dir: string;

beforeAll(() => {
  assertBuilt();
});
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'levity-cli-e2e-'));
  await e2eStorage.reset();
});
afterEach(() => {
  killStragglers();
  rmSync(dir, { recursive: true, force: true });
});

const rows = (db: string, table: string) => e2eStorage.rows(db, table);

describe('levity', () => {
  it('stores a charging session in the database, logs to stdout and the log file, and exits 0 on SIGTERM', async () => {
    const db = e2eStorage.database(dir, 'session');
    const logFile = join(dir, 'session.log');
    await using levity = spawnLevity(
      ['--host', '127.0.0.1', '--port', '0', '--db', db, '--ping-interval', '0'],
      {
        cwd: dir,
        env: { LEVITY_LOG_FILE: logFile, LEVITY_LOG_LEVEL: 'DEBUG', LEVITY_HEARTBEAT_INTERVAL: '120' },
      },
    );
    const startup = await levity.waitForLog(isStartupLine);
    expect(startup).toMatchObject({
      level: 'info',
      host: '127.0.0.1',
      database: e2eStorage.shown(db),
      logFile,
    });
    const port = startup.port as number;
    expect(port).toBeGreaterThan(0);

    const options: Partial<ClientOptions> = {
      endpoint: `ws://127.0.0.1:${port}/ws`,
      identity: 'E2E-CP',
      protocols: ['ocpp1.6'],
      strictMode: true,
      reconnect: false,
      callTimeoutMs: 10_000,
      pingIntervalMs: 0,
    };
    // ocpp-rpc's typings mark every option required; the rest have defaults.
    const cp = new RPCClient(options as ClientOptions);
    await cp.connect();
    const boot = await cp.call('BootNotification', {
      chargePointVendor: 'Levity',
      chargePointModel: 'E2E-1',
      chargePointSerialNumber: 'SN-E2E',
      firmwareVersion: '1.0.0',
    });
    expect(boot).toMatchObject({ status: 'Accepted', interval: 120 });
    expect(
      await cp.call('StatusNotification', {
        connectorId: 1,
        errorCode: 'NoError',
        status: 'Preparing',
        timestamp: '2025-01-01T09:59:00Z',
      }),
    ).toEqual({});
    const started = (await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG-E2E',
      meterStart: 1000,
      timestamp: '2025-01-01T10:00:00Z',
    })) as { transactionId: number; idTagInfo: { status: string } };
    expect(started.idTagInfo.status).toBe('Accepted');
    expect(Number.isInteger(started.transactionId)).toBe(true);
    expect(
      await cp.call('MeterValues', {
        connectorId: 1,
        transactionId: started.transactionId,
        meterValue: [
          {
            timestamp: '2025-01-01T10:30:00Z',
            sampledValue: [{ value: '1750', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
          },
        ],
      }),
    ).toEqual({});
    expect(
      await cp.call('StopTransaction', {
        transactionId: started.transactionId,
        idTag: 'TAG-E2E',
        meterStop: 2500,
        timestamp: '2025-01-01T11:00:00Z',
        reason: 'Local',
      }),
    ).toMatchObject({ idTagInfo: { status: 'Accepted' } });

    const disconnected = new Promise<{ code: number }>((resolve) => cp.once('close', resolve));
    levity.child.kill('SIGTERM');
    const exit = await levity.exited;
    expect(exit.stderr).toBe('');
    expect(exit.code).toBe(0);
    expect((await disconnected).code).toBe(1001);
    expect(levity.logLines().map((line) => line.msg)).toEqual(
      expect.arrayContaining(['shutting down', 'stopped']),
    );

    expect(await rows(db, 'cp')).toEqual([
      expect.objectContaining({
        id: 'E2E-CP',
        vendor: 'Levity',
        model: 'E2E-1',
        charge_point_serial_number: 'SN-E2E',
        firmware_version: '1.0.0',
        registration_status: 'Accepted',
        connected: 0,
        disconnected_at: expect.any(String),
      }),
    ]);
    expect(await rows(db, 'cp_conn')).toEqual([
      expect.objectContaining({
        charge_point_id: 'E2E-CP',
        connector_id: 1,
        status: 'Preparing',
        error_code: 'NoError',
        status_timestamp: '2025-01-01T09:59:00.000Z',
      }),
    ]);
    expect(await rows(db, 'tx')).toEqual([
      expect.objectContaining({
        id: started.transactionId,
        charge_point_id: 'E2E-CP',
        connector_id: 1,
        id_tag: 'TAG-E2E',
        id_tag_status: 'Accepted',
        meter_start: 1000,
        started_at: '2025-01-01T10:00:00.000Z',
        meter_stop: 2500,
        stopped_at: '2025-01-01T11:00:00.000Z',
        stop_reason: 'Local',
        anomaly: null,
      }),
    ]);
    expect(await rows(db, 'meter_val')).toEqual([
      expect.objectContaining({
        charge_point_id: 'E2E-CP',
        connector_id: 1,
        transaction_id: started.transactionId,
        timestamp: '2025-01-01T10:30:00.000Z',
        value: '1750',
        measurand: 'Energy.Active.Import.Register',
        unit: 'Wh',
        source: 'MeterValues',
      }),
    ]);

    const fileLines = readFileSync(logFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(fileLines.find(isStartupLine)).toEqual(startup);
    expect(fileLines.length).toBe(levity.logLines().length);
    expect(fileLines.some((line) => line.level === 'debug')).toBe(true);
  });

  itOnce('exits 0 on SIGINT and writes no log file when --log-file is empty', async () => {
    await using levity = spawnLevity(['--host', '127.0.0.1', '--port', '0', '--log-file', ''], { cwd: dir });
    const startup = await levity.waitForLog(isStartupLine);
    expect(startup).toMatchObject({ database: join(dir, 'levity.db'), logFile: null });
    levity.child.kill('SIGINT');
    const exit = await levity.exited;
    expect(exit).toMatchObject({ code: 0, stderr: '' });
    expect(existsSync(join(dir, 'levity.db'))).toBe(true);
    expect(existsSync(join(dir, 'levity.log'))).toBe(false);
  });

  itOnce('writes levity.log in the working directory by default', async () => {
    await using levity = spawnLevity(['--host', '127.0.0.1', '--port', '0'], { cwd: dir });
    const startup = await levity.waitForLog(isStartupLine);
    levity.child.kill('SIGTERM');
    expect((await levity.exited).code).toBe(0);
    const log = readFileSync(join(dir, 'levity.log'), 'utf8');
    expect(log).toContain(JSON.stringify(startup.msg));
    expect(log).toContain(`"port":${String(startup.port)}`);
  });

  itOnce('exits 1 at once on a second signal while a charge point holds the shutdown up', async () => {
    await using levity = spawnLevity(
      ['--host', '127.0.0.1', '--port', '0', '--ping-interval', '0', '--log-file', ''],
      {
        cwd: dir,
      },
    );
    const { port } = await levity.waitForLog(isStartupLine);
    // A raw WebSocket that never answers the server's close frame: core waits for it.
    const socket = connect({ host: '127.0.0.1', port: port as number });
    socket.on('error', () => {});
    await new Promise<void>((resolve) => {
      socket.once('data', (data) => {
        expect(String(data)).toMatch(/^HTTP\/1\.1 101/);
        resolve();
      });
      socket.write(
        [
          'GET /ws/STUCK-CP HTTP/1.1',
          `Host: 127.0.0.1:${String(port)}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
          'Sec-WebSocket-Version: 13',
          'Sec-WebSocket-Protocol: ocpp1.6',
          '',
          '',
        ].join('\r\n'),
      );
    });
    await levity.waitForLog((line) => line.msg === 'charge point connected');

    levity.child.kill('SIGTERM');
    await levity.waitForLog((line) => line.msg === 'shutting down');
    const sentAt = Date.now();
    levity.child.kill('SIGTERM');
    const exit = await levity.exited;
    socket.destroy();
    expect(exit.code).toBe(1);
    expect(Date.now() - sentAt).toBeLessThan(2000);
    expect(levity.logLines().some((line) => line.msg === 'second signal during shutdown; exiting now')).toBe(
      true,
    );
  });

  it.each([
    ['an uncaught exception', 'setImmediate(() => { throw new Error("boom"); })', 'uncaught exception: boom'],
    ['an unhandled rejection', 'void Promise.reject(new Error("boom"))', 'unhandled rejection: boom'],
  ])('logs %s, closes everything and exits 1', async (_kind, crash, message) => {
    const db = e2eStorage.database(dir, 'crash');
    // main() from the build, with a crash on demand (SIGUSR2) once the server runs.
    const script = [
      `import { main } from ${JSON.stringify(INDEX)};`,
      `process.on('SIGUSR2', () => { ${crash}; });`,
      "process.exitCode = await main(['node', 'levity', ...process.argv.slice(1)]);",
    ].join('\n');
    await using levity = spawnLevity(
      ['--host', '127.0.0.1', '--port', '0', '--db', db, '--ping-interval', '0'],
      {
        cwd: dir,
        script,
      },
    );
    const { port } = await levity.waitForLog(isStartupLine);
    const options: Partial<ClientOptions> = {
      endpoint: `ws://127.0.0.1:${String(port)}/ws`,
      identity: 'CRASH-CP',
      protocols: ['ocpp1.6'],
      reconnect: false,
    };
    const cp = new RPCClient(options as ClientOptions);
    await cp.connect();
    await cp.call('BootNotification', { chargePointVendor: 'Levity', chargePointModel: 'E2E-1' });

    levity.child.kill('SIGUSR2');
    const exit = await levity.exited;
    expect(exit.code).toBe(1);
    expect(exit.stderr).toBe(`levity: ${message}\n`);
    const fatal = levity.logLines().find((line) => line.level === 'fatal');
    expect(fatal).toMatchObject({ err: { message: 'boom' } });
    expect(levity.logLines().at(-1)).toMatchObject({ msg: 'stopped', exitCode: 1 });
    expect(await rows(db, 'cp')).toEqual([expect.objectContaining({ id: 'CRASH-CP', connected: 0 })]);
  });

  itOnce('exits 1 with one line on stderr when the port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const exit = await runLevity(['--host', '127.0.0.1', '--port', String(port), '--log-file', ''], {
        cwd: dir,
      });
      expect(exit.code).toBe(1);
      expect(exit.stderr).toBe(`levity: cannot listen on 127.0.0.1:${port}: address already in use\n`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  itOnce('exits 1 with one line on stderr when the database cannot be opened', async () => {
    const db = join(dir, 'no-such-dir', 'levity.db');
    const exit = await runLevity(['--port', '0', '--db', db, '--log-file', ''], { cwd: dir });
    expect(exit.code).toBe(1);
    expect(exit.stderr).toMatch(
      new RegExp(`^levity: Cannot open SQLite database at "${escapeRegExp(db)}": .+\\n$`),
    );
    expect(exit.stderr.split('\n')).toHaveLength(2);
  });

  itOnce('exits 1 with one line on stderr when the log file cannot be opened', async () => {
    const exit = await runLevity(['--port', '0', '--log-file', join(dir, 'no-such-dir', 'levity.log')], {
      cwd: dir,
    });
    expect(exit.code).toBe(1);
    expect(exit.stderr).toMatch(/^levity: cannot open log file ".+": ENOENT: .+\n$/);
    expect(exit.stderr.split('\n')).toHaveLength(2);
  });

  itOnce('prints its version and its help, and exits 0', async () => {
    expect(await runLevity(['--version'], { cwd: dir })).toMatchObject({
      code: 0,
      stdout: `${version}\n`,
      stderr: '',
    });
    const help = await runLevity(['--help'], { cwd: dir });
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('--heartbeat-interval');
    expect(help.stdout).toContain('LEVITY_PING_INTERVAL');
  });

  itOnce('exits 2 with one line on stderr on a usage error, without starting', async () => {
    expect(await runLevity(['--port', 'abc'], { cwd: dir })).toEqual({
      code: 2,
      signal: null,
      stdout: '',
      stderr: 'levity: invalid --port "abc": expected an integer from 0 to 65535\n',
    });
    expect(await runLevity([], { cwd: dir, env: { LEVITY_LOG_LEVEL: 'chatty' } })).toMatchObject({
      code: 2,
      stderr: 'levity: invalid LEVITY_LOG_LEVEL "chatty": expected one of debug, info, warn, error\n',
    });
    expect(await runLevity(['--frobnicate'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: 'levity: unknown option --frobnicate (see levity --help)\n',
    });
    expect(existsSync(join(dir, 'levity.db'))).toBe(false);
  });
  it('applies --boot-policy known-only and --charge-point-id-pattern from the command line', async () => {
    const db = e2eStorage.database(dir, 'policies');
    await using levity = spawnLevity(
      [
        '--host',
        '127.0.0.1',
        '--port',
        '0',
        '--db',
        db,
        '--log-file',
        '',
        '--boot-policy',
        'known-only',
        '--charge-point-id-pattern',
        'CP-[0-9]+',
      ],
      { cwd: dir },
    );
    const { port } = (await levity.waitForLog(isStartupLine)) as { port: number };
    const connectAs = async (identity: string) => {
      const cp = new RPCClient({
        endpoint: `ws://127.0.0.1:${port}/ws`,
        identity,
        protocols: ['ocpp1.6'],
        reconnect: false,
        pingIntervalMs: 0,
      } as Partial<ClientOptions> as ClientOptions);
      await cp.connect();
      return cp;
    };
    await expect(connectAs('not-allowed')).rejects.toThrow();
    const stranger = await connectAs('CP-1');
    expect(
      await stranger.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }),
    ).toMatchObject({
      status: 'Rejected',
      interval: 60,
    });
    await stranger.close();
    levity.child.kill('SIGTERM');
    expect((await levity.exited).code).toBe(0);
    expect(await rows(db, 'cp')).toMatchObject([
      { id: 'CP-1', registration_status: 'Rejected', admission: null },
    ]);
  });
});

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
