/**
 * Test helpers for Levity and for anyone implementing `Storage`:
 * `import { describeStorageContract } from '@levity/core/testing'`.
 */

export { describeConcurrentMessages } from './concurrent-messages.js';
export type { BootRecord, UnknownStop } from './fixtures.js';
export {
  bootInfo,
  chargePointRecord,
  chargingProfileRecord,
  commandOutcome,
  configurationKey,
  isoTime,
  localListEntry,
  newApiToken,
  newCertificateRequest,
  newCommand,
  newConnectionRefusal,
  newDataTransfer,
  newErrorEvent,
  newIdTag,
  newJob,
  newMeterValue,
  newReservation,
  newSecurityEvent,
  newStatusReport,
  newTransaction,
  startKeyOf,
  statusUpdate,
  transactionStop,
  unknownStop,
} from './fixtures.js';
export type { TestCertificate, TestPki } from './pki.js';
export { createTestPki } from './pki.js';
export type { StorageFactory } from './storage-contract.js';
export { describeStorageContract } from './storage-contract.js';
