/**
 * Test helpers for Levity and for anyone implementing `Storage`:
 * `import { describeStorageContract } from '@levity/core/testing'`.
 */

export type { BootRecord, UnknownStop } from './fixtures.js';
export {
  bootInfo,
  chargePointRecord,
  isoTime,
  newCertificateRequest,
  newDataTransfer,
  newErrorEvent,
  newIdTag,
  newMeterValue,
  newSecurityEvent,
  newStatusReport,
  newTransaction,
  startKeyOf,
  statusUpdate,
  transactionStop,
  unknownStop,
} from './fixtures.js';
export type { StorageFactory } from './storage-contract.js';
export { describeStorageContract } from './storage-contract.js';
