/**
 * Test helpers for Levity and for anyone implementing `Storage`:
 * `import { describeStorageContract } from '@levity/core/testing'`.
 */
export { describeStorageContract } from './storage-contract.js';
export type { StorageFactory } from './storage-contract.js';
