// Kill -9 under load: every MeterValues whose CALLRESULT reached its charge point must be
// in the database after a restart. Levity answers only once the COMMIT holding a
// message's writes is done (group commit), and in WAL mode with synchronous=NORMAL a
// committed transaction is in the operating system's hands when COMMIT returns, so
// killing the process cannot lose it (only an OS crash or power cut could).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SqliteDriver } from '@levity/sqlite';
import { RPCClient } from 'ocpp-rpc';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertBuilt, isStartupLine, killStragglers, spawnLevity } from './support/levity-process.js';

type ClientOptions = ConstructorParameters<typeof RPCClient>[0];

const CHARGE_POINTS = 300;
/** Source addresses, round robin, as a site's chargers come from many hosts. */
const ADDRESSES = ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4'];
/** Sampled values per message: a message is stored whole or not at all. */
const VALUES_PER_MESSAGE = 3;

let dir: string;

beforeAll(() => {
  assertBuilt();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'levity-kill-9-'));
});
afterEach(() => {
  killStragglers();
  rmSync(dir, { recursive: true, force: true });
});

/** A charge point that sends MeterValues, one at a time, until its connection drops; returns those answered. */
async function meterUntilDropped(client: RPCClient, index: number): Promise<string[]> {
  const acknowledged: string[] = [];
  for (let n = 0; ; n++) {
    const message = `${index}:${n}`;
    try {
      await client.call('MeterValues', {
        connectorId: 1,
        meterValue: [
          {
            timestamp: new Date().toISOString(),
            sampledValue: Array.from({ length: VALUES_PER_MESSAGE }, (_, k) => ({
              value: `${message}:${k}`,
            })),
          },
        ],
      });
    } catch {
      return acknowledged;
    }
    acknowledged.push(message);
  }
}

describe('levity killed with SIGKILL under load', () => {
  it('has every message it acknowledged in the database after a restart, and an intact file', async () => {
    const db = join(dir, 'levity.db');
    const args = ['--host', '127.0.0.1', '--port', '0', '--db', db, '--ping-interval', '0', '--log-file', ''];
    const env = { LEVITY_LOG_LEVEL: 'warn' };
    const first = spawnLevity(['--log-level', 'info', ...args], { cwd: dir, env });
    const { port } = (await first.waitForLog(isStartupLine)) as { port: number };

    const clients = await Promise.all(
      Array.from({ length: CHARGE_POINTS }, async (_, index) => {
        const client = new RPCClient({
          endpoint: `ws://127.0.0.1:${port}/ws`,
          identity: `KILL-${index}`,
          protocols: ['ocpp1.6'],
          reconnect: false,
          callTimeoutMs: 20_000,
          pingIntervalMs: 0,
          wsOpts: { localAddress: ADDRESSES[index % ADDRESSES.length] },
        } as ClientOptions);
        await client.connect();
        await client.call('BootNotification', { chargePointVendor: 'Levity', chargePointModel: 'KILL-9' });
        return client;
      }),
    );
    const load = clients.map((client, index) => meterUntilDropped(client, index));
    await sleep(1500);
    first.child.kill('SIGKILL');
    const exit = await first.exited;
    expect(exit.signal).toBe('SIGKILL');
    const acknowledged = (await Promise.all(load)).flat();
    await Promise.allSettled(clients.map((client) => client.close({ force: true })));
    // Under load for real: thousands of messages were answered before the kill.
    expect(acknowledged.length).toBeGreaterThan(CHARGE_POINTS);

    await using second = spawnLevity(['--log-level', 'info', ...args], { cwd: dir, env });
    await second.waitForLog(isStartupLine);
    const database = new SqliteDriver(db, { readonly: true, fileMustExist: true });
    try {
      expect(database.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = new Map<string, number>();
      for (const { value } of database.prepare('SELECT value FROM meter_val').all() as { value: string }[]) {
        const message = value.slice(0, value.lastIndexOf(':'));
        stored.set(message, (stored.get(message) ?? 0) + 1);
      }
      const missing = acknowledged.filter((message) => stored.get(message) !== VALUES_PER_MESSAGE);
      expect(missing).toStrictEqual([]);
      // Whatever was stored, acknowledged or not, was stored whole.
      expect([...stored.values()].filter((count) => count !== VALUES_PER_MESSAGE)).toStrictEqual([]);
    } finally {
      database.close();
    }
  }, 120_000);
});
