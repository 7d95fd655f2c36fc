import type { CertificateRequestRecord, EventFilter, NewCertificateRequest } from '../records.js';
import type { CertificateRequestRepository } from '../storage.js';
import { copy, later } from './shared.js';
import type { UndoLog } from './undo-log.js';

type Change = Parameters<CertificateRequestRepository['update']>[1];

/** `CertificateRequestRepository` in a map by id. */
export class MemoryCertificateRequests implements CertificateRequestRepository {
  readonly #rows = new Map<number, CertificateRequestRecord>();
  #nextId = 1;
  readonly #log: UndoLog;

  constructor(log: UndoLog) {
    this.#log = log;
  }

  async add(request: NewCertificateRequest) {
    const nextId = this.#nextId;
    this.#log.onRollback(() => {
      this.#nextId = nextId;
    });
    const row: CertificateRequestRecord = {
      ...copy(request),
      id: this.#nextId++,
      certificateChain: null,
      failureReason: null,
      updatedAt: request.receivedAt,
    };
    this.#log.entry(this.#rows, row.id);
    this.#rows.set(row.id, row);
    return copy(row);
  }

  async get(id: number) {
    const row = this.#rows.get(id);
    return row && copy(row);
  }

  async list(filter: EventFilter = {}) {
    const rows = [...this.#rows.values()]
      .filter((row) => filter.chargePointId === undefined || row.chargePointId === filter.chargePointId)
      .sort((a, b) => b.id - a.id);
    return rows.slice(0, filter.limit ?? rows.length).map(copy);
  }

  async update(id: number, change: Change, at: string) {
    const row = this.#rows.get(id);
    if (!row) return undefined;
    this.#log.entry(this.#rows, id);
    row.status = change.status;
    if (change.certificateChain !== undefined) row.certificateChain = change.certificateChain;
    if (change.failureReason !== undefined) row.failureReason = change.failureReason;
    row.updatedAt = later(row.updatedAt, at);
    return copy(row);
  }
}
