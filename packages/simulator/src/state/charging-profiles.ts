import type { Request, Response } from '@levity/core';
import type { ChargingProfile } from '../types.js';

/** A charging profile as the charge point keeps it. */
export interface InstalledProfile {
  readonly connectorId: number;
  readonly profile: ChargingProfile;
  /** When it was installed: the start of an Absolute profile that has no startSchedule. */
  readonly installedAt: Date;
}

/** The Smart Charging limits of the configuration (OCPP 1.6 §9.4). */
export interface ProfileLimits {
  readonly connectors: number;
  readonly maxStackLevel: number;
  readonly maxInstalled: number;
  readonly maxPeriods: number;
  /** ChargingScheduleAllowedChargingRateUnit: `Current`, `Power` or both. */
  readonly allowedUnits: readonly string[];
}

export type ClearCriteria = Request<'ClearChargingProfile'>;

/**
 * The installed charging profiles and the rules of OCPP 1.6 §3.13 and §5.16 for adding,
 * replacing and clearing them.
 */
export class ChargingProfiles {
  #installed: InstalledProfile[] = [];

  list(): readonly InstalledProfile[] {
    return this.#installed;
  }

  /**
   * SetChargingProfile. ChargePointMaxProfile only on connector 0; TxProfile only on a
   * connector with a transaction running (and that transaction, when the profile names
   * one). A profile with the same id, or with the same stackLevel and purpose on the same
   * connector, is replaced (§3.13.2).
   *
   * @param runningTransaction the id of the transaction running on a connector, if any
   */
  set(
    connectorId: number,
    profile: ChargingProfile,
    limits: ProfileLimits,
    runningTransaction: (connectorId: number) => number | undefined,
    now: Date,
  ): Response<'SetChargingProfile'>['status'] {
    if (connectorId > limits.connectors) return 'Rejected';
    if (!this.#valid(profile, limits)) return 'Rejected';
    let installed = profile;
    switch (profile.chargingProfilePurpose) {
      case 'ChargePointMaxProfile':
        if (connectorId !== 0) return 'Rejected';
        break;
      case 'TxProfile': {
        const transactionId = connectorId > 0 ? runningTransaction(connectorId) : undefined;
        if (transactionId === undefined) return 'Rejected';
        if (profile.transactionId !== undefined && profile.transactionId !== transactionId) return 'Rejected';
        installed = { ...profile, transactionId };
        break;
      }
      case 'TxDefaultProfile':
        break;
    }
    const kept = this.#installed.filter(
      (entry) =>
        entry.profile.chargingProfileId !== profile.chargingProfileId &&
        !(
          entry.connectorId === connectorId &&
          entry.profile.stackLevel === profile.stackLevel &&
          entry.profile.chargingProfilePurpose === profile.chargingProfilePurpose
        ),
    );
    if (kept.length >= limits.maxInstalled) return 'Rejected';
    // Schedules count in whole seconds.
    const installedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
    this.#installed = [...kept, { connectorId, profile: installed, installedAt }];
    return 'Accepted';
  }

  /**
   * ClearChargingProfile (§5.5): by id, ignoring the other fields; otherwise every profile
   * matching all the given criteria (none given: every profile). Unknown when nothing matched.
   */
  clear(criteria: ClearCriteria): Response<'ClearChargingProfile'>['status'] {
    const before = this.#installed.length;
    this.#installed = this.#installed.filter((entry) => !matches(entry, criteria));
    return this.#installed.length < before ? 'Accepted' : 'Unknown';
  }

  /** A transaction ended: its TxProfiles go with it (§3.13.1). */
  transactionEnded(transactionId: number): void {
    this.#installed = this.#installed.filter(
      (entry) =>
        !(
          entry.profile.chargingProfilePurpose === 'TxProfile' &&
          entry.profile.transactionId === transactionId
        ),
    );
  }

  #valid(profile: ChargingProfile, limits: ProfileLimits): boolean {
    const { chargingSchedule: schedule } = profile;
    const periods = schedule.chargingSchedulePeriod;
    const unitName = schedule.chargingRateUnit === 'A' ? 'current' : 'power';
    return (
      profile.stackLevel <= limits.maxStackLevel &&
      limits.allowedUnits.some((unit) => unit.toLowerCase() === unitName) &&
      periods.length > 0 &&
      periods.length <= limits.maxPeriods &&
      // The first period starts with the schedule, and periods follow each other (§7.13).
      periods[0]?.startPeriod === 0 &&
      periods.every((period, i) => i === 0 || period.startPeriod > (periods[i - 1]?.startPeriod ?? 0)) &&
      (profile.chargingProfileKind !== 'Recurring' ||
        (profile.recurrencyKind !== undefined && schedule.startSchedule !== undefined))
    );
  }
}

function matches(entry: InstalledProfile, criteria: ClearCriteria): boolean {
  if (criteria.id !== undefined) return entry.profile.chargingProfileId === criteria.id;
  return (
    (criteria.connectorId === undefined || entry.connectorId === criteria.connectorId) &&
    (criteria.chargingProfilePurpose === undefined ||
      entry.profile.chargingProfilePurpose === criteria.chargingProfilePurpose) &&
    (criteria.stackLevel === undefined || entry.profile.stackLevel === criteria.stackLevel)
  );
}
