import type { LocalListEntry, LocalListRecord } from '../records.js';
import type { LocalListRepository } from '../storage.js';
import { compareText, copy, foldCase, later } from './shared.js';
import type { UndoLog } from './undo-log.js';

/** `LocalListRepository` in a map by charge point; entries kept in id-tag order. */
export class MemoryLocalLists implements LocalListRepository {
  readonly #rows = new Map<string, LocalListRecord>();
  readonly #log: UndoLog;

  constructor(log: UndoLog) {
    this.#log = log;
  }

  async get(chargePointId: string) {
    const row = this.#rows.get(chargePointId);
    return row && copy(row);
  }

  async replace(chargePointId: string, version: number, entries: readonly LocalListEntry[], at: string) {
    // An id tag given twice (in any case) keeps its last entry.
    const byTag = new Map<string, LocalListEntry>();
    for (const entry of entries) {
      const key = foldCase(entry.idTag);
      byTag.delete(key);
      byTag.set(key, {
        idTag: entry.idTag,
        idTagInfo: {
          status: entry.idTagInfo.status,
          expiryDate: entry.idTagInfo.expiryDate ?? null,
          parentIdTag: entry.idTagInfo.parentIdTag ?? null,
        },
      });
    }
    const row: LocalListRecord = {
      chargePointId,
      version,
      entries: [...byTag].sort(([a], [b]) => compareText(a, b)).map(([, entry]) => entry),
      updatedAt: later(this.#rows.get(chargePointId)?.updatedAt ?? null, at),
    };
    this.#log.entry(this.#rows, chargePointId);
    this.#rows.set(chargePointId, row);
    return copy(row);
  }
}
