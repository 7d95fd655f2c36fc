import type { ChargePointSecurityPatch, ChargePointSecurityRecord } from '../records.js';
import type { ChargePointSecurityRepository } from '../storage.js';
import { copy, later } from './shared.js';

/** `ChargePointSecurityRepository` in a map keyed by charge point id. */
export class MemoryChargePointSecurity implements ChargePointSecurityRepository {
  readonly #rows = new Map<string, ChargePointSecurityRecord>();

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
    this.#rows.set(chargePointId, row);
    return copy(row);
  }
}
