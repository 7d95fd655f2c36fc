import { describe, expect, it } from 'vitest';
import type { ChargingProfile, ChargingSchedulePeriod } from '../types.js';
import type { InstalledProfile } from './charging-profiles.js';
import type { CompositeInput } from './composite-schedule.js';
import { compositeSchedule, effectiveLimit } from './composite-schedule.js';

const start = new Date('2025-03-01T10:00:00Z');
const at = (seconds: number) => new Date(start.getTime() + seconds * 1000).toISOString();

function installed(
  connectorId: number,
  overrides: Partial<ChargingProfile> & {
    periods?: ChargingSchedulePeriod[];
    unit?: 'A' | 'W';
    duration?: number;
  },
): InstalledProfile {
  const { periods = [{ startPeriod: 0, limit: 16 }], unit = 'A', duration, ...rest } = overrides;
  return {
    connectorId,
    installedAt: start,
    profile: {
      chargingProfileId: Math.floor(Math.random() * 1e6),
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Absolute',
      ...rest,
      chargingSchedule: {
        chargingRateUnit: unit,
        startSchedule: start.toISOString(),
        chargingSchedulePeriod: periods,
        ...(duration === undefined ? {} : { duration }),
      },
    },
  };
}

function input(profiles: InstalledProfile[], overrides: Partial<CompositeInput> = {}): CompositeInput {
  return { profiles, connectorId: 1, voltage: 230, phases: 3, maxPowerW: 22_080, ...overrides };
}

describe('compositeSchedule', () => {
  it('is the hardware maximum when no profile is installed', () => {
    expect(compositeSchedule(input([]), start, 600, 'A')).toEqual({
      duration: 600,
      startSchedule: start.toISOString(),
      chargingRateUnit: 'A',
      chargingSchedulePeriod: [{ startPeriod: 0, limit: 32 }],
    });
  });

  it('lets the highest stackLevel in force win in each period', () => {
    const profiles = [
      installed(1, { stackLevel: 0, periods: [{ startPeriod: 0, limit: 20 }] }),
      // Stack level 5 only from 100 s to 300 s.
      installed(1, {
        stackLevel: 5,
        duration: 300,
        periods: [
          { startPeriod: 0, limit: 32 },
          { startPeriod: 100, limit: 10 },
        ],
      }),
    ];
    // Level 5 is in force from 0: its 32 A wins over level 0's 20 A, then its 10 A, then level 0 again.
    expect(compositeSchedule(input(profiles), start, 600, 'A').chargingSchedulePeriod).toEqual([
      { startPeriod: 0, limit: 32 },
      { startPeriod: 100, limit: 10 },
      { startPeriod: 300, limit: 20 },
    ]);
  });

  it('caps everything with the ChargePointMaxProfile', () => {
    const profiles = [
      installed(1, {
        periods: [
          { startPeriod: 0, limit: 32 },
          { startPeriod: 120, limit: 8 },
        ],
      }),
      installed(0, {
        chargingProfilePurpose: 'ChargePointMaxProfile',
        periods: [{ startPeriod: 0, limit: 16 }],
      }),
    ];
    expect(compositeSchedule(input(profiles), start, 300, 'A').chargingSchedulePeriod).toEqual([
      { startPeriod: 0, limit: 16 },
      { startPeriod: 120, limit: 8 },
    ]);
  });

  it('prefers the transaction’s TxProfile, then the connector’s TxDefaultProfile, then connector 0’s', () => {
    const transaction = { transactionId: 9, startedAt: start };
    const txDefaultAll = installed(0, { stackLevel: 7, periods: [{ startPeriod: 0, limit: 30 }] });
    const txDefaultOne = installed(1, {
      stackLevel: 0,
      duration: 200,
      periods: [{ startPeriod: 0, limit: 20 }],
    });
    const txProfile = installed(1, {
      chargingProfilePurpose: 'TxProfile',
      transactionId: 9,
      duration: 100,
      periods: [{ startPeriod: 0, limit: 10 }],
    });
    const schedule = compositeSchedule(
      input([txDefaultAll, txDefaultOne, txProfile], { transaction }),
      start,
      400,
      'A',
    );
    expect(schedule.chargingSchedulePeriod).toEqual([
      { startPeriod: 0, limit: 10 },
      { startPeriod: 100, limit: 20 },
      { startPeriod: 200, limit: 30 },
    ]);
    // Another connector only sees connector 0's default.
    expect(
      compositeSchedule(input([txDefaultAll, txDefaultOne, txProfile], { connectorId: 2 }), start, 400, 'A')
        .chargingSchedulePeriod,
    ).toEqual([{ startPeriod: 0, limit: 30 }]);
  });

  it('ignores a TxProfile of another transaction', () => {
    const txProfile = installed(1, {
      chargingProfilePurpose: 'TxProfile',
      transactionId: 8,
      periods: [{ startPeriod: 0, limit: 6 }],
    });
    const schedule = compositeSchedule(
      input([txProfile], { transaction: { transactionId: 9, startedAt: start } }),
      start,
      60,
      'A',
    );
    expect(schedule.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 32 }]);
  });

  it('reports connector 0 from the ChargePointMaxProfile alone', () => {
    const profiles = [
      installed(0, {
        chargingProfilePurpose: 'ChargePointMaxProfile',
        periods: [{ startPeriod: 0, limit: 11_000 }],
        unit: 'W',
      }),
      installed(0, { periods: [{ startPeriod: 0, limit: 6 }] }),
    ];
    expect(
      compositeSchedule(input(profiles, { connectorId: 0 }), start, 60, 'W').chargingSchedulePeriod,
    ).toEqual([{ startPeriod: 0, limit: 11_000 }]);
  });

  it('converts between A and W with the supply voltage and the period’s phases', () => {
    const profiles = [
      installed(1, {
        periods: [
          { startPeriod: 0, limit: 16 },
          { startPeriod: 60, limit: 16, numberPhases: 1 },
        ],
      }),
    ];
    expect(compositeSchedule(input(profiles), start, 120, 'W').chargingSchedulePeriod).toEqual([
      { startPeriod: 0, limit: 11_040 },
      { startPeriod: 60, limit: 3680, numberPhases: 1 },
    ]);
    const watts = [installed(1, { unit: 'W', periods: [{ startPeriod: 0, limit: 6900 }] })];
    expect(compositeSchedule(input(watts), start, 60, 'A').chargingSchedulePeriod).toEqual([
      { startPeriod: 0, limit: 10 },
    ]);
  });

  it('starts a Relative profile with the transaction', () => {
    const relative = installed(1, {
      chargingProfileKind: 'Relative',
      periods: [
        { startPeriod: 0, limit: 10 },
        { startPeriod: 600, limit: 20 },
      ],
    });
    const transaction = { transactionId: 1, startedAt: new Date(start.getTime() - 300_000) };
    expect(
      compositeSchedule(input([relative], { transaction }), start, 900, 'A').chargingSchedulePeriod,
    ).toEqual([
      { startPeriod: 0, limit: 10 },
      { startPeriod: 300, limit: 20 },
    ]);
  });

  it('repeats a Daily Recurring profile', () => {
    const yesterday = new Date(start.getTime() - 86_400_000 + 60_000).toISOString();
    const recurring = installed(1, {
      chargingProfileKind: 'Recurring',
      recurrencyKind: 'Daily',
      duration: 3600,
      periods: [{ startPeriod: 0, limit: 6 }],
    });
    recurring.profile.chargingSchedule.startSchedule = yesterday;
    // Yesterday 10:01 + 1 day = today 10:01, for an hour.
    expect(compositeSchedule(input([recurring]), start, 7200, 'A').chargingSchedulePeriod).toEqual([
      { startPeriod: 0, limit: 32 },
      { startPeriod: 60, limit: 6 },
      { startPeriod: 3660, limit: 32 },
    ]);
  });

  it('honours validFrom and validTo', () => {
    const bounded = installed(1, {
      validFrom: at(60),
      validTo: at(120),
      periods: [{ startPeriod: 0, limit: 8 }],
    });
    expect(compositeSchedule(input([bounded]), start, 180, 'A').chargingSchedulePeriod).toEqual([
      { startPeriod: 0, limit: 32 },
      { startPeriod: 60, limit: 8 },
      { startPeriod: 120, limit: 32 },
    ]);
  });

  it('gives the meter the limit in force, in W', () => {
    const profiles = [installed(1, { periods: [{ startPeriod: 0, limit: 10 }] })];
    expect(effectiveLimit(input(profiles), new Date(at(5))).watts).toBe(6900);
  });
});
