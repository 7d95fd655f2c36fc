import type { Request } from '@levity/core';
import { describe, expect, it } from 'vitest';
import { eventually, startTestBed } from './support/central-system.js';

type Profile = Request<'SetChargingProfile'>['csChargingProfiles'];

function profile(overrides: Partial<Profile> & { limits?: number[] } = {}): Profile {
  const { limits = [16], ...rest } = overrides;
  return {
    chargingProfileId: 1,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Relative',
    chargingSchedule: {
      chargingRateUnit: 'A',
      chargingSchedulePeriod: limits.map((limit, i) => ({ startPeriod: i * 600, limit })),
    },
    ...rest,
  };
}

describe('SetChargingProfile, GetCompositeSchedule, ClearChargingProfile', () => {
  it('compose the installed profiles: highest stackLevel wins, ChargePointMaxProfile caps', async () => {
    await using bed = await startTestBed();
    // 32 A hardware, so that only the profiles limit.
    await bed.sim('CP-SC', { meter: { maxPowerW: 22_080 } });
    const cp = bed.cs.chargePoint('CP-SC');
    const set = (connectorId: number, csChargingProfiles: Profile) =>
      cp.call('SetChargingProfile', { connectorId, csChargingProfiles });
    expect(await set(0, profile({ chargingProfileId: 1, limits: [20, 10] }))).toEqual({ status: 'Accepted' });
    expect(await set(1, profile({ chargingProfileId: 2, stackLevel: 3, limits: [30] }))).toEqual({
      status: 'Accepted',
    });
    expect(
      await set(
        0,
        profile({ chargingProfileId: 3, chargingProfilePurpose: 'ChargePointMaxProfile', limits: [25] }),
      ),
    ).toEqual({ status: 'Accepted' });

    const composite = await cp.call('GetCompositeSchedule', { connectorId: 1, duration: 1200 });
    expect(composite).toMatchObject({ status: 'Accepted', connectorId: 1 });
    // The connector's own TxDefaultProfile (30 A) overrides connector 0's; the maximum caps it at 25 A.
    expect(composite.chargingSchedule).toMatchObject({
      duration: 1200,
      chargingRateUnit: 'A',
      chargingSchedulePeriod: [{ startPeriod: 0, limit: 25 }],
    });
    const other = await cp.call('GetCompositeSchedule', {
      connectorId: 2,
      duration: 1200,
      chargingRateUnit: 'W',
    });
    expect(other.chargingSchedule?.chargingSchedulePeriod).toEqual([
      { startPeriod: 0, limit: 13_800 },
      { startPeriod: 600, limit: 6900 },
    ]);

    expect(await cp.call('ClearChargingProfile', { id: 2 })).toEqual({ status: 'Accepted' });
    expect(await cp.call('ClearChargingProfile', { id: 2 })).toEqual({ status: 'Unknown' });
    expect(
      await cp.call('ClearChargingProfile', { chargingProfilePurpose: 'ChargePointMaxProfile' }),
    ).toEqual({
      status: 'Accepted',
    });
    const after = await cp.call('GetCompositeSchedule', { connectorId: 1, duration: 1200 });
    expect(after.chargingSchedule?.chargingSchedulePeriod).toEqual([
      { startPeriod: 0, limit: 20 },
      { startPeriod: 600, limit: 10 },
    ]);
    expect(await cp.call('GetCompositeSchedule', { connectorId: 3, duration: 60 })).toEqual({
      status: 'Rejected',
    });
  });

  it('take a TxProfile only for a running transaction, and drop it when the transaction ends', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-SC-TX');
    const cp = bed.cs.chargePoint('CP-SC-TX');
    const txProfile = profile({ chargingProfileId: 5, chargingProfilePurpose: 'TxProfile', limits: [6] });
    expect(await cp.call('SetChargingProfile', { connectorId: 1, csChargingProfiles: txProfile })).toEqual({
      status: 'Rejected',
    });
    const { transactionId = -1 } = await sim.startTransaction({ connectorId: 1 });
    expect(
      await cp.call('SetChargingProfile', {
        connectorId: 1,
        csChargingProfiles: { ...txProfile, transactionId: transactionId + 1 },
      }),
    ).toEqual({ status: 'Rejected' });
    expect(await cp.call('SetChargingProfile', { connectorId: 1, csChargingProfiles: txProfile })).toEqual({
      status: 'Accepted',
    });
    // The meter follows the new limit at once: 6 A × 3 phases × 230 V.
    expect(sim.connector(1).powerW).toBeLessThanOrEqual(4140);
    expect(sim.connector(1).powerW).toBeGreaterThan(4000);
    const composite = await cp.call('GetCompositeSchedule', { connectorId: 1, duration: 60 });
    expect(composite.chargingSchedule?.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 6 }]);
    await sim.stopTransaction({ connectorId: 1 });
    expect(sim.state.chargingProfiles.list()).toEqual([]);
  });

  it('install the TxProfile a RemoteStartTransaction carries', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-SC-RS');
    const cp = bed.cs.chargePoint('CP-SC-RS');
    const started = sim.waitFor('transactionStarted');
    await cp.call('RemoteStartTransaction', {
      idTag: 'T',
      connectorId: 2,
      chargingProfile: profile({
        chargingProfileId: 8,
        chargingProfilePurpose: 'TxProfile',
        limits: [10, 8],
      }),
    });
    const { transactionId } = await started;
    await eventually(() =>
      expect(sim.state.chargingProfiles.list()).toMatchObject([
        { connectorId: 2, profile: { transactionId } },
      ]),
    );
    const composite = await cp.call('GetCompositeSchedule', { connectorId: 2, duration: 1200 });
    expect(composite.chargingSchedule?.chargingSchedulePeriod).toEqual([
      { startPeriod: 0, limit: 10 },
      { startPeriod: 600, limit: 8 },
    ]);
  });

  it('reject a ChargePointMaxProfile on a connector and a stack level above ChargeProfileMaxStackLevel', async () => {
    await using bed = await startTestBed();
    await bed.sim('CP-SC-BAD');
    const cp = bed.cs.chargePoint('CP-SC-BAD');
    expect(
      await cp.call('SetChargingProfile', {
        connectorId: 1,
        csChargingProfiles: profile({ chargingProfilePurpose: 'ChargePointMaxProfile' }),
      }),
    ).toEqual({ status: 'Rejected' });
    expect(
      await cp.call('SetChargingProfile', { connectorId: 1, csChargingProfiles: profile({ stackLevel: 9 }) }),
    ).toEqual({ status: 'Rejected' });
  });
});
