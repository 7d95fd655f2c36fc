import { describe, expect, it } from 'vitest';
import type { PresenceChange } from '../cluster/cluster.js';
import { storePresence } from '../cluster/presence-change.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import { MemoryStorage } from '../storage/memory/memory-storage.js';
import type { Storage } from '../storage/storage.js';
import { PresenceRecorder } from './presence.js';

const inStorage = (store: Storage) => ({
  recordPresence: (changes: readonly PresenceChange[]) => storePresence(store, changes),
});

/** MemoryStorage that counts units of work and can be told to fail some writes. */
function storage(options: { failUnits?: boolean; failConnect?: string } = {}) {
  const memory = new MemoryStorage();
  const units: number[] = [];
  const writes: string[] = [];
  const { recordConnected, recordDisconnected } = memory.chargePoints;
  memory.chargePoints.recordConnected = async (id, connection) => {
    if (id === options.failConnect) throw new Error(`cannot store ${id}`);
    writes.push(`+${id}`);
    return recordConnected.call(memory.chargePoints, id, connection);
  };
  memory.chargePoints.recordDisconnected = async (id, at) => {
    writes.push(`-${id}`);
    return recordDisconnected.call(memory.chargePoints, id, at);
  };
  const withUnits: Storage = Object.assign(Object.create(memory) as Storage, {
    async transaction<T>(work: (unit: Storage) => Promise<T>): Promise<T> {
      units.push(units.length);
      if (options.failUnits) throw new Error('the batch failed');
      return work(memory);
    },
  });
  return { memory, storage: withUnits, units, writes };
}

const at = '2025-01-01T00:00:00.000Z';
const later = '2025-01-01T00:00:01.000Z';

describe('the presence recorder', () => {
  it('stores what happened in one turn in one unit of work, in order', async () => {
    const { memory, storage: store, units, writes } = storage();
    const presence = new PresenceRecorder(inStorage(store), silentLogger);
    presence.connected('A', at, '10.0.0.1');
    presence.connected('B', at, null);
    presence.disconnected('A', later);
    expect(writes).toEqual([]);
    await presence.flush();
    expect(units).toHaveLength(1);
    expect(writes).toEqual(['+A', '+B', '-A']);
    expect(await memory.chargePoints.get('A')).toMatchObject({ connected: false, disconnectedAt: later });
    expect(await memory.chargePoints.get('B')).toMatchObject({ connected: true, connectedAt: at });
  });

  it('writes by itself after the current turn', async () => {
    const { memory, storage: store } = storage();
    const presence = new PresenceRecorder(inStorage(store), silentLogger);
    presence.connected('A', at, null);
    await new Promise((resolve) => setImmediate(resolve));
    await presence.flush();
    expect(await memory.chargePoints.get('A')).toMatchObject({ connected: true });
  });

  it('stores the rest one by one when a batch fails, and logs what it could not store', async () => {
    const { memory, storage: store, writes } = storage({ failUnits: true, failConnect: 'BAD' });
    const errors: unknown[] = [];
    const logger: Logger = { ...silentLogger, error: (obj) => void errors.push(obj) };
    const presence = new PresenceRecorder(inStorage(store), logger);
    presence.connected('A', at, null);
    presence.connected('BAD', at, null);
    presence.connected('C', at, null);
    await presence.flush();
    expect(writes).toEqual(['+A', '+C']);
    expect(await memory.chargePoints.get('C')).toMatchObject({ connected: true });
    expect(errors).toEqual([expect.objectContaining({ chargePointId: 'BAD' })]);
  });
});
