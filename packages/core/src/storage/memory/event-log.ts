import type { EventFilter } from '../records.js';
import { copy } from './shared.js';
import type { UndoLog } from './undo-log.js';

/**
 * An append-only history of what charge points reported, listed newest first: the
 * in-memory `errors`, `dataTransfers`, `securityEvents` and `statusReports`, which
 * differ only in their records and in filters beyond `chargePointId` and `limit`.
 */
export class MemoryEventLog<New extends { chargePointId: string }, Filter extends EventFilter = EventFilter> {
  readonly #rows: (New & { id: number })[] = [];
  readonly #matches: (row: New, filter: Filter) => boolean;
  readonly #log: UndoLog;
  #nextId = 1;

  /** `matches` applies the filter's own fields; charge point and limit are handled here. */
  constructor(log: UndoLog, matches: (row: New, filter: Filter) => boolean = () => true) {
    this.#log = log;
    this.#matches = matches;
  }

  async add(event: New): Promise<New & { id: number }> {
    const nextId = this.#nextId;
    this.#log.onRollback(() => {
      this.#nextId = nextId;
    });
    this.#log.length(this.#rows);
    const row = { ...copy(event), id: this.#nextId++ };
    this.#rows.push(row);
    return copy(row);
  }

  async list(filter?: Filter): Promise<(New & { id: number })[]> {
    const rows = this.#rows
      .filter(
        (row) =>
          filter === undefined ||
          ((filter.chargePointId === undefined || row.chargePointId === filter.chargePointId) &&
            this.#matches(row, filter)),
      )
      .sort((a, b) => b.id - a.id);
    return rows.slice(0, filter?.limit ?? rows.length).map(copy);
  }
}
