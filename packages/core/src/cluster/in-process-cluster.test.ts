import { describe, expect, it } from 'vitest';
import { NotConnectedError } from '../errors.js';
import { silentLogger } from '../logger.js';
import { MemoryStorage } from '../storage/memory/memory-storage.js';
import type { ClusterMember } from './cluster.js';
import { ClusterEventHub } from './cluster-events.js';
import { InProcessCluster } from './in-process-cluster.js';

const at = '2025-01-01T00:00:00.000Z';

function member(storage: MemoryStorage, connected: string[] = []): ClusterMember {
  return {
    storage,
    callLocal: async () => ({}),
    localConnections: () => [],
    connectedHere: (id) => connected.includes(id),
    replacedElsewhere: () => {},
    deliver: () => {},
  };
}

describe('the in-process cluster', () => {
  it('marks every charge point disconnected when it is joined: nothing is connected to a new process', async () => {
    const storage = new MemoryStorage();
    await storage.chargePoints.recordConnected('CP1', { at, remoteAddress: null });
    await new InProcessCluster({ nodeId: 'solo' }).join(member(storage));
    expect(await storage.chargePoints.get('CP1')).toMatchObject({ connected: false });
  });

  it('stores presence in the storage, in order', async () => {
    const storage = new MemoryStorage();
    const cluster = new InProcessCluster({ nodeId: 'solo' });
    await cluster.join(member(storage));
    await cluster.recordPresence([
      { kind: 'connected', id: 'CP1', at, remoteAddress: '10.0.0.1' },
      { kind: 'disconnected', id: 'CP1', at },
      { kind: 'connected', id: 'CP2', at, remoteAddress: null },
    ]);
    expect(await storage.chargePoints.get('CP1')).toMatchObject({ connected: false });
    expect(await storage.chargePoints.get('CP2')).toMatchObject({ connected: true });
  });

  it('locates only the charge points connected to its one node', async () => {
    const cluster = new InProcessCluster({ nodeId: 'solo' });
    await cluster.join(member(new MemoryStorage(), ['CP1']));
    expect(await cluster.locate(['CP1', 'CP2'])).toEqual(new Map([['CP1', 'solo']]));
  });

  it('has no other node to forward a call to', async () => {
    const cluster = new InProcessCluster();
    const call = {
      chargePointId: 'CP1',
      action: 'Reset',
      params: { type: 'Soft' },
      timeoutMs: 1000,
    } as const;
    await expect(cluster.forward(call)).rejects.toBeInstanceOf(NotConnectedError);
  });

  it('always runs periodic jobs, and names its node after the host and process by default', async () => {
    const cluster = new InProcessCluster();
    let runs = 0;
    expect(await cluster.runExclusive('job', async () => void runs++)).toBe(true);
    expect(runs).toBe(1);
    expect(cluster.nodeId).toBe(`${(await import('node:os')).hostname()}:${process.pid}`);
  });

  it('refuses to be joined twice', async () => {
    const cluster = new InProcessCluster();
    await cluster.join(member(new MemoryStorage()));
    await expect(cluster.join(member(new MemoryStorage()))).rejects.toMatchObject({
      code: 'LEVITY_ERR_CLUSTER',
    });
  });
});

describe('the cluster event hub', () => {
  it('hands this node’s events to its subscribers with the node id, and stops when unsubscribed', () => {
    const hub = new ClusterEventHub(new InProcessCluster({ nodeId: 'solo' }), silentLogger);
    expect(hub.wants()).toBe(false);
    const seen: unknown[] = [];
    const stop = hub.subscribe((event) => seen.push(event));
    expect(hub.wants()).toBe(true);
    hub.emit('disconnected', { chargePointId: 'CP1', code: 1000, reason: '' });
    stop();
    hub.emit('disconnected', { chargePointId: 'CP2', code: 1000, reason: '' });
    expect(seen).toEqual([
      { name: 'disconnected', event: { chargePointId: 'CP1', code: 1000, reason: '' }, nodeId: 'solo' },
    ]);
    expect(hub.wants()).toBe(false);
  });
});
