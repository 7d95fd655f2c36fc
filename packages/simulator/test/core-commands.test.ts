import { describe, expect, it } from 'vitest';
import { eventually, startTestBed } from './support/central-system.js';
import { recordMessages } from './support/commands.js';

describe('ChangeAvailability', () => {
  it('takes an idle connector out of service and back (Unavailable, then Available)', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-AV1');
    const cp = bed.cs.chargePoint('CP-AV1');
    expect(await cp.call('ChangeAvailability', { connectorId: 2, type: 'Inoperative' })).toEqual({
      status: 'Accepted',
    });
    await eventually(async () =>
      expect((await bed.storage.connectors.get('CP-AV1', 2))?.status).toBe('Unavailable'),
    );
    expect(sim.connector(2).availability).toBe('Inoperative');
    // A connector out of service refuses a remote start.
    expect(await cp.call('RemoteStartTransaction', { idTag: 'T', connectorId: 2 })).toEqual({
      status: 'Rejected',
    });
    expect(await cp.call('ChangeAvailability', { connectorId: 2, type: 'Operative' })).toEqual({
      status: 'Accepted',
    });
    await eventually(async () =>
      expect((await bed.storage.connectors.get('CP-AV1', 2))?.status).toBe('Available'),
    );
  });

  it('answers Scheduled on a connector with a transaction, and applies the change when it ends', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-AV2');
    const cp = bed.cs.chargePoint('CP-AV2');
    const { transactionId } = await sim.startTransaction({ connectorId: 1 });
    expect(await cp.call('ChangeAvailability', { connectorId: 1, type: 'Inoperative' })).toEqual({
      status: 'Scheduled',
    });
    expect(sim.connector(1).availability).toBe('Operative');
    expect(await cp.call('RemoteStopTransaction', { transactionId: transactionId ?? -1 })).toEqual({
      status: 'Accepted',
    });
    await eventually(async () =>
      expect((await bed.storage.connectors.get('CP-AV2', 1))?.status).toBe('Unavailable'),
    );
    expect(sim.connector(1).availability).toBe('Inoperative');
  });

  it('on connector 0 takes the whole charge point out of service', async () => {
    await using bed = await startTestBed();
    await bed.sim('CP-AV3');
    const cp = bed.cs.chargePoint('CP-AV3');
    expect(await cp.call('ChangeAvailability', { connectorId: 0, type: 'Inoperative' })).toEqual({
      status: 'Accepted',
    });
    await eventually(async () => {
      expect((await bed.storage.chargePoints.get('CP-AV3'))?.status).toBe('Unavailable');
      expect((await bed.storage.connectors.list('CP-AV3')).map((c) => c.status)).toEqual([
        'Unavailable',
        'Unavailable',
      ]);
    });
  });

  it('rejects a connector that does not exist', async () => {
    await using bed = await startTestBed();
    await bed.sim('CP-AV4');
    expect(
      await bed.cs.chargePoint('CP-AV4').call('ChangeAvailability', { connectorId: 3, type: 'Inoperative' }),
    ).toEqual({ status: 'Rejected' });
  });
});

describe('ChangeConfiguration and GetConfiguration', () => {
  it('change a key and read it back; refuse read-only, unknown and invalid values', async () => {
    await using bed = await startTestBed();
    await bed.sim('CP-CFG', { connectors: 3 });
    const cp = bed.cs.chargePoint('CP-CFG');
    expect(await cp.call('ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '15' })).toEqual({
      status: 'Accepted',
    });
    expect(await cp.call('ChangeConfiguration', { key: 'NumberOfConnectors', value: '5' })).toEqual({
      status: 'Rejected',
    });
    expect(await cp.call('ChangeConfiguration', { key: 'HeartbeatInterval', value: 'soon' })).toEqual({
      status: 'Rejected',
    });
    expect(await cp.call('ChangeConfiguration', { key: 'Frobnication', value: '1' })).toEqual({
      status: 'NotSupported',
    });
    expect(await cp.call('ChangeConfiguration', { key: 'WebSocketPingInterval', value: '30' })).toEqual({
      status: 'RebootRequired',
    });
    expect(
      await cp.call('GetConfiguration', {
        key: ['MeterValueSampleInterval', 'NumberOfConnectors', 'Frobnication'],
      }),
    ).toEqual({
      configurationKey: [
        { key: 'MeterValueSampleInterval', readonly: false, value: '15' },
        { key: 'NumberOfConnectors', readonly: true, value: '3' },
      ],
      unknownKey: ['Frobnication'],
    });
  });

  it('GetConfiguration without keys returns every key, HeartbeatInterval as the boot told it', async () => {
    await using bed = await startTestBed({ heartbeatIntervalSeconds: 77 });
    await bed.sim('CP-CFG2');
    const { configurationKey = [], unknownKey } = await bed.cs
      .chargePoint('CP-CFG2')
      .call('GetConfiguration', {});
    expect(unknownKey).toBeUndefined();
    const keys = new Map(configurationKey.map((entry) => [entry.key, entry]));
    expect(keys.get('HeartbeatInterval')).toEqual({ key: 'HeartbeatInterval', readonly: false, value: '77' });
    for (const key of [
      'ConnectionTimeOut',
      'AuthorizeRemoteTxRequests',
      'LocalAuthListEnabled',
      'LocalAuthListMaxLength',
      'SendLocalListMaxLength',
      'ChargeProfileMaxStackLevel',
      'ClockAlignedDataInterval',
      'MeterValuesSampledData',
      'SupportedFeatureProfiles',
    ]) {
      expect(keys.has(key), key).toBe(true);
    }
  });
});

describe('ClearCache, DataTransfer, UnlockConnector', () => {
  it('ClearCache empties the authorization cache', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-CC');
    await sim.authorize('CACHED');
    expect(sim.state.authorizationCache.get('CACHED')).toEqual({ status: 'Accepted' });
    expect(await bed.cs.chargePoint('CP-CC').call('ClearCache', {})).toEqual({ status: 'Accepted' });
    expect(sim.state.authorizationCache.size).toBe(0);
  });

  it('DataTransfer answers UnknownVendorId unless the vendor is configured', async () => {
    await using bed = await startTestBed();
    await bed.sim('CP-DT', {
      dataTransfer: {
        'com.acme': ({ messageId, data }) => ({ status: 'Accepted', data: `${messageId}:${data}` }),
      },
    });
    const cp = bed.cs.chargePoint('CP-DT');
    expect(await cp.call('DataTransfer', { vendorId: 'com.other' })).toEqual({ status: 'UnknownVendorId' });
    expect(await cp.call('DataTransfer', { vendorId: 'com.acme', messageId: 'Echo', data: 'hi' })).toEqual({
      status: 'Accepted',
      data: 'Echo:hi',
    });
  });

  it('UnlockConnector stops the transaction there (UnlockCommand), then unlocks', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-UL');
    const cp = bed.cs.chargePoint('CP-UL');
    const { transactionId } = await sim.startTransaction({ connectorId: 2 });
    expect(await cp.call('UnlockConnector', { connectorId: 2 })).toEqual({ status: 'Unlocked' });
    const stored = await bed.storage.transactions.get(transactionId ?? -1);
    expect(stored).toMatchObject({ stopReason: 'UnlockCommand' });
    expect(await cp.call('UnlockConnector', { connectorId: 9 })).toEqual({ status: 'NotSupported' });
  });
});

describe('Reset', () => {
  it.each(['Soft', 'Hard'] as const)(
    '%s: Accepted, stops the running transaction, reconnects and boots again',
    async (type) => {
      await using bed = await startTestBed();
      const sim = await bed.sim(`CP-RST-${type}`);
      const id = sim.id;
      const log = recordMessages(bed.cs, id);
      const { transactionId } = await sim.startTransaction({ connectorId: 1 });
      const rebooted = sim.waitFor('booted');
      expect(await bed.cs.chargePoint(id).call('Reset', { type })).toEqual({ status: 'Accepted' });
      await rebooted;
      await eventually(async () => {
        expect(await bed.storage.transactions.get(transactionId ?? -1)).toMatchObject({
          stopReason: `${type}Reset`,
        });
        // The stop, then the boot, then every connector's status (0, 1, 2).
        const actions = log.actions();
        const boot = actions.indexOf('BootNotification');
        expect(boot).toBeGreaterThan(actions.indexOf('StopTransaction'));
        expect(actions.slice(boot + 1)).toEqual([
          'StatusNotification',
          'StatusNotification',
          'StatusNotification',
        ]);
      });
      expect(bed.cs.connectedChargePoints()).toContain(id);
      expect((await bed.storage.connectors.get(id, 1))?.status).toBe('Available');
    },
  );

  it('applies configuration changes that needed a reboot', async () => {
    await using bed = await startTestBed();
    const sim = await bed.sim('CP-RST-CFG');
    const cp = bed.cs.chargePoint('CP-RST-CFG');
    await cp.call('ChangeConfiguration', { key: 'WebSocketPingInterval', value: '45' });
    const rebooted = sim.waitFor('booted');
    await cp.call('Reset', { type: 'Soft' });
    await rebooted;
    expect(sim.state.configuration.get('WebSocketPingInterval')).toBe('45');
  });
});
