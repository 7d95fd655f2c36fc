// What each command leaves in Levity's storage when a simulated charge point answers it:
// the command log, configuration, local list, reservations, profiles, jobs, links.
import { describe, expect, it } from 'vitest';
import { eventually, startTestBed } from './support/central-system.js';

const profile = (chargingProfileId: number, stackLevel: number) => ({
  chargingProfileId,
  stackLevel,
  chargingProfilePurpose: 'TxDefaultProfile' as const,
  chargingProfileKind: 'Absolute' as const,
  chargingSchedule: {
    chargingRateUnit: 'A' as const,
    chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
  },
});

describe('the state commands leave in storage, against the simulator', () => {
  it('keeps the configuration from GetConfiguration and accepted ChangeConfiguration', async () => {
    await using bed = await startTestBed();
    await bed.sim('CFG');
    const cp = bed.cs.chargePoint('CFG');
    await cp.call('GetConfiguration', {});
    const reported = await bed.cs.chargePoints.configuration('CFG');
    expect(reported.find((k) => k.key === 'NumberOfConnectors')).toMatchObject({
      readonly: true,
      value: '2',
    });
    const change = await cp.call('ChangeConfiguration', { key: 'HeartbeatInterval', value: '123' });
    expect(change.status).toBe('Accepted');
    const readonly = await cp.call('ChangeConfiguration', { key: 'NumberOfConnectors', value: '9' });
    expect(readonly.status).toBe('Rejected');
    const configuration = await bed.cs.chargePoints.configuration('CFG');
    expect(configuration.find((k) => k.key === 'HeartbeatInterval')?.value).toBe('123');
    expect(configuration.find((k) => k.key === 'NumberOfConnectors')?.value).toBe('2');
  });

  it('keeps the local list the simulator accepted, and refuses nothing it did not', async () => {
    await using bed = await startTestBed();
    await bed.sim('LIST');
    await bed.cs.idTags.add({ idTag: 'CARD-A' });
    await bed.cs.idTags.add({ idTag: 'CARD-B', status: 'Blocked' });
    const cp = bed.cs.chargePoint('LIST');
    expect((await cp.sendLocalList({ updateType: 'Full' })).status).toBe('Accepted');
    await bed.cs.idTags.remove('CARD-A');
    expect((await cp.sendLocalList({ updateType: 'Differential' })).status).toBe('Accepted');
    expect(await cp.call('GetLocalListVersion', {})).toEqual({ listVersion: 2 });
    expect(await bed.cs.chargePoints.localList('LIST')).toMatchObject({
      version: 2,
      entries: [{ idTag: 'CARD-B' }],
    });
  });

  it('tracks a reservation from ReserveNow to the transaction that uses it', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('RES');
    const reservation = await bed.cs
      .chargePoint('RES')
      .reserve({ connectorId: 1, idTag: 'GUEST', expiryDate: new Date(Date.now() + 3_600_000) });
    expect(reservation.status).toBe('Accepted');
    const { transactionId } = await sim.startTransaction({ connectorId: 1, idTag: 'GUEST' });
    if (transactionId === undefined) throw new Error('the simulator started no transaction');
    await eventually(async () =>
      expect(await bed.cs.reservations.get(reservation.id)).toMatchObject({ status: 'Used', transactionId }),
    );
    expect(await bed.cs.transactions.get(transactionId)).toMatchObject({ reservationId: reservation.id });
  });

  it('keeps installed charging profiles with the spec’s replace and clear rules', async () => {
    await using bed = await startTestBed();
    await bed.sim('SMART');
    const cp = bed.cs.chargePoint('SMART');
    await cp.call('SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(1, 0) });
    await cp.call('SetChargingProfile', { connectorId: 1, csChargingProfiles: profile(2, 0) });
    await cp.call('SetChargingProfile', { connectorId: 2, csChargingProfiles: profile(3, 1) });
    expect((await bed.cs.chargePoints.chargingProfiles('SMART')).map((p) => p.chargingProfileId)).toEqual([
      2, 3,
    ]);
    const composite = await cp.call('GetCompositeSchedule', { connectorId: 1, duration: 600 });
    expect(composite.status).toBe('Accepted');
    await cp.call('ClearChargingProfile', { stackLevel: 1 });
    expect((await bed.cs.chargePoints.chargingProfiles('SMART')).map((p) => p.chargingProfileId)).toEqual([
      2,
    ]);
  });

  it('follows a firmware update and a diagnostics upload to their final status', async () => {
    await using bed = await startTestBed();
    await bed.sim('FW');
    const cp = bed.cs.chargePoint('FW');
    await cp.call('UpdateFirmware', {
      location: 'https://firmware.example/2.0.bin',
      retrieveDate: new Date().toISOString(),
    });
    await cp.call('GetDiagnostics', { location: 'ftp://diagnostics.example/' });
    await eventually(async () => {
      const jobs = await bed.cs.jobs.list({ chargePointId: 'FW' });
      expect(jobs.map((j) => [j.kind, j.status, j.finished])).toEqual([
        ['Diagnostics', 'Uploaded', true],
        ['Firmware', 'Installed', true],
      ]);
      expect(jobs[0]?.fileName).toEqual(expect.any(String));
    });
    const reports = await bed.storage.statusReports.list({ chargePointId: 'FW' });
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((report) => report.jobId !== null)).toBe(true);
  });

  it('links remote starts and stops to the transaction they cause', async () => {
    await using bed = await startTestBed();
    await bed.sim('REMOTE');
    const cp = bed.cs.chargePoint('REMOTE');
    expect((await cp.call('RemoteStartTransaction', { idTag: 'APP', connectorId: 2 })).status).toBe(
      'Accepted',
    );
    const started = await eventually(async () => {
      const [transaction] = await bed.cs.transactions.list({ chargePointId: 'REMOTE' });
      if (!transaction) throw new Error('no transaction yet');
      return transaction;
    });
    expect((await cp.call('RemoteStopTransaction', { transactionId: started.id })).status).toBe('Accepted');
    const [stop, start] = await bed.cs.commands.list({ chargePointId: 'REMOTE' });
    await eventually(async () =>
      expect(await bed.cs.transactions.get(started.id)).toMatchObject({
        remoteStartCommandId: start?.action === 'RemoteStartTransaction' ? start.id : -1,
        remoteStopCommandId: stop?.action === 'RemoteStopTransaction' ? stop.id : -1,
        stopReason: 'Remote',
      }),
    );
  });

  it('logs failed commands with their outcome: CALLERROR, timeout and a socket closed mid-call', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('FAIL');
    const cp = bed.cs.chargePoint('FAIL');
    sim.setBehaviour('UnlockConnector', 'callerror');
    sim.setBehaviour('ClearCache', 'timeout');
    await cp.call('UnlockConnector', { connectorId: 1 }).catch(() => {});
    await cp.call('ClearCache', {}, { timeoutMs: 200 }).catch(() => {});
    sim.setBehaviour('Reset', 'disconnect');
    await cp.call('Reset', { type: 'Soft' }).catch(() => {});
    const log = await bed.cs.commands.list({ chargePointId: 'FAIL' });
    expect(log.map((c) => [c.action, c.status])).toEqual([
      ['Reset', 'Failed'],
      ['ClearCache', 'TimedOut'],
      ['UnlockConnector', 'CallError'],
    ]);
  });
});
