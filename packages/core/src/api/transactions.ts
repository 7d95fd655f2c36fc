import type { TransactionFilter, TransactionRecord } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';
import type { TransactionEnergy } from '../transactions/energy.js';
import { energyFromRegisters } from '../transactions/energy.js';

/** A transaction with what is derived from it. */
export interface TransactionView extends TransactionRecord {
  status: 'Active' | 'Completed';
  energy: TransactionEnergy;
}

/**
 * Charging sessions as stored, with their energy.
 *
 * @example
 * const tx = await cs.transactions.get(42);
 * console.log(tx?.energy.energyWh, tx?.attention);
 */
export interface TransactionsApi {
  /** The transaction with its status and energy (Wh), or undefined. */
  get(id: number): Promise<TransactionView | undefined>;
  /** Newest first. */
  list(filter?: TransactionFilter): Promise<TransactionRecord[]>;
}

export function createTransactionsApi(storage: Storage): TransactionsApi {
  return {
    async get(id) {
      const transaction = await storage.transactions.get(id);
      if (!transaction) return undefined;
      const [range] = await storage.meterValues.registerRanges([id]);
      return {
        ...transaction,
        status: transaction.stoppedAt === null ? 'Active' : 'Completed',
        energy: energyFromRegisters(transaction, range),
      };
    },
    list(filter) {
      return storage.transactions.list(filter);
    },
  };
}
