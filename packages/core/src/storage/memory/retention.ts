import type { IsoTimestamp } from '../records.js';
import type { PruneBatch, PruneBatchResult, RetentionKind, RetentionRepository } from '../retention.js';

/** A row of a history as retention sees it. */
export interface HistoryEntry {
  readonly id: number;
  /** When Levity stored it. */
  readonly storedAt: IsoTimestamp;
  /** Kept whatever its age (billing data). */
  readonly keep: boolean;
}

/** What an in-memory history offers retention. */
export interface MemoryHistory {
  /** Every row, in id order. */
  entries(): HistoryEntry[];
  /** Deletes these rows (recording how to undo it in the unit's undo log). */
  remove(ids: ReadonlySet<number>): void;
}

/** `RetentionRepository` over the in-memory histories. */
export class MemoryRetention implements RetentionRepository {
  readonly #histories: Readonly<Record<RetentionKind, MemoryHistory>>;

  constructor(histories: Readonly<Record<RetentionKind, MemoryHistory>>) {
    this.#histories = histories;
  }

  async countPrunable(kind: RetentionKind, before: IsoTimestamp): Promise<number> {
    return this.#histories[kind].entries().filter((entry) => entry.storedAt < before && !entry.keep).length;
  }

  async prune(kind: RetentionKind, batch: PruneBatch): Promise<PruneBatchResult> {
    const history = this.#histories[kind];
    const window = history
      .entries()
      .filter((entry) => entry.id > batch.after)
      .slice(0, batch.limit);
    const old = window.findIndex((entry) => entry.storedAt >= batch.before);
    const examined = old === -1 ? window : window.slice(0, old);
    const doomed = new Set(examined.filter((entry) => !entry.keep).map((entry) => entry.id));
    if (doomed.size > 0) history.remove(doomed);
    return {
      deleted: doomed.size,
      after: examined.at(-1)?.id ?? batch.after,
      done: old !== -1 || window.length < batch.limit,
    };
  }
}
