import type { ConfigurationKeyRecord, ConfigurationKeyUpdate } from '../records.js';
import type { ConfigurationRepository } from '../storage.js';
import { compareText, copy, foldCase, later } from './shared.js';
import type { UndoLog } from './undo-log.js';

/** `ConfigurationRepository` in one map per charge point, keyed by the case-folded key. */
export class MemoryConfiguration implements ConfigurationRepository {
  readonly #byChargePoint = new Map<string, Map<string, ConfigurationKeyRecord>>();
  readonly #log: UndoLog;

  constructor(log: UndoLog) {
    this.#log = log;
  }

  async upsert(chargePointId: string, keys: readonly ConfigurationKeyUpdate[], at: string) {
    // Build every row before storing any: all or nothing.
    const rows = keys.map(
      (update): ConfigurationKeyRecord => ({
        chargePointId,
        key: update.key,
        value: update.value,
        readonly: update.readonly,
        unknown: update.unknown,
        rebootRequired: update.rebootRequired,
        updatedAt: at,
      }),
    );
    if (rows.length === 0) return;
    this.#log.entry(this.#byChargePoint, chargePointId);
    let stored = this.#byChargePoint.get(chargePointId);
    if (!stored) {
      stored = new Map();
      this.#byChargePoint.set(chargePointId, stored);
    }
    for (const row of rows) {
      const key = foldCase(row.key);
      const previous = stored.get(key);
      stored.set(key, { ...row, updatedAt: later(previous?.updatedAt ?? null, at) });
    }
  }

  async retainOnly(chargePointId: string, keep: readonly string[]) {
    const stored = this.#byChargePoint.get(chargePointId);
    if (!stored) return 0;
    this.#log.entry(this.#byChargePoint, chargePointId);
    const kept = new Set(keep.map(foldCase));
    let removed = 0;
    for (const key of [...stored.keys()]) {
      if (!kept.has(key)) {
        stored.delete(key);
        removed++;
      }
    }
    return removed;
  }

  async get(chargePointId: string, key: string) {
    const row = this.#byChargePoint.get(chargePointId)?.get(foldCase(key));
    return row && copy(row);
  }

  async list(chargePointId: string) {
    return [...(this.#byChargePoint.get(chargePointId) ?? [])]
      .sort(([a], [b]) => compareText(a, b))
      .map(([, row]) => copy(row));
  }
}
