import { describe, expect, it } from 'vitest';
import { CallErrorResponse, CallTimeoutError } from '../../errors.js';
import { silentLogger } from '../../logger.js';
import type { CentralSystemAction, Request, Response } from '../../ocpp16/actions.js';
import { MemoryStorage } from '../../storage/memory/memory-storage.js';
import { CommandJournal } from '../command-journal.js';
import { profilesReplacedBy, profilesToClear } from './charging-profiles.js';

const clock = () => new Date('2025-03-01T12:00:00.000Z');

/** Runs a command through the journal as if the charge point answered `response` (or failed with it). */
async function command<A extends CentralSystemAction>(
  storage: MemoryStorage,
  action: A,
  params: Request<A>,
  response: Response<A> | Error,
  chargePointId = 'CP1',
) {
  const journal = new CommandJournal(storage, silentLogger, clock);
  return journal
    .run(chargePointId, action, params, async () => {
      if (response instanceof Error) throw response;
      return response;
    })
    .catch((error: unknown) => error);
}

describe('the command log', () => {
  it('records what was sent and what came back', async () => {
    const storage = new MemoryStorage();
    await command(storage, 'Reset', { type: 'Soft' }, { status: 'Accepted' });
    await command(
      storage,
      'Reset',
      { type: 'Hard' },
      new CallErrorResponse('CP1', 'Reset', 'NotSupported', 'no', {}),
    );
    await command(storage, 'ClearCache', {}, new CallTimeoutError('CP1', 'ClearCache', 100));
    const log = await storage.commands.list({ chargePointId: 'CP1' });
    expect(log.map((c) => [c.action, c.params, c.status, c.response, c.errorCode])).toEqual([
      ['ClearCache', {}, 'TimedOut', null, 'LEVITY_ERR_CALL_TIMEOUT'],
      ['Reset', { type: 'Hard' }, 'CallError', null, 'NotSupported'],
      ['Reset', { type: 'Soft' }, 'Answered', { status: 'Accepted' }, null],
    ]);
    expect(log.every((c) => c.requestedAt === '2025-03-01T12:00:00.000Z' && c.completedAt !== null)).toBe(
      true,
    );
  });
});

describe('configuration', () => {
  it('keeps what GetConfiguration reports, readonly flags and unknown keys included', async () => {
    const storage = new MemoryStorage();
    await command(
      storage,
      'GetConfiguration',
      {},
      {
        configurationKey: [
          { key: 'HeartbeatInterval', readonly: false, value: '300' },
          { key: 'NumberOfConnectors', readonly: true, value: '2' },
        ],
      },
    );
    await command(
      storage,
      'GetConfiguration',
      { key: ['HeartbeatInterval', 'Nonsense'] },
      {
        configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '60' }],
        unknownKey: ['Nonsense'],
      },
    );
    expect(
      (await storage.configuration.list('CP1')).map((k) => [
        k.key,
        k.value,
        k.readonly,
        k.unknown,
        k.rebootRequired,
      ]),
    ).toEqual([
      ['HeartbeatInterval', '60', false, false, false],
      ['Nonsense', null, null, true, false],
      ['NumberOfConnectors', '2', true, false, false],
    ]);
  });

  it('forgets keys a full GetConfiguration no longer reports', async () => {
    const storage = new MemoryStorage();
    await command(
      storage,
      'GetConfiguration',
      {},
      { configurationKey: [{ key: 'A', readonly: false, value: '1' }] },
    );
    await command(
      storage,
      'GetConfiguration',
      {},
      { configurationKey: [{ key: 'B', readonly: false, value: '2' }] },
    );
    expect((await storage.configuration.list('CP1')).map((k) => k.key)).toEqual(['B']);
  });

  it('keeps accepted ChangeConfiguration values and marks those needing a reboot', async () => {
    const storage = new MemoryStorage();
    await command(
      storage,
      'GetConfiguration',
      {},
      { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] },
    );
    await command(
      storage,
      'ChangeConfiguration',
      { key: 'heartbeatinterval', value: '120' },
      { status: 'Accepted' },
    );
    await command(
      storage,
      'ChangeConfiguration',
      { key: 'WebSocketPingInterval', value: '0' },
      { status: 'RebootRequired' },
    );
    await command(
      storage,
      'ChangeConfiguration',
      { key: 'MeterValueSampleInterval', value: '5' },
      { status: 'Rejected' },
    );
    expect(
      (await storage.configuration.list('CP1')).map((k) => [k.key, k.value, k.readonly, k.rebootRequired]),
    ).toEqual([
      ['HeartbeatInterval', '120', false, false],
      ['WebSocketPingInterval', '0', null, true],
    ]);
  });
});

describe('local authorization lists', () => {
  const info = (status: 'Accepted' | 'Blocked') => ({ status });

  it('changes only on Accepted: Full replaces, Differential adds, replaces and removes', async () => {
    const storage = new MemoryStorage();
    await command(
      storage,
      'SendLocalList',
      {
        listVersion: 1,
        updateType: 'Full',
        localAuthorizationList: [
          { idTag: 'A', idTagInfo: info('Accepted') },
          { idTag: 'B', idTagInfo: info('Accepted') },
        ],
      },
      { status: 'Accepted' },
    );
    await command(
      storage,
      'SendLocalList',
      {
        listVersion: 2,
        updateType: 'Differential',
        localAuthorizationList: [{ idTag: 'b' }, { idTag: 'C', idTagInfo: info('Blocked') }],
      },
      { status: 'Accepted' },
    );
    await command(
      storage,
      'SendLocalList',
      { listVersion: 3, updateType: 'Full', localAuthorizationList: [] },
      { status: 'Failed' },
    );
    const list = await storage.localLists.get('CP1');
    expect(list?.version).toBe(2);
    expect(list?.entries.map((e) => [e.idTag, e.idTagInfo.status])).toEqual([
      ['A', 'Accepted'],
      ['C', 'Blocked'],
    ]);
  });

  it('corrects its belief from GetLocalListVersion', async () => {
    const storage = new MemoryStorage();
    await command(
      storage,
      'SendLocalList',
      {
        listVersion: 4,
        updateType: 'Full',
        localAuthorizationList: [{ idTag: 'A', idTagInfo: info('Accepted') }],
      },
      { status: 'Accepted' },
    );
    await command(storage, 'GetLocalListVersion', {}, { listVersion: 0 });
    expect(await storage.localLists.get('CP1')).toMatchObject({ version: 0, entries: [] });
  });
});

describe('reservations', () => {
  it('takes the charge point’s answer as the status, and Failed when there is none', async () => {
    const storage = new MemoryStorage();
    const params = (reservationId: number) => ({
      connectorId: 1,
      expiryDate: '2025-03-01T13:00:00+01:00',
      idTag: 'T',
      reservationId,
    });
    await command(storage, 'ReserveNow', params(10), { status: 'Accepted' });
    await command(storage, 'ReserveNow', params(11), { status: 'Occupied' });
    await command(storage, 'ReserveNow', params(12), new CallTimeoutError('CP1', 'ReserveNow', 1));
    await command(storage, 'CancelReservation', { reservationId: 10 }, { status: 'Accepted' });
    expect((await storage.reservations.list()).map((r) => [r.id, r.status, r.expiryDate])).toEqual([
      [12, 'Failed', '2025-03-01T12:00:00.000Z'],
      [11, 'Occupied', '2025-03-01T12:00:00.000Z'],
      [10, 'Cancelled', '2025-03-01T12:00:00.000Z'],
    ]);
  });
});

describe('charging profiles', () => {
  const profile = (
    chargingProfileId: number,
    stackLevel: number,
    purpose: 'TxDefaultProfile' | 'ChargePointMaxProfile' | 'TxProfile' = 'TxDefaultProfile',
  ) => ({
    chargingProfileId,
    stackLevel,
    chargingProfilePurpose: purpose,
    chargingProfileKind: 'Absolute' as const,
    chargingSchedule: {
      chargingRateUnit: 'A' as const,
      chargingSchedulePeriod: [{ startPeriod: 0, limit: 16.3 }],
    },
  });

  it('installs accepted profiles, replacing the same id or the same stack level and purpose', async () => {
    const storage = new MemoryStorage();
    await command(
      storage,
      'SetChargingProfile',
      { connectorId: 1, csChargingProfiles: profile(1, 0) },
      { status: 'Accepted' },
    );
    await command(
      storage,
      'SetChargingProfile',
      { connectorId: 1, csChargingProfiles: profile(2, 1) },
      { status: 'Accepted' },
    );
    await command(
      storage,
      'SetChargingProfile',
      { connectorId: 1, csChargingProfiles: profile(3, 1) },
      { status: 'Accepted' },
    );
    await command(
      storage,
      'SetChargingProfile',
      { connectorId: 0, csChargingProfiles: profile(4, 0, 'ChargePointMaxProfile') },
      { status: 'Accepted' },
    );
    await command(
      storage,
      'SetChargingProfile',
      { connectorId: 2, csChargingProfiles: profile(5, 0) },
      { status: 'Rejected' },
    );
    expect(
      (await storage.chargingProfiles.list('CP1')).map((p) => [
        p.connectorId,
        p.chargingProfileId,
        p.stackLevel,
      ]),
    ).toEqual([
      [0, 4, 0],
      [1, 1, 0],
      [1, 3, 1],
    ]);
    await command(storage, 'ClearChargingProfile', { connectorId: 1 }, { status: 'Accepted' });
    expect((await storage.chargingProfiles.list('CP1')).map((p) => p.chargingProfileId)).toEqual([4]);
  });

  it('clears with the charge point’s matching rules: an id alone, or every criterion given', () => {
    const installed = [
      { connectorId: 1, chargingProfileId: 1, stackLevel: 0, purpose: 'TxDefaultProfile' as const },
      { connectorId: 1, chargingProfileId: 2, stackLevel: 1, purpose: 'TxProfile' as const },
      { connectorId: 2, chargingProfileId: 3, stackLevel: 1, purpose: 'TxProfile' as const },
    ].map((p) => ({ ...p, chargePointId: 'CP1', transactionId: null, profile: {}, installedAt: '' }));
    expect(profilesToClear(installed, { id: 3, connectorId: 1 })).toEqual([3]);
    expect(profilesToClear(installed, { chargingProfilePurpose: 'TxProfile', stackLevel: 1 })).toEqual([
      2, 3,
    ]);
    expect(profilesToClear(installed, { connectorId: 2, stackLevel: 0 })).toEqual([]);
    expect(profilesToClear(installed, {})).toEqual([1, 2, 3]);
    expect(
      profilesReplacedBy(installed, {
        chargingProfileId: 9,
        connectorId: 2,
        stackLevel: 1,
        purpose: 'TxProfile',
      }),
    ).toEqual([3]);
  });
});

describe('a ReserveNow re-sent with an existing reservationId', () => {
  it('replaces the reservation of that charge point, and leaves another charge point’s alone', async () => {
    const storage = new MemoryStorage();
    await command(
      storage,
      'ReserveNow',
      { reservationId: 5, connectorId: 1, idTag: 'A', parentIdTag: 'P', expiryDate: '2025-03-01T13:00:00Z' },
      { status: 'Accepted' },
    );
    await command(
      storage,
      'ReserveNow',
      { reservationId: 5, connectorId: 2, idTag: 'B', expiryDate: '2025-03-01T14:00:00Z' },
      { status: 'Accepted' },
    );
    await command(
      storage,
      'ReserveNow',
      { reservationId: 5, connectorId: 3, idTag: 'C', expiryDate: '2025-03-01T15:00:00Z' },
      { status: 'Rejected' },
      'CP2',
    );
    expect(await storage.reservations.list()).toMatchObject([
      {
        id: 5,
        chargePointId: 'CP1',
        connectorId: 2,
        idTag: 'B',
        parentIdTag: null,
        expiryDate: '2025-03-01T14:00:00.000Z',
        status: 'Accepted',
      },
    ]);
  });
});

describe('jobs', () => {
  it('opens a job per firmware, diagnostics and log command and settles it from the answer', async () => {
    const storage = new MemoryStorage();
    await command(
      storage,
      'UpdateFirmware',
      { location: 'https://fw/1.bin', retrieveDate: '2025-03-01T12:00:00Z' },
      {},
    );
    await command(storage, 'GetDiagnostics', { location: 'ftp://diag/' }, { fileName: 'diag.zip' });
    await command(storage, 'GetDiagnostics', { location: 'ftp://diag/' }, {});
    await command(
      storage,
      'GetLog',
      { logType: 'SecurityLog', requestId: 7, log: { remoteLocation: 'https://logs/' } },
      { status: 'Rejected' },
    );
    await command(
      storage,
      'UpdateFirmware',
      { location: 'https://fw/2.bin', retrieveDate: '2025-03-01T12:00:00Z' },
      new Error('socket closed'),
    );
    expect(
      (await storage.jobs.list()).map((j) => [j.kind, j.status, j.finished, j.fileName, j.requestId]),
    ).toEqual([
      ['Firmware', 'Failed', true, null, null],
      ['Log', 'Rejected', true, null, 7],
      ['Diagnostics', 'NoDiagnostics', true, null, null],
      ['Diagnostics', 'Accepted', false, 'diag.zip', null],
      ['Firmware', 'Accepted', false, null, null],
    ]);
  });
});
