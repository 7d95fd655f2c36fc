import { describe, expect, it } from 'vitest';
import { eventually, startTestBed } from './support/central-system.js';
import { recordMessages } from './support/commands.js';

describe('RemoteStartTransaction', () => {
  it('is Accepted on a free connector, which then goes Preparing → Charging with a StartTransaction', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-RS1');
    const log = recordMessages(bed.cs, 'CP-RS1');
    const started = sim.waitFor('transactionStarted');
    expect(
      await bed.cs
        .chargePoint('CP-RS1')
        .call('RemoteStartTransaction', { idTag: 'DRIVER-1', connectorId: 2 }),
    ).toEqual({ status: 'Accepted' });
    const { transactionId } = await started;
    await eventually(async () => {
      expect(await bed.storage.transactions.get(transactionId)).toMatchObject({
        chargePointId: 'CP-RS1',
        connectorId: 2,
        idTag: 'DRIVER-1',
        stoppedAt: null,
      });
      expect((await bed.storage.connectors.get('CP-RS1', 2))?.status).toBe('Charging');
    });
    expect(log.of('StatusNotification').map((s) => s.status)).toEqual(['Preparing', 'Charging']);
    // AuthorizeRemoteTxRequests is false by default: no Authorize first.
    expect(log.actions()).toEqual(['StatusNotification', 'StartTransaction', 'StatusNotification']);
  });

  it('picks the first free connector when none is named, and refuses when none is free', async () => {
    await using bed = await startTestBed();
    await bed.sim('CP-RS2');
    const cp = bed.cs.chargePoint('CP-RS2');
    for (const connectorId of [1, 2]) {
      expect(await cp.call('RemoteStartTransaction', { idTag: `T${connectorId}` })).toEqual({
        status: 'Accepted',
      });
      await eventually(async () =>
        expect((await bed.storage.transactions.listActive('CP-RS2', connectorId)).length).toBe(1),
      );
    }
    expect(await cp.call('RemoteStartTransaction', { idTag: 'T3' })).toEqual({ status: 'Rejected' });
    expect(await cp.call('RemoteStartTransaction', { idTag: 'T3', connectorId: 1 })).toEqual({
      status: 'Rejected',
    });
  });

  it('refuses a charging profile that is not a TxProfile', async () => {
    await using bed = await startTestBed();
    await bed.sim('CP-RS3');
    expect(
      await bed.cs.chargePoint('CP-RS3').call('RemoteStartTransaction', {
        idTag: 'T',
        connectorId: 1,
        chargingProfile: {
          chargingProfileId: 1,
          stackLevel: 0,
          chargingProfilePurpose: 'TxDefaultProfile',
          chargingProfileKind: 'Relative',
          chargingSchedule: {
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }],
          },
        },
      }),
    ).toEqual({ status: 'Rejected' });
  });

  it('asks Authorize first when AuthorizeRemoteTxRequests is true, and starts nothing for a refused tag', async () => {
    await using bed = await startTestBed({ authorizationPolicy: 'id-tags' });
    await bed.cs.idTags.add({ idTag: 'KNOWN' });
    const sim = await bed.sim('CP-RS4', { configuration: { AuthorizeRemoteTxRequests: 'true' } });
    const log = recordMessages(bed.cs, 'CP-RS4');
    const cp = bed.cs.chargePoint('CP-RS4');

    expect(await cp.call('RemoteStartTransaction', { idTag: 'STRANGER', connectorId: 1 })).toEqual({
      status: 'Accepted',
    });
    await eventually(() =>
      expect(log.of('StatusNotification').map((s) => s.status)).toEqual(['Preparing', 'Available']),
    );
    expect(log.actions()).toEqual(['StatusNotification', 'Authorize', 'StatusNotification']);
    expect(sim.connector(1).busy).toBe(false);

    const started = sim.waitFor('transactionStarted');
    expect(await cp.call('RemoteStartTransaction', { idTag: 'KNOWN', connectorId: 1 })).toEqual({
      status: 'Accepted',
    });
    await started;
    expect(log.actions().slice(3, 5)).toEqual(['StatusNotification', 'Authorize']);
    await eventually(() => expect(log.of('StartTransaction')).toHaveLength(1));
  });
});

describe('RemoteStopTransaction', () => {
  it('stops the transaction with reason Remote, its meter values in transactionData', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-STOP');
    const { transactionId = -1 } = await sim.startTransaction({ connectorId: 1 });
    const cp = bed.cs.chargePoint('CP-STOP');
    expect(await cp.call('RemoteStopTransaction', { transactionId: transactionId + 1000 })).toEqual({
      status: 'Rejected',
    });
    const stopped = sim.waitFor('transactionStopped');
    expect(await cp.call('RemoteStopTransaction', { transactionId })).toEqual({ status: 'Accepted' });
    await stopped;
    await eventually(async () => {
      const tx = await bed.storage.transactions.get(transactionId);
      expect(tx).toMatchObject({ stopReason: 'Remote' });
      expect(tx?.meterStop).toBeGreaterThanOrEqual(tx?.meterStart ?? Infinity);
      const values = await bed.storage.meterValues.list({ transactionId });
      expect(values.map((v) => v.context)).toEqual(
        expect.arrayContaining(['Transaction.Begin', 'Transaction.End']),
      );
      expect((await bed.storage.connectors.get('CP-STOP', 1))?.status).toBe('Available');
    });
  });
});

describe('charge-point-initiated sessions', () => {
  it('authorize, start, periodic meter values with a rising register, stop', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-SESSION', { configuration: { MeterValueSampleInterval: '1' } });
    const log = recordMessages(bed.cs, 'CP-SESSION');
    expect(await sim.authorize('ME')).toEqual({ status: 'Accepted' });
    const { transactionId = -1, idTagInfo } = await sim.startTransaction({ connectorId: 1, idTag: 'ME' });
    expect(idTagInfo.status).toBe('Accepted');
    expect(sim.transactions()).toMatchObject([{ transactionId, connectorId: 1, idTag: 'ME' }]);
    await eventually(async () => {
      const periodic = (await bed.storage.meterValues.list({ transactionId })).filter(
        (v) => v.context === 'Sample.Periodic' && v.measurand === 'Energy.Active.Import.Register',
      );
      expect(periodic.length).toBeGreaterThanOrEqual(2);
    });
    await sim.sendMeterValues(1);
    const stopped = await sim.stopTransaction({ connectorId: 1, reason: 'EVDisconnected' });
    expect(stopped?.transactionId).toBe(transactionId);
    const tx = await bed.storage.transactions.get(transactionId);
    expect(tx).toMatchObject({ stopReason: 'EVDisconnected' });
    expect(tx?.meterStop).toBeGreaterThan(tx?.meterStart ?? Infinity);

    const values = await bed.storage.meterValues.list({ transactionId });
    const registers = values
      .filter((v) => v.measurand === 'Energy.Active.Import.Register' && v.source === 'MeterValues')
      .map((v) => Number(v.value));
    expect(registers).toEqual([...registers].sort((a, b) => a - b));
    const measurands = new Set(values.filter((v) => v.context === 'Sample.Periodic').map((v) => v.measurand));
    expect([...measurands].sort()).toEqual([
      'Current.Import',
      'Energy.Active.Import.Register',
      'Power.Active.Import',
      'SoC',
      'Voltage',
    ]);
    expect(values.filter((v) => v.measurand === 'Current.Import').map((v) => v.phase)).toContain('L3');
    expect(values.some((v) => v.context === 'Trigger')).toBe(true);
    expect(log.actions().slice(0, 4)).toEqual([
      'Authorize',
      'StatusNotification',
      'Authorize',
      'StartTransaction',
    ]);
  });

  it('meter values carry what MeterValuesSampledData says', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-MEAS');
    await bed.cs.chargePoint('CP-MEAS').call('ChangeConfiguration', {
      key: 'MeterValuesSampledData',
      value: 'Power.Active.Import,Temperature',
    });
    await sim.startTransaction({ connectorId: 1, authorize: false });
    await sim.sendMeterValues(1, 'Sample.Clock');
    const values = await bed.storage.meterValues.list({
      chargePointId: 'CP-MEAS',
      from: '2000-01-01T00:00:00Z',
    });
    const clock = values.filter((v) => v.context === 'Sample.Clock');
    expect(clock.map((v) => v.measurand).sort()).toEqual(['Power.Active.Import', 'Temperature']);
  });

  it('sends clock-aligned meter values every ClockAlignedDataInterval seconds, on every connector', async () => {
    await using bed = await startTestBed();
    await bed.sim('CP-ALIGNED');
    await bed.cs
      .chargePoint('CP-ALIGNED')
      .call('ChangeConfiguration', { key: 'ClockAlignedDataInterval', value: '1' });
    await eventually(async () => {
      const values = await bed.storage.meterValues.list({ chargePointId: 'CP-ALIGNED' });
      const clock = values.filter((v) => v.context === 'Sample.Clock');
      expect(new Set(clock.map((v) => v.connectorId))).toEqual(new Set([1, 2]));
      expect(clock.every((v) => v.measurand === 'Energy.Active.Import.Register')).toBe(true);
    });
  });

  it('stops a transaction the central system refuses as DeAuthorized', async () => {
    await using bed = await startTestBed({ authorizationPolicy: 'id-tags' });
    const sim = await bed.sim('CP-DEAUTH');
    const { transactionId = -1, idTagInfo } = await sim.startTransaction({
      connectorId: 1,
      idTag: 'NOBODY',
      authorize: false,
    });
    expect(idTagInfo.status).toBe('Invalid');
    expect(await bed.storage.transactions.get(transactionId)).toMatchObject({ stopReason: 'DeAuthorized' });
    expect(sim.transactions()).toEqual([]);
  });

  it('refuses a start on a busy connector', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-BUSY');
    await sim.startTransaction({ connectorId: 1 });
    await expect(sim.startTransaction({ connectorId: 1 })).rejects.toMatchObject({
      code: 'LEVITY_ERR_INVALID_ARGUMENT',
    });
  });

  it('skips Authorize for a tag the local list accepts when LocalPreAuthorize is on', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-LOCAL', { configuration: { LocalPreAuthorize: 'true' } });
    await bed.cs.chargePoint('CP-LOCAL').call('SendLocalList', {
      listVersion: 1,
      updateType: 'Full',
      localAuthorizationList: [{ idTag: 'LISTED', idTagInfo: { status: 'Accepted' } }],
    });
    const log = recordMessages(bed.cs, 'CP-LOCAL');
    await sim.startTransaction({ connectorId: 1, idTag: 'LISTED' });
    await sim.startTransaction({ connectorId: 2, idTag: 'UNLISTED' });
    expect(log.of('Authorize')).toEqual([{ idTag: 'UNLISTED' }]);
  });
});
