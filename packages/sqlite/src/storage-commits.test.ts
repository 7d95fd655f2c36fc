import type { StorageCommitMessage } from '@levity/core';
import { subscribeLevityChannel } from '@levity/core';
import { isoTime, newMeterValue } from '@levity/core/testing';
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

  it('publishes one commit per group commit with the units it held, and none for a read', async () => {
    // No time limit on a batch, so that a loaded machine cannot split the three writes.
    const storage = await SqliteStorage.open({ filename: ':memory:', groupCommit: { maxOpenMs: 60_000 } });
    try {
      const commits = listen();
      await storage.chargePoints.recordConnected('CP1', { at: isoTime(0), remoteAddress: null });
      await storage.chargePoints.get('CP1');
      // Queued in the same tick: one batch, one COMMIT.
      await Promise.all([
        storage.chargePoints.recordConnected('CP2', { at: isoTime(1), remoteAddress: null }),
        storage.chargePoints.recordConnected('CP3', { at: isoTime(1), remoteAddress: null }),
        storage.meterValues.add([newMeterValue({ chargePointId: 'CP1' })]),
      ]);
      expect(commits.map(({ storage, units, ok }) => ({ storage, units, ok }))).toEqual([
        { storage: 'sqlite', units: 1, ok: true },
        { storage: 'sqlite', units: 3, ok: true },
      ]);
      expect(commits.every((commit) => commit.durationMs >= 0 && commit.source === storage)).toBe(true);
    } finally {
      await storage.close();
    }
  });

  it('publishes nothing while nobody listens', async () => {
    const storage = await SqliteStorage.open({ filename: ':memory:' });
    try {
      const commits = listen();
      stops.pop()?.();
      await storage.chargePoints.recordConnected('CP1', { at: isoTime(0), remoteAddress: null });
      expect(commits).toEqual([]);
    } finally {
      await storage.close();
    }
  });
});
