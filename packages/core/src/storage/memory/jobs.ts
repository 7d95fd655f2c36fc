import type { JobFilter, JobKind, JobRecord, NewJob } from '../records.js';
import type { JobRepository } from '../storage.js';
import { copy, later, newestFirst } from './shared.js';
import type { UndoLog } from './undo-log.js';

type Change = Parameters<JobRepository['update']>[1];

/** `JobRepository` in a map by id. */
export class MemoryJobs implements JobRepository {
  readonly #rows = new Map<number, JobRecord>();
  #nextId = 1;
  readonly #log: UndoLog;

  constructor(log: UndoLog) {
    this.#log = log;
  }

  async create(job: NewJob) {
    const nextId = this.#nextId;
    this.#log.onRollback(() => {
      this.#nextId = nextId;
    });
    const row: JobRecord = {
      chargePointId: job.chargePointId,
      kind: job.kind,
      commandId: job.commandId,
      requestId: job.requestId,
      status: job.status,
      createdAt: job.createdAt,
      id: this.#nextId++,
      fileName: null,
      finished: false,
      updatedAt: job.createdAt,
    };
    this.#log.entry(this.#rows, row.id);
    this.#rows.set(row.id, row);
    return copy(row);
  }

  async get(id: number) {
    const row = this.#rows.get(id);
    return row && copy(row);
  }

  async update(id: number, change: Change, at: string) {
    const row = this.#rows.get(id);
    if (!row) return undefined;
    this.#log.entry(this.#rows, id);
    row.status = change.status;
    row.finished = change.finished;
    if (change.fileName !== undefined) row.fileName = change.fileName;
    row.updatedAt = later(row.updatedAt, at);
    return copy(row);
  }

  async findOpen(chargePointId: string, kind: JobKind, requestId?: number) {
    const [newest] = newestFirst(
      this.#rows.values(),
      (row) =>
        row.chargePointId === chargePointId &&
        row.kind === kind &&
        !row.finished &&
        (requestId === undefined || row.requestId === requestId),
      1,
    );
    return newest;
  }

  async list(filter: JobFilter = {}) {
    return newestFirst(
      this.#rows.values(),
      (row) =>
        (filter.chargePointId === undefined || row.chargePointId === filter.chargePointId) &&
        (filter.kind === undefined || row.kind === filter.kind) &&
        (filter.open === undefined || filter.open === !row.finished),
      filter.limit,
    );
  }
}
