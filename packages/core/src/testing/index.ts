/**
 * Test helpers for Levity and for anyone implementing `Storage`:
 * `import { describeStorageContract } from '@levity/core/testing'`.
 */

export type { BootRecord } from './fixtures.js';
export {
  bootInfo,
  chargePointRecord,
  isoTime,
  newErrorEvent,
  newMeterValue,
  newTransaction,
  startKeyOf,
  statusUpdate,
  transactionStop,
} from './fixtures.js';
export type { StorageFactory } from './storage-contract.js';
export { describeStorageContract } from './storage-contract.js';
