// Several nodes, one central system: three built `levity` processes on one PostgreSQL
// database, simulated charge points spread over them, commands through every node to
// charge points on the others, a charge point moving between nodes, and one node killed
// with SIGKILL while transactions run.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo, Server, Socket } from 'node:net';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimulatedChargePoint } from '@levity/simulator';
import { createSimulatedChargePoint } from '@levity/simulator';
import { RPCClient } from 'ocpp-rpc';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LevityProcess } from './support/levity-process.js';
import { assertBuilt, isStartupLine, killStragglers, spawnLevity } from './support/levity-process.js';
import { e2eStorage } from './support/storage.js';

type ClientOptions = ConstructorParameters<typeof RPCClient>[0];

const TOKEN = 'cluster-test-token-0123456789abcdef';
const NODES = ['node-0', 'node-1', 'node-2'] as const;

interface StorageSupport {
  rowsOf(table: string): Promise<Record<string, unknown>[]>;
}
const { rowsOf } = (await import(
  new URL('../../postgres/test/support/test-storage.ts', import.meta.url).pathname
)) as StorageSupport;

interface Node {
  readonly id: string;
  readonly process: LevityProcess;
  readonly port: number;
  readonly base: string;
}

/**
 * A TCP front for one node, as a load balancer would be: it sends new connections to its
 * node, or to the next node that accepts them when its node is down.
 */
function front(ports: readonly number[], preferred: number): Promise<{ server: Server; port: number }> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.pause();
    const attempt = (tries: number) => {
      if (tries === ports.length) return client.destroy();
      const upstream = connect(ports[(preferred + tries) % ports.length] as number, '127.0.0.1');
      // Refused (the node is down): the next one. Removed once connected.
      upstream.once('error', () => attempt(tries + 1));
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    attempt(0);
  });
  server.on('close', () => {
    for (const socket of sockets) socket.destroy();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port })),
  );
}

/** `check` until it returns something other than undefined, every 100 ms, failing after `ms`. */
async function eventually<T>(
  check: () => Promise<T | undefined>,
  ms = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const api = async (node: Node, path: string, init: { method?: string; body?: unknown } = {}) => {
  const response = await fetch(`${node.base}/api${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

interface ChargePointView {
  id: string;
  connected: boolean;
  nodeId: string | null;
}

const chargePoints = async (node: Node): Promise<Map<string, ChargePointView>> => {
  const { body } = await api(node, '/charge-points?limit=1000');
  return new Map((body.items as ChargePointView[]).map((item) => [item.id, item]));
};

/** The events a node streams on GET /api/events, as they arrive. */
function eventStream(node: Node): {
  events: { name: string; data: Record<string, unknown> }[];
  stop(): void;
} {
  const events: { name: string; data: Record<string, unknown> }[] = [];
  const controller = new AbortController();
  void (async () => {
    const response = await fetch(`${node.base}/api/events`, {
      headers: { authorization: `Bearer ${TOKEN}` },
      signal: controller.signal,
    });
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (name && data) events.push({ name, data: JSON.parse(data) });
        end = buffer.indexOf('\n\n');
      }
    }
  })().catch(() => {});
  return { events, stop: () => controller.abort() };
}

let dir: string;
const cleanups: (() => Promise<unknown> | unknown)[] = [];

beforeAll(() => {
  assertBuilt();
});

afterEach(async () => {
  // Each step at most a few seconds: a charge point that cannot close must not hold the run up.
  const bounded = (work: Promise<unknown>) =>
    Promise.race([work.catch(() => {}), new Promise((resolve) => setTimeout(resolve, 3000))]);
  for (const cleanup of cleanups.splice(0).reverse()) await bounded(Promise.resolve().then(cleanup));
  killStragglers();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('several levity nodes on one PostgreSQL database', () => {
  it('behave as one central system, also when one of them is killed', { timeout: 120_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'levity-cluster-e2e-'));
    await e2eStorage.reset();
    const db = e2eStorage.database(dir, 'cluster');

    // Three nodes (started together: migrations and sweeper election race on purpose).
    const nodes: Node[] = await Promise.all(
      NODES.map(async (id) => {
        const process = spawnLevity(
          [
            ...['--host', '127.0.0.1', '--port', '0', '--db', db, '--node-id', id],
            ...['--log-file', '', '--api-token', TOKEN, '--ping-interval', '0', '--no-dashboard'],
          ],
          { cwd: dir },
        );
        cleanups.push(() => process[Symbol.asyncDispose]());
        const { port } = (await process.waitForLog(isStartupLine, 30_000)) as { port: number };
        return { id, process, port, base: `http://127.0.0.1:${port}` };
      }),
    );
    const [node0, node1, node2] = nodes as [Node, Node, Node];
    for (const node of nodes) {
      const line = node.process.logLines().find(isStartupLine);
      expect(line).toMatchObject({ nodeId: node.id });
    }

    // Two charge points per node, each through a front that prefers its node.
    const fronts = await Promise.all(
      nodes.map((_, index) =>
        front(
          nodes.map((node) => node.port),
          index,
        ),
      ),
    );
    for (const { server } of fronts) cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const sims: { sim: SimulatedChargePoint; home: Node }[] = [];
    for (const [index, node] of nodes.entries()) {
      for (const n of [1, 2]) {
        const sim = createSimulatedChargePoint({
          url: `ws://127.0.0.1:${fronts[index]?.port}/ws`,
          id: `CP-${index}-${n}`,
          connectors: 1,
          timing: { reconnectMs: 200 },
          configuration: { MeterValueSampleInterval: '0' },
        });
        cleanups.push(() => sim.close());
        sims.push({ sim, home: node });
      }
    }
    await Promise.all(sims.map(({ sim }) => sim.start()));

    // Every node sees where every charge point is connected.
    for (const node of nodes) {
      await eventually(
        async () => {
          const seen = await chargePoints(node);
          return sims.every(({ sim, home }) => seen.get(sim.id)?.nodeId === home.id) ? true : undefined;
        },
        20_000,
        `${node.id} seeing every connection`,
      );
    }

    // Events of every node on every node's stream.
    const streams = [node1, node2].map((node) => eventStream(node));
    for (const stream of streams) cleanups.push(() => stream.stop());

    // Commands through every node to the charge points of the other nodes: answered, logged once.
    for (const node of nodes) {
      for (const { sim, home } of sims) {
        if (home === node) continue;
        const { status, body } = await api(node, `/charge-points/${sim.id}/commands/GetConfiguration`, {
          method: 'POST',
          body: { key: ['MeterValueSampleInterval'] },
        });
        expect({ status, body }).toMatchObject({
          status: 200,
          body: {
            response: { configurationKey: [expect.objectContaining({ key: 'MeterValueSampleInterval' })] },
          },
        });
      }
    }
    const target = sims[0] as { sim: SimulatedChargePoint; home: Node };
    target.sim.setBehaviour('ClearCache', 'callerror');
    target.sim.setBehaviour('UnlockConnector', 'timeout');
    expect(
      await api(node2, `/charge-points/${target.sim.id}/commands/ClearCache`, { method: 'POST', body: {} }),
    ).toMatchObject({
      status: 502,
    });
    expect(
      await api(node2, `/charge-points/${target.sim.id}/commands/UnlockConnector?timeoutMs=500`, {
        method: 'POST',
        body: { connectorId: 1 },
      }),
    ).toMatchObject({ status: 504 });
    expect(
      await api(node2, '/charge-points/NOBODY/commands/ClearCache', { method: 'POST', body: {} }),
    ).toMatchObject({
      status: 404,
    });
    // Logged once each, by the node that was asked (GetConfiguration: node 1, then node 2).
    const commands = await api(node0, `/commands?chargePointId=${target.sim.id}&limit=100`);
    expect(
      (commands.body.items as { action: string; status: string; nodeId: string }[]).map((c) => [
        c.action,
        c.status,
        c.nodeId,
      ]),
    ).toEqual([
      ['UnlockConnector', 'TimedOut', 'node-2'],
      ['ClearCache', 'CallError', 'node-2'],
      ['GetConfiguration', 'Answered', 'node-2'],
      ['GetConfiguration', 'Answered', 'node-1'],
    ]);

    // A charge point moves: it connects to node 1 while its socket to node 0 is still open.
    const client = (url: string) =>
      new RPCClient({
        endpoint: url,
        identity: 'MOVER',
        protocols: ['ocpp1.6'],
        strictMode: true,
        reconnect: false,
        pingIntervalMs: 0,
      } as Partial<ClientOptions> as ClientOptions);
    const before = client(`ws://127.0.0.1:${node0.port}/ws`);
    cleanups.push(() => before.close({ force: true }));
    await before.connect();
    await before.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'Mover' });
    const replaced = new Promise<number>((resolve) =>
      before.once('close', ({ code }: { code: number }) => resolve(code)),
    );
    await eventually(async () =>
      (await chargePoints(node2)).get('MOVER')?.nodeId === 'node-0' ? true : undefined,
    );
    const after = client(`ws://127.0.0.1:${node1.port}/ws`);
    cleanups.push(() => after.close({ force: true }));
    after.handle('TriggerMessage', async () => ({ status: 'Accepted' }));
    await after.connect();
    expect(await replaced).toBe(1000);
    await eventually(async () =>
      (await chargePoints(node2)).get('MOVER')?.nodeId === 'node-1' ? true : undefined,
    );
    expect(
      await api(node2, '/charge-points/MOVER/commands/TriggerMessage', {
        method: 'POST',
        body: { requestedMessage: 'Heartbeat' },
      }),
    ).toMatchObject({ status: 200, body: { response: { status: 'Accepted' } } });
    await after.close();

    // A charge point that will not come back after node 0 dies (it does not reconnect).
    const stranded = new RPCClient({
      endpoint: `ws://127.0.0.1:${node0.port}/ws`,
      identity: 'STRANDED',
      protocols: ['ocpp1.6'],
      strictMode: true,
      reconnect: false,
      pingIntervalMs: 0,
    } as Partial<ClientOptions> as ClientOptions);
    cleanups.push(() => stranded.close({ force: true }));
    await stranded.connect();
    await stranded.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'Stranded' });

    // Transactions on every charge point, meter values flowing, then node 0 is killed.
    for (const { sim } of sims) await sim.startTransaction({ connectorId: 1 });
    const acknowledged: { id: string; transactionId: number; value: string }[] = [];
    let sending = true;
    const senders = sims.map(async ({ sim }) => {
      let n = 0;
      while (sending) {
        const transactionId = sim.transactions()[0]?.transactionId as number;
        const value = String(1_000_000 + n++);
        try {
          await sim.send('MeterValues', {
            connectorId: 1,
            transactionId,
            meterValue: [
              {
                timestamp: new Date().toISOString(),
                sampledValue: [{ value, measurand: 'Energy.Active.Import.Register' }],
              },
            ],
          });
          acknowledged.push({ id: sim.id, transactionId, value });
        } catch {
          // In flight when its node died: not acknowledged, so nothing is promised.
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    await eventually(async () => (acknowledged.length >= sims.length * 3 ? true : undefined));
    const killedAt = Date.now();
    node0.process.child.kill('SIGKILL');
    await node0.process.exited;
    const ackedAtKill = acknowledged.length;

    // Its charge points reconnect to the others; every surviving node says so.
    const orphans = sims.filter(({ home }) => home === node0);
    await eventually(
      async () => {
        const seen = await chargePoints(node1);
        return orphans.every(({ sim }) => ['node-1', 'node-2'].includes(seen.get(sim.id)?.nodeId ?? ''))
          ? true
          : undefined;
      },
      20_000,
      'the killed node’s charge points reconnecting elsewhere',
    );
    // Their transactions go on: more meter values acknowledged on the same transactions.
    await eventually(async () =>
      orphans.every(({ sim }) => acknowledged.slice(ackedAtKill).some((ack) => ack.id === sim.id))
        ? true
        : undefined,
    );
    // The charge point that did not come back is shown disconnected within 30 s.
    await eventually(
      async () => ((await chargePoints(node2)).get('STRANDED')?.connected === false ? true : undefined),
      30_000,
    );
    expect(Date.now() - killedAt).toBeLessThan(30_000);

    sending = false;
    await Promise.all(senders);
    for (const { sim } of sims) await sim.stopTransaction({ connectorId: 1 });

    // Every acknowledged message is stored, on the transaction it was sent for.
    const stored = new Set(
      (await rowsOf('meter_val')).map((row) => `${row.charge_point_id}|${row.transaction_id}|${row.value}`),
    );
    const missing = acknowledged.filter((ack) => !stored.has(`${ack.id}|${ack.transactionId}|${ack.value}`));
    expect(missing).toEqual([]);
    const transactions = await rowsOf('tx');
    for (const { sim } of sims) {
      const own = transactions.filter((row) => row.charge_point_id === sim.id);
      expect(own).toEqual([expect.objectContaining({ stopped_at: expect.any(String), anomaly: null })]);
    }

    // Events of every node reached the surviving nodes' streams, before and after the kill.
    for (const stream of streams) {
      const chargePointsSeen = new Set(stream.events.map((event) => event.data.chargePointId));
      for (const { sim } of sims) expect(chargePointsSeen).toContain(sim.id);
      expect(stream.events.some((event) => event.name === 'transactionStopped')).toBe(true);
    }
  });
});
