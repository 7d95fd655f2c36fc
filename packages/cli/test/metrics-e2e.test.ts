// The built `levity` binary serving Prometheus metrics at /metrics: behind the API's
// tokens by default, public with --metrics-public (or LEVITY_METRICS_PUBLIC).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RPCClient } from 'ocpp-rpc';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertBuilt, isStartupLine, killStragglers, spawnLevity } from './support/levity-process.js';
import { e2eStorage } from './support/storage.js';

type ClientOptions = ConstructorParameters<typeof RPCClient>[0];

const TOKEN = 'metrics-e2e-token';
let dir: string;

beforeAll(() => {
  assertBuilt();
});
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'levity-metrics-e2e-'));
  await e2eStorage.reset();
});
afterEach(() => {
  killStragglers();
  rmSync(dir, { recursive: true, force: true });
});

const args = (...more: string[]) => [
  '--host',
  '127.0.0.1',
  '--port',
  '0',
  '--log-file',
  '',
  '--api-token',
  TOKEN,
  '--db',
  e2eStorage.database(dir, 'metrics'),
  ...more,
];

/**
 * The value of one sample line of an exposition (`name{labels} value`), labels written
 * as prom-client writes them (sorted as declared); undefined when there is none.
 */
function sample(exposition: string, series: string): number | undefined {
  const line = exposition.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('levity serving /metrics', () => {
  it('serves the metrics without a token with --metrics-public, counting a charge point that talks', async () => {
    await using levity = spawnLevity(args('--metrics-public'), { cwd: dir });
    const { port } = await levity.waitForLog(isStartupLine);
    const url = `http://127.0.0.1:${String(port)}/metrics`;
    const client = new RPCClient({
      endpoint: `ws://127.0.0.1:${String(port)}/ws`,
      identity: 'CP-METRICS',
      protocols: ['ocpp1.6'],
      strictMode: true,
      reconnect: false,
      pingIntervalMs: 0,
    } as Partial<ClientOptions> as ClientOptions);
    await client.connect();
    try {
      await client.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
      await client.call('Heartbeat', {});
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const text = await response.text();
      expect(sample(text, 'levity_charge_points_connected')).toBe(1);
      expect(
        sample(text, 'levity_ocpp_inbound_messages_total{action="BootNotification",outcome="answered"}'),
      ).toBe(1);
      expect(sample(text, 'levity_ocpp_inbound_messages_total{action="Heartbeat",outcome="answered"}')).toBe(
        1,
      );
      // The boot was stored: at least one commit of the CLI's storage.
      expect(sample(text, `levity_storage_commit_units_count{storage="${e2eStorage.kind}"}`)).toBeGreaterThan(
        0,
      );
      expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
      expect(text).not.toContain('CP-METRICS');
    } finally {
      await client.close({ awaitPending: false });
    }
    // The API itself still wants its token.
    expect((await fetch(`http://127.0.0.1:${String(port)}/api/charge-points`)).status).toBe(401);
  });

  it('asks for an API token by default, and not with LEVITY_METRICS_PUBLIC=true', async () => {
    {
      await using levity = spawnLevity(args(), { cwd: dir });
      const { port } = await levity.waitForLog(isStartupLine);
      const url = `http://127.0.0.1:${String(port)}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      const allowed = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(allowed.status).toBe(200);
      expect(sample(await allowed.text(), 'levity_charge_points_connected')).toBe(0);
    }
    await using levity = spawnLevity(args(), { cwd: dir, env: { LEVITY_METRICS_PUBLIC: 'true' } });
    const { port } = await levity.waitForLog(isStartupLine);
    expect((await fetch(`http://127.0.0.1:${String(port)}/metrics`)).status).toBe(200);
  });
});
