import type { Request } from '../../ocpp16/actions.js';
import type { ChargingProfileRecord, JsonValue } from '../../storage/records.js';
import type { CommandEffect } from '../effect.js';

type ClearCriteria = Request<'ClearChargingProfile'>;

/**
 * Which installed profiles a ClearChargingProfile removes (OCPP 1.6 §5.5): with an id,
 * that profile only; otherwise every profile matching all the criteria given (none
 * given: every profile).
 */
export function profilesToClear(
  installed: readonly ChargingProfileRecord[],
  criteria: ClearCriteria,
): number[] {
  return installed
    .filter((profile) =>
      criteria.id !== undefined
        ? profile.chargingProfileId === criteria.id
        : (criteria.connectorId === undefined || profile.connectorId === criteria.connectorId) &&
          (criteria.chargingProfilePurpose === undefined ||
            profile.purpose === criteria.chargingProfilePurpose) &&
          (criteria.stackLevel === undefined || profile.stackLevel === criteria.stackLevel),
    )
    .map((profile) => profile.chargingProfileId);
}

/**
 * Which installed profiles a new one replaces (OCPP 1.6 §3.13.2): the one with the same
 * chargingProfileId, and the one with the same stackLevel and purpose on the same connector.
 */
export function profilesReplacedBy(
  installed: readonly ChargingProfileRecord[],
  incoming: Pick<ChargingProfileRecord, 'chargingProfileId' | 'connectorId' | 'stackLevel' | 'purpose'>,
): number[] {
  return installed
    .filter(
      (profile) =>
        profile.chargingProfileId === incoming.chargingProfileId ||
        (profile.connectorId === incoming.connectorId &&
          profile.stackLevel === incoming.stackLevel &&
          profile.purpose === incoming.purpose),
    )
    .map((profile) => profile.chargingProfileId);
}

/** SetChargingProfile: an Accepted profile is installed, replacing what the spec says it replaces. */
export const setChargingProfile: CommandEffect<'SetChargingProfile'> = {
  async answered({ chargePointId, params, storage, now }, { status }) {
    if (status !== 'Accepted') return;
    const profile = params.csChargingProfiles;
    const record: ChargingProfileRecord = {
      chargePointId,
      connectorId: params.connectorId,
      chargingProfileId: profile.chargingProfileId,
      stackLevel: profile.stackLevel,
      purpose: profile.chargingProfilePurpose,
      transactionId: profile.transactionId ?? null,
      profile: profile as unknown as JsonValue,
      installedAt: now(),
    };
    const installed = await storage.chargingProfiles.list(chargePointId);
    const replaced = profilesReplacedBy(installed, record);
    if (replaced.length > 0) await storage.chargingProfiles.remove(chargePointId, replaced);
    await storage.chargingProfiles.put(record);
  },
};

/** ClearChargingProfile: Accepted removes the matching profiles; Unknown means none matched. */
export const clearChargingProfile: CommandEffect<'ClearChargingProfile'> = {
  async answered({ chargePointId, params, storage }, { status }) {
    if (status !== 'Accepted') return;
    const ids = profilesToClear(await storage.chargingProfiles.list(chargePointId), params);
    if (ids.length > 0) await storage.chargingProfiles.remove(chargePointId, ids);
  },
};
