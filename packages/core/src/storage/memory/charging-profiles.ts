import type { ChargingProfileRecord } from '../records.js';
import type { ChargingProfileRepository } from '../storage.js';
import { copy, copyJson } from './shared.js';

/** `ChargingProfileRepository` in a map keyed by charge point and chargingProfileId. */
export class MemoryChargingProfiles implements ChargingProfileRepository {
  readonly #rows = new Map<string, ChargingProfileRecord>();

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
    this.#rows.set(keyOf(profile.chargePointId, profile.chargingProfileId), {
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
      if (this.#rows.delete(keyOf(chargePointId, id))) removed++;
    }
    return removed;
  }
}

function keyOf(chargePointId: string, chargingProfileId: number): string {
  return `${chargePointId}\u0000${chargingProfileId}`;
}
