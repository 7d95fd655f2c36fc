import type { CentralSystem, ClusterEvent } from '@levity/core';
import { CallErrorResponse, CallTimeoutError, createCentralSystem, NotConnectedError } from '@levity/core';
import { RPCClient } from 'ocpp-rpc';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PostgresCluster } from '../src/cluster/postgres-cluster.js';
import { PostgresStorage } from '../src/postgres-storage.js';
import { pgTestServer } from './support/pg-test-server.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

// Two nodes (central systems, each with its own pool and PostgresCluster) in this process
// on one database: presence, forwarded calls, takeovers, events and sweeping between them.

type ClientOptions = ConstructorParameters<typeof RPCClient>[0];

const server = pgTestServer();

interface Node {
  readonly cs: CentralSystem;
  readonly cluster: PostgresCluster;
  readonly storage: PostgresStorage;
  readonly url: string;
}

/** Resolves once `check` holds, polling; fails after `ms`. */
async function eventually(check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(server.url === null)('several nodes on one PostgreSQL database', () => {
  let database: TestDatabase;
  const nodes: Node[] = [];
  const clients: RPCClient[] = [];

  const startNode = async (nodeId: string): Promise<Node> => {
    const storage = await PostgresStorage.open({
      connectionString: database.url,
      migrate: false,
      poolSize: 4,
    });
    const cluster = new PostgresCluster({ pool: storage.pool, nodeId, leaseMs: 1500, renewMs: 300 });
    const cs = createCentralSystem({ storage, cluster, pingIntervalSeconds: 0, callTimeoutSeconds: 2 });
    const { port } = await cs.listen({ host: '127.0.0.1', port: 0 });
    const node = { cs, cluster, storage, url: `ws://127.0.0.1:${port}/ws` };
    nodes.push(node);
    return node;
  };

  const connect = async (node: Node, id: string): Promise<RPCClient> => {
    const client = new RPCClient({
      endpoint: node.url,
      identity: id,
      protocols: ['ocpp1.6'],
      strictMode: true,
      reconnect: false,
      pingIntervalMs: 0,
    } as Partial<ClientOptions> as ClientOptions);
    clients.push(client);
    await client.connect();
    await client.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    return client;
  };

  const located = async (node: Node, id: string) => (await node.cs.locateChargePoints([id])).get(id);

  beforeAll(async () => {
    database = await createTestDatabase('cluster');
    await (await PostgresStorage.open({ connectionString: database.url })).close();
  });

  afterAll(async () => {
    await database?.drop();
  });

  beforeEach(async () => {
    await database.empty();
  });

  afterEach(async () => {
    await Promise.allSettled(clients.splice(0).map((client) => client.close({ force: true })));
    for (const node of nodes.splice(0)) {
      await node.cs.close();
      await node.storage.close();
    }
  });

  it('shows on every node where a charge point is connected, and forgets it when it leaves', async () => {
    const a = await startNode('node-a');
    const b = await startNode('node-b');
    const cp = await connect(b, 'CP1');
    await eventually(async () => (await located(a, 'CP1')) === 'node-b');
    expect((await a.cs.chargePoints.get('CP1'))?.connected).toBe(true);
    await cp.close();
    await eventually(async () => (await located(a, 'CP1')) === undefined);
    expect((await a.cs.chargePoints.get('CP1'))?.connected).toBe(false);
  });

  it('sends a call made on one node through the node holding the charge point, logged once', async () => {
    const a = await startNode('node-a');
    const b = await startNode('node-b');
    const cp = await connect(b, 'CP1');
    cp.handle('Reset', async ({ params }) => ({ status: params?.type === 'Hard' ? 'Accepted' : 'Rejected' }));
    cp.handle('ClearCache', async () => {
      throw Object.assign(new Error('no cache here'), { rpcErrorCode: 'NotSupported' });
    });
    cp.handle('UnlockConnector', () => new Promise(() => {}));
    await eventually(async () => (await located(a, 'CP1')) === 'node-b');

    await expect(a.cs.chargePoint('CP1').call('Reset', { type: 'Hard' }, { actor: 'ops' })).resolves.toEqual({
      status: 'Accepted',
    });
    const clearCache = await a.cs
      .chargePoint('CP1')
      .call('ClearCache', {})
      .catch((error: unknown) => error);
    expect(clearCache).toBeInstanceOf(CallErrorResponse);
    expect(clearCache).toMatchObject({ errorCode: 'NotSupported' });
    const unlock = await a.cs
      .chargePoint('CP1')
      .call('UnlockConnector', { connectorId: 1 }, { timeoutMs: 300 })
      .catch((error: unknown) => error);
    expect(unlock).toBeInstanceOf(CallTimeoutError);
    expect(unlock).toMatchObject({ timeoutMs: 300 });
    await expect(a.cs.chargePoint('NOWHERE').call('Reset', { type: 'Soft' })).rejects.toBeInstanceOf(
      NotConnectedError,
    );

    const commands = await a.cs.commands.list({ chargePointId: 'CP1' });
    expect(
      commands.map((command) => [command.action, command.status, command.actor, command.nodeId]).reverse(),
    ).toEqual([
      ['Reset', 'Answered', 'ops', 'node-a'],
      ['ClearCache', 'CallError', null, 'node-a'],
      ['UnlockConnector', 'TimedOut', null, 'node-a'],
    ]);
  });

  it('times a forwarded call out when the node holding the charge point does not answer', async () => {
    const a = await startNode('node-a');
    // A node that holds the charge point by the books but never answers (its process hangs).
    await database.query(
      `INSERT INTO cluster_node (id, lease_until) VALUES ('silent', now() + interval '1 hour');
       INSERT INTO cluster_presence (charge_point_id, node_id, connected_at) VALUES ('CP9', 'silent', now())`,
    );
    const error = await a.cs
      .chargePoint('CP9')
      .call('Reset', { type: 'Soft' }, { timeoutMs: 200 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallTimeoutError);
  });

  it('closes the older connection on the other node when a charge point reconnects, and keeps it connected', async () => {
    const a = await startNode('node-a');
    const b = await startNode('node-b');
    const first = await connect(a, 'CP1');
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      first.once('close', ({ code, reason }: { code: number; reason: Buffer | string }) =>
        resolve({ code, reason: String(reason) }),
      ),
    );
    await eventually(async () => (await located(b, 'CP1')) === 'node-a');
    await connect(b, 'CP1');
    expect(await closed).toEqual({ code: 1000, reason: 'Replaced by a new connection' });
    await eventually(() => !a.cs.connectedChargePoints().includes('CP1'));
    expect(await located(a, 'CP1')).toBe('node-b');
    expect((await a.cs.chargePoints.get('CP1'))?.connected).toBe(true);
  });

  it('streams the events of every node to cluster-wide subscribers, and local listeners only local ones', async () => {
    const a = await startNode('node-a');
    const b = await startNode('node-b');
    const seen: ClusterEvent[] = [];
    const local: string[] = [];
    const stop = a.cs.onClusterEvent((event) => seen.push(event));
    a.cs.on('booted', ({ chargePointId }) => local.push(chargePointId));
    // B learns of A's interest through a notification.
    await eventually(() => b.cluster.othersWantEvents);
    await connect(b, 'CP1');
    await eventually(() => seen.some((event) => event.name === 'booted'));
    expect(seen.find((event) => event.name === 'booted')).toMatchObject({
      nodeId: 'node-b',
      event: { chargePointId: 'CP1' },
    });
    expect(local).toEqual([]);
    stop();
    await eventually(() => !b.cluster.othersWantEvents);
  });

  it('marks the charge points of a node whose lease ran out disconnected, on one sweeping node', async () => {
    const a = await startNode('node-a');
    const b = await startNode('node-b');
    expect([a.cluster.sweeping, b.cluster.sweeping].filter(Boolean)).toHaveLength(1);
    await database.query(
      `INSERT INTO cluster_node (id, lease_until) VALUES ('dead', now() - interval '1 second');
       INSERT INTO cp (id, connected, created_at, updated_at) VALUES ('CP7', true, now(), now());
       INSERT INTO cluster_presence (charge_point_id, node_id, connected_at) VALUES ('CP7', 'dead', now())`,
    );
    await eventually(async () => (await a.cs.chargePoints.get('CP7'))?.connected === false);
    expect(await database.query(`SELECT id FROM cluster_node WHERE id = 'dead'`)).toEqual([]);
  });

  it('at start-up marks only its own charge points of an earlier run disconnected', async () => {
    await database.query(
      `INSERT INTO cluster_node (id, lease_until) VALUES ('node-b', now() + interval '1 hour');
       INSERT INTO cp (id, connected, created_at, updated_at) VALUES ('MINE', true, now(), now()), ('THEIRS', true, now(), now());
       INSERT INTO cluster_presence (charge_point_id, node_id, connected_at) VALUES ('MINE', 'node-a', now()), ('THEIRS', 'node-b', now())`,
    );
    const a = await startNode('node-a');
    expect((await a.cs.chargePoints.get('MINE'))?.connected).toBe(false);
    expect((await a.cs.chargePoints.get('THEIRS'))?.connected).toBe(true);
  });
});
