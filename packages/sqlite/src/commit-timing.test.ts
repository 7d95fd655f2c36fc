import type { NewIdTag, StorageCommitMessage } from '@levity/core';
import { subscribeLevityChannel } from '@levity/core';
import { isoTime, newIdTag, newMeterValue } from '@levity/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStorage } from './sqlite-storage.js';

describe('SQLite commits on levity:storage:commit', () => {
  const stops: (() => void)[] = [];
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  const listen = () => {
    const commits: StorageCommitMessage[] = [];
    stops.push(subscribeLevityChannel('storageCommit', (commit) => commits.push(commit)));
    return commits;
  };

  it('publishes a write outside a transaction and a transaction as one commit each, and no read', async () => {
    const storage = await SqliteStorage.open({ filename: ':memory:' });
    try {
      const commits = listen();
      await storage.chargePoints.recordConnected('CP1', { at: isoTime(0), remoteAddress: null });
      await storage.chargePoints.get('CP1');
      await storage.meterValues.add([
        newMeterValue({ chargePointId: 'CP1' }),
        newMeterValue({ chargePointId: 'CP1' }),
      ]);
      expect(commits.map(({ storage, units, ok }) => ({ storage, units, ok }))).toEqual([
        { storage: 'sqlite', units: 1, ok: true },
        { storage: 'sqlite', units: 1, ok: true },
      ]);
      expect(commits.every((commit) => commit.durationMs >= 0)).toBe(true);
    } finally {
      await storage.close();
    }
  });

  it('publishes a write SQLite refused as not committed', async () => {
    const storage = await SqliteStorage.open({ filename: ':memory:' });
    try {
      const commits = listen();
      const bogus = { ...newIdTag({ idTag: 'T1' }), status: 'Bogus' } as unknown as NewIdTag;
      await expect(storage.idTags.add(bogus, isoTime(0))).rejects.toThrow();
      expect(commits.map(({ ok }) => ok)).toEqual([false]);
    } finally {
      await storage.close();
    }
  });
});
