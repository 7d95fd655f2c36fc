import type { StorageCommitMessage } from './channels.js';
import { channels } from './channels.js';

/**
 * Whether anyone listens to `levity:storage:commit`: a storage that measures its
 * commits itself reads the clock only then.
 */
export function storageCommitsObserved(): boolean {
  return channels.storageCommit.hasSubscribers;
}

/**
 * Publishes one commit of a storage on `levity:storage:commit` (nothing happens while
 * nobody listens). For a storage that times its own transactions, e.g. a group-commit
 * writer publishing `{ storage: 'sqlite', durationMs, units: batch.length, ok }` once per
 * COMMIT.
 *
 * @example
 * const startedAt = storageCommitsObserved() ? performance.now() : 0;
 * // … BEGIN, the units, COMMIT …
 * if (startedAt) publishStorageCommit({ storage: 'sqlite', durationMs: performance.now() - startedAt, units, ok: true });
 */
export function publishStorageCommit(message: StorageCommitMessage): void {
  if (channels.storageCommit.hasSubscribers) channels.storageCommit.publish(message);
}

/** Who commits, in {@link observeStorageCommit}. */
export type StorageCommitOrigin = Pick<StorageCommitMessage, 'storage' | 'source' | 'units'>;

/**
 * Runs `commit` (work that ends in one database commit) and, when anyone listens,
 * publishes how long it took and whether it committed on `levity:storage:commit`.
 * Its result or error passes through unchanged.
 *
 * @example
 * transaction(work) {
 *   return observeStorageCommit({ storage: 'postgres', source: this, units: 1 }, () =>
 *     db.transaction().execute(work),
 *   );
 * }
 */
export function observeStorageCommit<T>(origin: StorageCommitOrigin, commit: () => Promise<T>): Promise<T> {
  if (!channels.storageCommit.hasSubscribers) return commit();
  const startedAt = performance.now();
  const publish = (ok: boolean) =>
    publishStorageCommit({ ...origin, durationMs: performance.now() - startedAt, ok });
  return commit().then(
    (value) => {
      publish(true);
      return value;
    },
    (error: unknown) => {
      publish(false);
      throw error;
    },
  );
}
