import { describe, expect, it } from 'vitest';
import type { ChargingProfile } from '../types.js';
import type { ProfileLimits } from './charging-profiles.js';
import { ChargingProfiles } from './charging-profiles.js';

const limits: ProfileLimits = {
  connectors: 2,
  maxStackLevel: 8,
  maxInstalled: 4,
  maxPeriods: 3,
  allowedUnits: ['Current', 'Power'],
};
const now = new Date('2025-01-01T00:00:00Z');
const noTransaction = () => undefined;

function profile(overrides: Partial<ChargingProfile> = {}): ChargingProfile {
  return {
    chargingProfileId: 1,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Relative',
    chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
    ...overrides,
  };
}

const ids = (profiles: ChargingProfiles) =>
  profiles.list().map((p) => `${p.connectorId}:${p.profile.chargingProfileId}`);

describe('ChargingProfiles.set', () => {
  it('replaces a profile with the same id, wherever it was installed', () => {
    const profiles = new ChargingProfiles();
    profiles.set(1, profile({ chargingProfileId: 7, stackLevel: 1 }), limits, noTransaction, now);
    expect(
      profiles.set(2, profile({ chargingProfileId: 7, stackLevel: 2 }), limits, noTransaction, now),
    ).toBe('Accepted');
    expect(ids(profiles)).toEqual(['2:7']);
  });

  it('replaces a profile with the same stackLevel and purpose on the same connector only', () => {
    const profiles = new ChargingProfiles();
    profiles.set(1, profile({ chargingProfileId: 1, stackLevel: 3 }), limits, noTransaction, now);
    profiles.set(2, profile({ chargingProfileId: 2, stackLevel: 3 }), limits, noTransaction, now);
    profiles.set(1, profile({ chargingProfileId: 3, stackLevel: 3 }), limits, noTransaction, now);
    profiles.set(1, profile({ chargingProfileId: 4, stackLevel: 4 }), limits, noTransaction, now);
    expect(ids(profiles)).toEqual(['2:2', '1:3', '1:4']);
  });

  it.each([
    [
      'a ChargePointMaxProfile on a connector',
      1,
      profile({ chargingProfilePurpose: 'ChargePointMaxProfile' }),
    ],
    ['a TxProfile without a transaction', 1, profile({ chargingProfilePurpose: 'TxProfile' })],
    ['a TxProfile on connector 0', 0, profile({ chargingProfilePurpose: 'TxProfile' })],
    ['a connector that does not exist', 3, profile()],
    ['a stackLevel above ChargeProfileMaxStackLevel', 1, profile({ stackLevel: 9 })],
    [
      'more periods than ChargingScheduleMaxPeriods',
      1,
      profile({
        chargingSchedule: {
          chargingRateUnit: 'A',
          chargingSchedulePeriod: [0, 10, 20, 30].map((startPeriod) => ({ startPeriod, limit: 10 })),
        },
      }),
    ],
    [
      'a first period that does not start at 0',
      1,
      profile({
        chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 5, limit: 10 }] },
      }),
    ],
    ['a Recurring profile without recurrencyKind', 1, profile({ chargingProfileKind: 'Recurring' })],
  ] as const)('rejects %s', (_name, connectorId, candidate) => {
    const profiles = new ChargingProfiles();
    expect(profiles.set(connectorId, candidate, limits, noTransaction, now)).toBe('Rejected');
    expect(profiles.list()).toHaveLength(0);
  });

  it('rejects a unit ChargingScheduleAllowedChargingRateUnit leaves out', () => {
    const profiles = new ChargingProfiles();
    expect(profiles.set(1, profile(), { ...limits, allowedUnits: ['Power'] }, noTransaction, now)).toBe(
      'Rejected',
    );
  });

  it('installs a TxProfile for the running transaction, and rejects one for another transaction', () => {
    const profiles = new ChargingProfiles();
    const running = (connectorId: number) => (connectorId === 1 ? 42 : undefined);
    const tx = profile({ chargingProfilePurpose: 'TxProfile' });
    expect(profiles.set(1, { ...tx, transactionId: 41 }, limits, running, now)).toBe('Rejected');
    expect(profiles.set(1, tx, limits, running, now)).toBe('Accepted');
    expect(profiles.list()[0]?.profile.transactionId).toBe(42);
    profiles.transactionEnded(42);
    expect(profiles.list()).toHaveLength(0);
  });

  it('rejects a profile beyond MaxChargingProfilesInstalled, but not a replacement', () => {
    const profiles = new ChargingProfiles();
    for (let id = 1; id <= 4; id++)
      profiles.set(1, profile({ chargingProfileId: id, stackLevel: id }), limits, noTransaction, now);
    expect(
      profiles.set(1, profile({ chargingProfileId: 5, stackLevel: 5 }), limits, noTransaction, now),
    ).toBe('Rejected');
    expect(
      profiles.set(1, profile({ chargingProfileId: 4, stackLevel: 6 }), limits, noTransaction, now),
    ).toBe('Accepted');
  });
});

describe('ChargingProfiles.clear', () => {
  function installed(): ChargingProfiles {
    const profiles = new ChargingProfiles();
    profiles.set(
      0,
      profile({ chargingProfileId: 1, chargingProfilePurpose: 'ChargePointMaxProfile' }),
      limits,
      noTransaction,
      now,
    );
    profiles.set(0, profile({ chargingProfileId: 2, stackLevel: 1 }), limits, noTransaction, now);
    profiles.set(1, profile({ chargingProfileId: 3, stackLevel: 1 }), limits, noTransaction, now);
    profiles.set(2, profile({ chargingProfileId: 4, stackLevel: 2 }), limits, noTransaction, now);
    return profiles;
  }

  it.each([
    ['an id, ignoring the other criteria', { id: 3, connectorId: 2, stackLevel: 7 }, ['0:1', '0:2', '2:4']],
    ['connector 0: the charge point’s own profiles', { connectorId: 0 }, ['1:3', '2:4']],
    ['a purpose', { chargingProfilePurpose: 'TxDefaultProfile' }, ['0:1']],
    [
      'a stackLevel and a purpose together',
      { stackLevel: 1, chargingProfilePurpose: 'TxDefaultProfile' },
      ['0:1', '2:4'],
    ],
    ['nothing: every profile', {}, []],
  ] as const)('matches %s', (_name, criteria, remaining) => {
    const profiles = installed();
    expect(profiles.clear(criteria)).toBe('Accepted');
    expect(ids(profiles)).toEqual(remaining);
  });

  it('answers Unknown when nothing matches, and changes nothing', () => {
    const profiles = installed();
    expect(profiles.clear({ id: 99 })).toBe('Unknown');
    expect(profiles.clear({ connectorId: 1, chargingProfilePurpose: 'ChargePointMaxProfile' })).toBe(
      'Unknown',
    );
    expect(profiles.list()).toHaveLength(4);
  });
});
