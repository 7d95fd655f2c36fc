// End to end on PostgreSQL only: what `levity --db postgres://…` says when it cannot
// start, and how it lives through an outage of the database server.
import { mkdtempSync, rmSync } from 'node:fs';
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
import { e2eStorage } from './support/storage.js';

type ClientOptions = ConstructorParameters<typeof RPCClient>[0];

/** @levity/postgres's test support (typed here: the modules sit outside this package's sources). */
interface PgSupport {
  pgTestServer(): { url: string | null; bin: string | null };
}
interface PgCluster {
  readonly url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}
interface ClusterSupport {
  startPgCluster(bin: string): Promise<PgCluster>;
}
interface StorageSupport {
  rowsOf(table: string, url: string): Promise<Record<string, unknown>[]>;
}
const support = (path: string) => new URL(`../../postgres/test/support/${path}`, import.meta.url).pathname;
const { pgTestServer } = (await import(support('pg-test-server.ts'))) as PgSupport;
const { startPgCluster } = (await import(support('pg-cluster.ts'))) as ClusterSupport;
const { rowsOf } = (await import(support('test-storage.ts'))) as StorageSupport;

let dir: string;

beforeAll(() => {
  assertBuilt();
});
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'levity-pg-e2e-'));
  await e2eStorage.reset();
});
afterEach(() => {
  killStragglers();
  rmSync(dir, { recursive: true, force: true });
});

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** `fn` until it returns something other than undefined (every 100 ms, 20 s at most). */
async function eventually<T>(fn: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('levity on PostgreSQL', () => {
  it('exits 1 with one line, without the password, when the server is unreachable', async () => {
    const port = await closedPort();
    const exit = await runLevity(
      ['--port', '0', '--log-file', '', '--db', `postgres://levity:hunter2@127.0.0.1:${port}/levity`],
      { cwd: dir },
    );
    expect(exit).toMatchObject({
      code: 1,
      stderr: `levity: Cannot connect to PostgreSQL at postgres://levity@127.0.0.1:${port}/levity: connection refused\n`,
    });
    expect(exit.stdout + exit.stderr).not.toContain('hunter2');
  });

  it('exits 1 with one line, without the password, when the credentials are wrong', async () => {
    const url = new URL(e2eStorage.database(dir, 'credentials'));
    url.username = 'levity_nobody';
    url.password = 'hunter2';
    const exit = await runLevity(['--port', '0', '--log-file', '', '--db', url.toString()], { cwd: dir });
    url.password = '';
    expect(exit).toMatchObject({
      code: 1,
      stderr: `levity: Cannot connect to PostgreSQL at ${url}: password authentication failed for user "levity_nobody"\n`,
    });
    expect(exit.stdout + exit.stderr).not.toContain('hunter2');
  });

  // Needs a server of its own to stop and start: not possible on LEVITY_TEST_PG_URL's.
  it.skipIf(pgTestServer().bin === null)(
    'answers InternalError while the database is down, is not ready, and recovers by itself',
    async () => {
      const cluster = await startPgCluster(pgTestServer().bin as string);
      try {
        const db = new URL(cluster.url);
        await using levity = spawnLevity(
          [
            '--host',
            '127.0.0.1',
            '--port',
            '0',
            '--db',
            db.toString(),
            '--log-file',
            '',
            '--ping-interval',
            '0',
          ],
          { cwd: dir },
        );
        const { port } = (await levity.waitForLog(isStartupLine)) as { port: number };
        const base = `http://127.0.0.1:${port}`;
        const cp = new RPCClient({
          endpoint: `ws://127.0.0.1:${port}/ws`,
          identity: 'OUTAGE-CP',
          protocols: ['ocpp1.6'],
          strictMode: true,
          reconnect: false,
          callTimeoutMs: 20_000,
          pingIntervalMs: 0,
        } as Partial<ClientOptions> as ClientOptions);
        await cp.connect();
        await cp.call('BootNotification', { chargePointVendor: 'Levity', chargePointModel: 'Outage-1' });
        const { transactionId } = (await cp.call('StartTransaction', {
          connectorId: 1,
          idTag: 'TAG-OUTAGE',
          meterStart: 1000,
          timestamp: '2025-01-01T10:00:00Z',
        })) as { transactionId: number };
        const meterValues = (timestamp: string, value: string) =>
          cp.call('MeterValues', {
            connectorId: 1,
            transactionId,
            meterValue: [
              { timestamp, sampledValue: [{ value, measurand: 'Energy.Active.Import.Register' }] },
            ],
          });
        expect(await meterValues('2025-01-01T10:10:00Z', '1100')).toEqual({});
        expect((await fetch(`${base}/readyz`)).status).toBe(200);

        await cluster.stop();
        expect((await fetch(`${base}/readyz`)).status).toBe(503);
        await expect(meterValues('2025-01-01T10:20:00Z', '1200')).rejects.toMatchObject({
          rpcErrorCode: 'InternalError',
        });

        await cluster.start();
        await eventually(async () => ((await fetch(`${base}/readyz`)).status === 200 ? true : undefined));
        expect(await meterValues('2025-01-01T10:30:00Z', '1300')).toEqual({});
        expect(
          await cp.call('StopTransaction', {
            transactionId,
            meterStop: 1400,
            timestamp: '2025-01-01T10:40:00Z',
          }),
        ).toEqual({});
        await cp.close();

        levity.child.kill('SIGTERM');
        const exit = await levity.exited;
        expect(exit).toMatchObject({ code: 0, stderr: '' });
        expect(levity.logLines().some((line) => line.level === 'fatal')).toBe(false);

        // Every acknowledged message is stored; the refused one is not.
        const values = await rowsOf('meter_val', cluster.url);
        expect(values.map((row) => row.value)).toEqual(['1100', '1300']);
        expect(await rowsOf('tx', cluster.url)).toEqual([
          expect.objectContaining({ id: transactionId, meter_stop: 1400 }),
        ]);
      } finally {
        await cluster.destroy();
      }
    },
  );
});
