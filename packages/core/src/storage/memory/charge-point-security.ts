import type { ChargePointSecurityPatch, ChargePointSecurityRecord } from '../records.js';
import type { ChargePointSecurityRepository } from '../storage.js';
import { copy, later } from './shared.js';
import type { UndoLog } from './undo-log.js';

/** `ChargePointSecurityRepository` in a map keyed by charge point id. */
export class MemoryChargePointSecurity implements ChargePointSecurityRepository {
  readonly #rows = new Map<string, ChargePointSecurityRecord>();
  readonly #log: UndoLog;

  constructor(log: UndoLog) {
    this.#log = log;
  }

  async get(chargePointId: string) {
    const row = this.#rows.get(chargePointId);
    return row && copy(row);
  }

  async update(chargePointId: string, patch: ChargePointSecurityPatch, at: string) {
    const previous = this.#rows.get(chargePointId);
    const row: ChargePointSecurityRecord = {
      chargePointId,
      securityProfile: patch.securityProfile ?? previous?.securityProfile ?? 0,
      passwordHash: patch.passwordHash === undefined ? (previous?.passwordHash ?? null) : patch.passwordHash,
      updatedAt: later(previous?.updatedAt ?? null, at),
    };
    this.#log.entry(this.#rows, chargePointId);
    this.#rows.set(chargePointId, row);
    return copy(row);
  }
}
