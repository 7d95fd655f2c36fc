import { registerRangesOf } from '../../transactions/energy.js';
import type { MeterValueFilter, MeterValueRecord, NewMeterValue } from '../records.js';
import type { MeterValueRepository } from '../storage.js';
import { copy } from './shared.js';
import type { UndoLog } from './undo-log.js';

/** `MeterValueRepository` in an array, in insertion (id) order. */
export class MemoryMeterValues implements MeterValueRepository {
  readonly #rows: MeterValueRecord[] = [];
  #nextId = 1;
  readonly #log: UndoLog;

  constructor(log: UndoLog) {
    this.#log = log;
  }

  async add(values: readonly NewMeterValue[]) {
    // Copy everything before storing anything: all or nothing.
    const copies = values.map(copy);
    const nextId = this.#nextId;
    this.#log.onRollback(() => {
      this.#nextId = nextId;
    });
    this.#log.length(this.#rows);
    for (const value of copies) this.#rows.push({ ...value, id: this.#nextId++ });
    return copies.length;
  }

  async list(filter: MeterValueFilter = {}) {
    const rows = this.#rows.filter(
      (row) =>
        (filter.chargePointId === undefined || row.chargePointId === filter.chargePointId) &&
        (filter.connectorId === undefined || row.connectorId === filter.connectorId) &&
        (filter.transactionId === undefined || row.transactionId === filter.transactionId) &&
        (filter.measurand === undefined || row.measurand === filter.measurand) &&
        (filter.from === undefined || row.timestamp >= filter.from) &&
        (filter.to === undefined || row.timestamp < filter.to),
    );
    rows.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : a.id - b.id));
    return rows.slice(0, filter.limit ?? rows.length).map(copy);
  }

  async registerRanges(transactionIds: readonly number[]) {
    const wanted = new Set(transactionIds);
    return registerRangesOf(
      this.#rows.filter((row) => row.transactionId !== null && wanted.has(row.transactionId)),
    );
  }
}
