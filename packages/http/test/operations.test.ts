import type { CommandRecord, JobRecord, ReservationRecord } from '@levity/core';
import { describe, expect, it } from 'vitest';
import type { ApiServer } from './support/api-server.js';
import { startApi } from './support/api-server.js';

type Items<T = Record<string, unknown>> = { items: T[]; nextCursor?: string | null };

const AT = '2025-01-31T12:00:00.000Z';
const LATER = '2025-01-31T12:00:05.000Z';

/** Logs `Reset` commands for CP001 (odd ids answered, even ones timed out) and one `ClearCache` for CP002. */
async function logCommands(api: ApiServer): Promise<CommandRecord[]> {
  const records: CommandRecord[] = [];
  for (let i = 1; i <= 5; i++) {
    const { id } = await api.storage.commands.add({
      chargePointId: 'CP001',
      action: 'Reset',
      params: { type: 'Soft' },
      requestedAt: `2025-01-31T12:00:0${i}.000Z`,
    });
    const done = await api.storage.commands.complete(
      id,
      i % 2 === 1
        ? { status: 'Answered', response: { status: 'Accepted' }, at: LATER }
        : { status: 'TimedOut', errorCode: 'LEVITY_ERR_TIMEOUT', errorDescription: 'no answer', at: LATER },
    );
    records.push(done as CommandRecord);
  }
  records.push(
    await api.storage.commands.add({
      chargePointId: 'CP002',
      action: 'ClearCache',
      params: {},
      requestedAt: '2025-01-31T12:00:09.000Z',
    }),
  );
  return records;
}

describe('GET /api/commands', () => {
  it('lists the command log newest first, filtered and cursor-paged', async () => {
    await using api = await startApi();
    const records = await logCommands(api);
    const [first, , , , fifth, clearCache] = records as [CommandRecord, ...CommandRecord[]];

    const all = await api.get<Items<CommandRecord>>('/api/commands');
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ items: [...records].reverse(), nextCursor: null });
    expect(all.body.items[0]).toEqual({
      id: clearCache?.id,
      chargePointId: 'CP002',
      action: 'ClearCache',
      params: {},
      requestedAt: '2025-01-31T12:00:09.000Z',
      actor: null,
      nodeId: null,
      status: 'Pending',
      response: null,
      errorCode: null,
      errorDescription: null,
      completedAt: null,
    });
    expect(all.body.items.at(-1)).toEqual({
      id: first.id,
      chargePointId: 'CP001',
      action: 'Reset',
      params: { type: 'Soft' },
      requestedAt: '2025-01-31T12:00:01.000Z',
      actor: null,
      nodeId: null,
      status: 'Answered',
      response: { status: 'Accepted' },
      errorCode: null,
      errorDescription: null,
      completedAt: LATER,
    });

    const ids = async (url: string) =>
      (await api.get<Items<CommandRecord>>(url)).body.items.map((item) => item.id);
    const [c1, c2, c3, c4, c5, c6] = records.map((record) => record.id);
    expect(await ids('/api/commands?chargePointId=CP002')).toEqual([c6]);
    expect(await ids('/api/commands?action=Reset&status=Answered')).toEqual([c5, c3, c1]);
    expect(await ids('/api/commands?status=TimedOut')).toEqual([c4, c2]);
    expect(await ids('/api/commands?status=Pending')).toEqual([c6]);
    expect(await ids('/api/commands?from=2025-01-31T13:00:03%2B01:00&action=Reset')).toEqual([c5, c4, c3]);

    // Pages of 2 through the five resets, the filters kept.
    const page1 = await api.get<Items<CommandRecord>>('/api/commands?action=Reset&limit=2');
    expect(page1.body.items.map((item) => item.id)).toEqual([c5, c4]);
    expect(page1.body.items[0]).toEqual(fifth);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await api.get<Items<CommandRecord>>(
      `/api/commands?action=Reset&limit=2&cursor=${page1.body.nextCursor}`,
    );
    expect(page2.body.items.map((item) => item.id)).toEqual([c3, c2]);
    const page3 = await api.get<Items<CommandRecord>>(
      `/api/commands?action=Reset&limit=2&cursor=${page2.body.nextCursor}`,
    );
    expect(page3.body).toEqual({ items: [first], nextCursor: null });
    // A page that ends exactly at the last command has no next one.
    expect((await api.get<Items>('/api/commands?action=Reset&limit=5')).body.nextCursor).toBeNull();
  });

  it('answers 400 on bad query values', async () => {
    await using api = await startApi();
    for (const [query, field] of [
      ['status=Done', 'querystring/status'],
      ['limit=0', 'querystring/limit'],
      ['limit=501', 'querystring/limit'],
      ['limit=abc', 'querystring/limit'],
      ['from=yesterday', 'querystring/from'],
      ['cursor=not-a-cursor', 'querystring/cursor'],
      ['action=', 'querystring/action'],
      ['chargePoint=CP001', 'querystring/chargePoint'],
    ] as const) {
      const { status, body } = await api.get(`/api/commands?${query}`);
      expect(status, query).toBe(400);
      expect(body, query).toMatchObject({
        statusCode: 400,
        code: 'LEVITY_ERR_INVALID_REQUEST',
        field: expect.stringContaining(field),
      });
    }
  });
});

describe('GET /api/commands/{id}', () => {
  it('shows one command, 404 for an unknown one, 400 for an id that is no id', async () => {
    await using api = await startApi();
    const records = await logCommands(api);
    const second = records[1] as CommandRecord;
    expect(await api.get(`/api/commands/${second.id}`)).toEqual({
      status: 200,
      body: {
        id: second.id,
        chargePointId: 'CP001',
        action: 'Reset',
        params: { type: 'Soft' },
        requestedAt: '2025-01-31T12:00:02.000Z',
        actor: null,
        nodeId: null,
        status: 'TimedOut',
        response: null,
        errorCode: 'LEVITY_ERR_TIMEOUT',
        errorDescription: 'no answer',
        completedAt: LATER,
      },
    });
    expect(await api.get('/api/commands/999')).toMatchObject({
      status: 404,
      body: { code: 'LEVITY_ERR_NOT_FOUND', message: 'command 999 is unknown' },
    });
    for (const id of ['0', 'abc', '1.5']) {
      expect(await api.get(`/api/commands/${id}`), id).toMatchObject({
        status: 400,
        body: { field: 'params/id' },
      });
    }
  });
});

describe('GET /api/reservations', () => {
  it('lists reservations newest first, filtered by charge point and status', async () => {
    await using api = await startApi();
    const reserve = (chargePointId: string, idTag: string) =>
      api.storage.reservations.create({
        chargePointId,
        connectorId: 1,
        idTag,
        parentIdTag: null,
        expiryDate: '2025-01-31T13:00:00.000Z',
        createdAt: AT,
      });
    const r1 = await reserve('CP001', 'TAG1');
    const r2 = await reserve('CP001', 'TAG2');
    const r3 = await api.storage.reservations.create({
      id: 42,
      chargePointId: 'CP002',
      connectorId: 2,
      idTag: 'TAG3',
      parentIdTag: 'FLEET',
      expiryDate: '2025-01-31T14:00:00.000Z',
      createdAt: AT,
    });
    const accepted = await api.storage.reservations.update(r1.id, { status: 'Accepted' }, LATER);

    const all = await api.get<Items<ReservationRecord>>('/api/reservations');
    expect(all).toEqual({ status: 200, body: { items: [r3, r2, accepted] } });
    expect(all.body.items[0]).toEqual({
      id: 42,
      chargePointId: 'CP002',
      connectorId: 2,
      idTag: 'TAG3',
      parentIdTag: 'FLEET',
      expiryDate: '2025-01-31T14:00:00.000Z',
      status: 'Requested',
      transactionId: null,
      createdAt: AT,
      updatedAt: AT,
    });
    expect((await api.get<Items>('/api/reservations?chargePointId=CP001')).body.items).toEqual([
      r2,
      accepted,
    ]);
    expect((await api.get<Items>('/api/reservations?status=Accepted')).body.items).toEqual([accepted]);
    expect(
      (await api.get<Items>('/api/reservations?chargePointId=CP002&status=Accepted')).body.items,
    ).toEqual([]);
    expect((await api.get<Items>('/api/reservations?limit=1')).body.items).toEqual([r3]);

    for (const [query, field] of [
      ['status=Pending', 'querystring/status'],
      ['limit=1001', 'querystring/limit'],
      ['chargePointId=', 'querystring/chargePointId'],
      ['idTag=TAG1', 'querystring/idTag'],
    ] as const) {
      expect(await api.get(`/api/reservations?${query}`), query).toMatchObject({
        status: 400,
        body: { field: expect.stringContaining(field) },
      });
    }
  });
});

describe('GET /api/firmware-jobs', () => {
  it('lists jobs of every kind newest first, filtered by charge point, kind and open', async () => {
    await using api = await startApi();
    const job = async (chargePointId: string, kind: JobRecord['kind'], requestId: number | null) => {
      const { id: commandId } = await api.storage.commands.add({
        chargePointId,
        action: 'UpdateFirmware',
        params: {},
        requestedAt: AT,
      });
      return api.storage.jobs.create({
        chargePointId,
        kind,
        commandId,
        requestId,
        status: 'Requested',
        location: 'https://fw.example.com/2.0.bin',
        retrieveDate: AT,
        installDate: null,
        startTime: null,
        stopTime: null,
        retries: 3,
        retryInterval: 30,
        createdAt: AT,
      });
    };
    const firmware = await job('CP001', 'Firmware', null);
    const diagnostics = await job('CP001', 'Diagnostics', null);
    const log = await job('CP002', 'Log', 7);
    const signed = await job('CP002', 'SignedFirmware', 8);
    const uploaded = await api.storage.jobs.update(
      diagnostics.id,
      { status: 'Uploaded', finished: true, fileName: 'diag.zip' },
      LATER,
    );

    const all = await api.get<Items<JobRecord>>('/api/firmware-jobs');
    expect(all).toEqual({ status: 200, body: { items: [signed, log, uploaded, firmware] } });
    expect(all.body.items[2]).toEqual({
      id: diagnostics.id,
      chargePointId: 'CP001',
      kind: 'Diagnostics',
      commandId: diagnostics.commandId,
      requestId: null,
      status: 'Uploaded',
      location: 'https://fw.example.com/2.0.bin',
      retrieveDate: AT,
      installDate: null,
      startTime: null,
      stopTime: null,
      retries: 3,
      retryInterval: 30,
      fileName: 'diag.zip',
      finished: true,
      createdAt: AT,
      updatedAt: LATER,
    });
    const ids = async (query: string) =>
      (await api.get<Items<JobRecord>>(`/api/firmware-jobs?${query}`)).body.items.map((item) => item.id);
    expect(await ids('kind=Log')).toEqual([log.id]);
    expect(await ids('kind=SignedFirmware')).toEqual([signed.id]);
    expect(await ids('chargePointId=CP001')).toEqual([diagnostics.id, firmware.id]);
    expect(await ids('open=true')).toEqual([signed.id, log.id, firmware.id]);
    expect(await ids('open=false')).toEqual([diagnostics.id]);
    expect(await ids('chargePointId=CP001&kind=Firmware&open=true')).toEqual([firmware.id]);
    expect(await ids('limit=2')).toEqual([signed.id, log.id]);

    for (const [query, field] of [
      ['kind=Boot', 'querystring/kind'],
      ['open=maybe', 'querystring/open'],
      ['limit=0', 'querystring/limit'],
      ['status=Requested', 'querystring/status'],
    ] as const) {
      expect(await api.get(`/api/firmware-jobs?${query}`), query).toMatchObject({
        status: 400,
        body: { field: expect.stringContaining(field) },
      });
    }
  });
});

describe('what a job asked for', () => {
  it('shows the firmware URL, upload locations, dates and retries each command asked for', async () => {
    await using api = await startApi();
    const cp = await api.connect('CP001');
    await cp.call('BootNotification', { chargePointVendor: 'Levity', chargePointModel: 'HTTP-1' });
    cp.handle('UpdateFirmware', async () => ({}));
    cp.handle('GetDiagnostics', async () => ({ fileName: 'diag.zip' }));
    cp.handle('GetLog', async () => ({ status: 'Accepted' }));
    cp.handle('SignedUpdateFirmware', async () => ({ status: 'Accepted' }));
    const send = async (action: string, payload: Record<string, unknown>) => {
      const response = await api.request({
        method: 'POST',
        url: `/api/charge-points/CP001/commands/${action}`,
        payload,
      });
      expect(response.statusCode, action).toBe(200);
    };
    await send('UpdateFirmware', {
      location: 'https://fw.example.com/cp-2.4.1.bin',
      retrieveDate: '2025-02-01T03:00:00+01:00',
      retries: 5,
      retryInterval: 600,
    });
    await send('GetDiagnostics', {
      location: 'ftp://uploads.example.com/diag/',
      startTime: '2025-01-30T00:00:00Z',
      stopTime: '2025-01-31T00:00:00.5Z',
    });
    await send('GetLog', {
      logType: 'SecurityLog',
      requestId: 7,
      retries: 1,
      log: { remoteLocation: 'https://logs.example.com/', oldestTimestamp: '2025-01-01T00:00:00Z' },
    });
    await send('SignedUpdateFirmware', {
      requestId: 8,
      firmware: {
        location: 'https://fw.example.com/signed-2.5.bin',
        retrieveDateTime: '2025-02-02T00:00:00Z',
        installDateTime: '2025-02-03T00:00:00Z',
        signingCertificate: '-----BEGIN CERTIFICATE-----',
        signature: 'c2lnbmF0dXJl',
      },
    });

    const { body } = await api.get<Items<JobRecord>>('/api/firmware-jobs?chargePointId=CP001');
    const asked = body.items.map(
      ({ kind, location, retrieveDate, installDate, startTime, stopTime, retries, retryInterval }) => ({
        kind,
        location,
        retrieveDate,
        installDate,
        startTime,
        stopTime,
        retries,
        retryInterval,
      }),
    );
    const none = { retrieveDate: null, installDate: null, startTime: null, stopTime: null };
    expect(asked).toEqual([
      {
        ...none,
        kind: 'SignedFirmware',
        location: 'https://fw.example.com/signed-2.5.bin',
        retrieveDate: '2025-02-02T00:00:00.000Z',
        installDate: '2025-02-03T00:00:00.000Z',
        retries: null,
        retryInterval: null,
      },
      {
        ...none,
        kind: 'Log',
        location: 'https://logs.example.com/',
        startTime: '2025-01-01T00:00:00.000Z',
        retries: 1,
        retryInterval: null,
      },
      {
        ...none,
        kind: 'Diagnostics',
        location: 'ftp://uploads.example.com/diag/',
        startTime: '2025-01-30T00:00:00.000Z',
        stopTime: '2025-01-31T00:00:00.500Z',
        retries: null,
        retryInterval: null,
      },
      {
        ...none,
        kind: 'Firmware',
        location: 'https://fw.example.com/cp-2.4.1.bin',
        retrieveDate: '2025-02-01T02:00:00.000Z',
        retries: 5,
        retryInterval: 600,
      },
    ]);
  });
});

describe('a charge point’s configuration, charging profiles and local list', () => {
  it('answers what Levity knows of it', async () => {
    await using api = await startApi();
    await api.cs.chargePoints.accept('CP001');
    await api.cs.chargePoints.accept('CP002');
    await api.storage.configuration.upsert(
      'CP001',
      [
        {
          key: 'MeterValueSampleInterval',
          value: '60',
          readonly: false,
          unknown: false,
          rebootRequired: false,
        },
        { key: 'HeartbeatInterval', value: '300', readonly: null, unknown: false, rebootRequired: true },
        { key: 'NoSuchKey', value: null, readonly: null, unknown: true, rebootRequired: false },
      ],
      AT,
    );
    const profile = {
      chargingProfileId: 3,
      stackLevel: 1,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Absolute',
      chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
    };
    await api.storage.chargingProfiles.put({
      chargePointId: 'CP001',
      connectorId: 1,
      chargingProfileId: 3,
      stackLevel: 1,
      purpose: 'TxDefaultProfile',
      transactionId: null,
      profile,
      installedAt: AT,
    });
    await api.storage.chargingProfiles.put({
      chargePointId: 'CP001',
      connectorId: 0,
      chargingProfileId: 9,
      stackLevel: 0,
      purpose: 'ChargePointMaxProfile',
      transactionId: null,
      profile: { chargingProfileId: 9 },
      installedAt: LATER,
    });
    await api.storage.localLists.replace(
      'CP001',
      4,
      [
        { idTag: 'TAG2', idTagInfo: { status: 'Blocked', expiryDate: null, parentIdTag: null } },
        {
          idTag: 'TAG1',
          idTagInfo: { status: 'Accepted', expiryDate: '2026-01-01T00:00:00.000Z', parentIdTag: 'FLEET' },
        },
      ],
      AT,
    );

    expect(await api.get('/api/charge-points/CP001/configuration')).toEqual({
      status: 200,
      body: {
        items: [
          {
            chargePointId: 'CP001',
            key: 'HeartbeatInterval',
            value: '300',
            readonly: null,
            unknown: false,
            rebootRequired: true,
            updatedAt: AT,
          },
          {
            chargePointId: 'CP001',
            key: 'MeterValueSampleInterval',
            value: '60',
            readonly: false,
            unknown: false,
            rebootRequired: false,
            updatedAt: AT,
          },
          {
            chargePointId: 'CP001',
            key: 'NoSuchKey',
            value: null,
            readonly: null,
            unknown: true,
            rebootRequired: false,
            updatedAt: AT,
          },
        ],
      },
    });
    expect(await api.get('/api/charge-points/CP001/charging-profiles')).toEqual({
      status: 200,
      body: {
        items: [
          {
            chargePointId: 'CP001',
            connectorId: 0,
            chargingProfileId: 9,
            stackLevel: 0,
            purpose: 'ChargePointMaxProfile',
            transactionId: null,
            profile: { chargingProfileId: 9 },
            installedAt: LATER,
          },
          {
            chargePointId: 'CP001',
            connectorId: 1,
            chargingProfileId: 3,
            stackLevel: 1,
            purpose: 'TxDefaultProfile',
            transactionId: null,
            profile,
            installedAt: AT,
          },
        ],
      },
    });
    expect(await api.get('/api/charge-points/CP001/local-list')).toEqual({
      status: 200,
      body: {
        chargePointId: 'CP001',
        version: 4,
        entries: [
          {
            idTag: 'TAG1',
            idTagInfo: { status: 'Accepted', expiryDate: '2026-01-01T00:00:00.000Z', parentIdTag: 'FLEET' },
          },
          { idTag: 'TAG2', idTagInfo: { status: 'Blocked', expiryDate: null, parentIdTag: null } },
        ],
        updatedAt: AT,
      },
    });

    // A known charge point Levity has learned nothing of.
    expect(await api.get('/api/charge-points/CP002/configuration')).toEqual({
      status: 200,
      body: { items: [] },
    });
    expect(await api.get('/api/charge-points/CP002/charging-profiles')).toEqual({
      status: 200,
      body: { items: [] },
    });
    expect(await api.get('/api/charge-points/CP002/local-list')).toMatchObject({
      status: 404,
      body: { code: 'LEVITY_ERR_NOT_FOUND', message: 'no local list of charge point CP002 is known' },
    });
  });

  it('answers 404 for an unknown charge point, even with state stored for it', async () => {
    await using api = await startApi();
    await api.storage.localLists.replace('GHOST', 1, [], AT);
    for (const path of ['configuration', 'charging-profiles', 'local-list']) {
      expect(await api.get(`/api/charge-points/GHOST/${path}`), path).toMatchObject({
        status: 404,
        body: { statusCode: 404, code: 'LEVITY_ERR_NOT_FOUND', message: 'charge point GHOST is unknown' },
      });
    }
  });
});

describe('authentication', () => {
  it('answers 401 without a token on every route', async () => {
    await using api = await startApi();
    await api.cs.chargePoints.accept('CP001');
    for (const url of [
      '/api/commands',
      '/api/commands/1',
      '/api/reservations',
      '/api/firmware-jobs',
      '/api/charge-points/CP001/configuration',
      '/api/charge-points/CP001/charging-profiles',
      '/api/charge-points/CP001/local-list',
      '/api/commands?status=Done',
    ]) {
      const response = await api.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(401);
      expect(response.json()).toMatchObject({ code: 'LEVITY_ERR_UNAUTHORIZED' });
    }
  });
});
