import type { Storage } from './storage.js';

/**
 * Runs `work` as one unit of work when the storage supports it (`storage.transaction`),
 * otherwise runs it directly on the storage: the same writes, one after another, not
 * atomic. Built-in handlers put the writes of each message through here.
 *
 * @example
 * await runUnitOfWork(storage, async (unit) => {
 *   await unit.chargePoints.recordStatus(update);
 *   await unit.errors.add(event);
 * });
 */
export function runUnitOfWork<T>(storage: Storage, work: (storage: Storage) => Promise<T>): Promise<T> {
  return storage.transaction ? storage.transaction(work) : work(storage);
}
