import type { IdTagFilter, IdTagPatch, IdTagRecord, NewIdTag } from '../records.js';
import type { IdTagRepository } from '../storage.js';
import { compareText, copy, foldCase, later } from './shared.js';
import type { UndoLog } from './undo-log.js';

const PATCHABLE = ['status', 'expiryDate', 'parentIdTag', 'note'] as const;

/** `IdTagRepository` in a map keyed by the case-folded tag. */
export class MemoryIdTags implements IdTagRepository {
  readonly #rows = new Map<string, IdTagRecord>();
  readonly #log: UndoLog;

  constructor(log: UndoLog) {
    this.#log = log;
  }

  async get(idTag: string) {
    const row = this.#rows.get(foldCase(idTag));
    return row && copy(row);
  }

  async list(filter: IdTagFilter = {}) {
    const parent = filter.parentIdTag === undefined ? undefined : foldCase(filter.parentIdTag);
    const after = filter.after === undefined ? undefined : foldCase(filter.after);
    const rows = [...this.#rows]
      .filter(
        ([key, row]) =>
          (filter.status === undefined || row.status === filter.status) &&
          (parent === undefined || (row.parentIdTag !== null && foldCase(row.parentIdTag) === parent)) &&
          (after === undefined || compareText(key, after) > 0),
      )
      .sort(([a], [b]) => compareText(a, b))
      .map(([, row]) => row);
    return rows.slice(0, filter.limit ?? rows.length).map(copy);
  }

  async add(tag: NewIdTag, at: string) {
    const key = foldCase(tag.idTag);
    if (this.#rows.has(key)) return undefined;
    const row: IdTagRecord = { ...copy(tag), createdAt: at, updatedAt: at };
    this.#log.entry(this.#rows, key);
    this.#rows.set(key, row);
    return copy(row);
  }

  async update(idTag: string, patch: IdTagPatch, at: string) {
    const row = this.#rows.get(foldCase(idTag));
    if (!row) return undefined;
    const next: IdTagRecord = { ...row, updatedAt: later(row.updatedAt, at) };
    for (const field of PATCHABLE) {
      const value = patch[field];
      if (value !== undefined) Object.assign(next, { [field]: value });
    }
    this.#log.entry(this.#rows, foldCase(idTag));
    this.#rows.set(foldCase(idTag), next);
    return copy(next);
  }

  async remove(idTag: string) {
    this.#log.entry(this.#rows, foldCase(idTag));
    return this.#rows.delete(foldCase(idTag));
  }
}
