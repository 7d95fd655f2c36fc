import type { ChargingProfileRecord } from '../records.js';
import type { ChargingProfileRepository } from '../storage.js';
import { copy, copyJson } from './shared.js';
import type { UndoLog } from './undo-log.js';

/** `ChargingProfileRepository` in a map keyed by charge point and chargingProfileId. */
export class MemoryChargingProfiles implements ChargingProfileRepository {
  readonly #rows = new Map<string, ChargingProfileRecord>();
  readonly #log: UndoLog;

  constructor(log: UndoLog) {
    this.#log = log;
  }

  async list(chargePointId: string) {
    return [...this.#rows.values()]
      .filter((row) => row.chargePointId === chargePointId)
      .sort(
        (a, b) =>
          a.connectorId - b.connectorId ||
          a.stackLevel - b.stackLevel ||
          a.chargingProfileId - b.chargingProfileId,
      )
      .map(copy);
  }

  async put(profile: ChargingProfileRecord) {
    const key = keyOf(profile.chargePointId, profile.chargingProfileId);
    this.#log.entry(this.#rows, key);
    this.#rows.set(key, {
      chargePointId: profile.chargePointId,
      connectorId: profile.connectorId,
      chargingProfileId: profile.chargingProfileId,
      stackLevel: profile.stackLevel,
      purpose: profile.purpose,
      transactionId: profile.transactionId,
      profile: copyJson(profile.profile),
      installedAt: profile.installedAt,
    });
  }

  async remove(chargePointId: string, chargingProfileIds: readonly number[]) {
    let removed = 0;
    for (const id of chargingProfileIds) {
      const key = keyOf(chargePointId, id);
      this.#log.entry(this.#rows, key);
      if (this.#rows.delete(key)) removed++;
    }
    return removed;
  }
}

function keyOf(chargePointId: string, chargingProfileId: number): string {
  return `${chargePointId}\u0000${chargingProfileId}`;
}
