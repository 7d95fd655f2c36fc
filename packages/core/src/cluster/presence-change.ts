import type { Storage } from '../storage/storage.js';
import { runUnitOfWork } from '../storage/unit-of-work.js';
import type { PresenceChange } from './cluster.js';

const apply = (storage: Storage, change: PresenceChange): Promise<void> =>
  change.kind === 'connected'
    ? storage.chargePoints.recordConnected(change.id, { at: change.at, remoteAddress: change.remoteAddress })
    : storage.chargePoints.recordDisconnected(change.id, change.at);

/** Stores presence changes in the storage's `cp` rows, in order, as one unit of work. */
export function storePresence(storage: Storage, changes: readonly PresenceChange[]): Promise<void> {
  // One write is a unit of its own (and the way a failed batch is retried, change by change).
  const [only] = changes;
  if (changes.length === 1 && only) return apply(storage, only);
  return runUnitOfWork(storage, async (unit) => {
    for (const change of changes) await apply(unit, change);
  });
}
