import type { CommandFilter, CommandOutcome, CommandRecord, NewCommand } from '../records.js';
import type { CommandRepository } from '../storage.js';
import type { HistoryEntry, MemoryHistory } from './retention.js';
import { copy, copyJson, newestFirst } from './shared.js';
import type { UndoLog } from './undo-log.js';

/** `CommandRepository` in a map by id; params and responses kept as JSON, like a database. */
export class MemoryCommands implements CommandRepository, MemoryHistory {
  readonly #rows = new Map<number, CommandRecord>();
  #nextId = 1;
  readonly #log: UndoLog;

  constructor(log: UndoLog) {
    this.#log = log;
  }

  async add(command: NewCommand) {
    const nextId = this.#nextId;
    this.#log.onRollback(() => {
      this.#nextId = nextId;
    });
    const row: CommandRecord = {
      chargePointId: command.chargePointId,
      action: command.action,
      params: copyJson(command.params),
      requestedAt: command.requestedAt,
      actor: command.actor ?? null,
      nodeId: command.nodeId ?? null,
      id: this.#nextId++,
      status: 'Pending',
      response: null,
      errorCode: null,
      errorDescription: null,
      completedAt: null,
    };
    this.#log.entry(this.#rows, row.id);
    this.#rows.set(row.id, row);
    return copy(row);
  }

  async complete(id: number, outcome: CommandOutcome) {
    const row = this.#rows.get(id);
    if (!row) return undefined;
    this.#log.entry(this.#rows, id);
    Object.assign(row, {
      status: outcome.status,
      response: outcome.response === undefined ? null : copyJson(outcome.response),
      errorCode: outcome.errorCode ?? null,
      errorDescription: outcome.errorDescription ?? null,
      completedAt: outcome.at,
    });
    return copy(row);
  }

  async get(id: number) {
    const row = this.#rows.get(id);
    return row && copy(row);
  }

  async list(filter: CommandFilter = {}) {
    return newestFirst(
      this.#rows.values(),
      (row) =>
        (filter.chargePointId === undefined || row.chargePointId === filter.chargePointId) &&
        (filter.action === undefined || row.action === filter.action) &&
        (filter.actor === undefined || row.actor === filter.actor) &&
        (filter.status === undefined || row.status === filter.status) &&
        (filter.from === undefined || row.requestedAt >= filter.from) &&
        (filter.before === undefined || row.id < filter.before),
      filter.limit,
    );
  }

  entries(): HistoryEntry[] {
    return [...this.#rows.values()]
      .sort((a, b) => a.id - b.id)
      .map((row) => ({ id: row.id, storedAt: row.requestedAt, keep: false }));
  }

  remove(ids: ReadonlySet<number>): void {
    for (const id of ids) {
      this.#log.entry(this.#rows, id);
      this.#rows.delete(id);
    }
  }
}
