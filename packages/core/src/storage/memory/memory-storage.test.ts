import { describeStorageContract } from '../../testing/storage-contract.js';
import { MemoryStorage } from './memory-storage.js';

describeStorageContract('MemoryStorage', async () => ({ storage: new MemoryStorage() }));
