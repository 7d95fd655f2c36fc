import { describe, expect, it } from 'vitest';
import { bootNotification, startTransaction } from './support/fixtures.js';
import { startServer } from './support/server.js';

const waitFor = async (check: () => Promise<boolean> | boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('commands and the state they imply', () => {
  it('logs every call, including refused ones, with params, outcome and times', async () => {
    await using server = await startServer();
    const cp = await server.connect('LOGGED');
    cp.handle('Reset', async () => ({ status: 'Accepted' }));
    await cp.call('BootNotification', bootNotification());
    await server.cs.chargePoint('LOGGED').call('Reset', { type: 'Soft' });
    await server.cs
      .chargePoint('GHOST')
      .call('ClearCache', {})
      .catch(() => {});
    await server.cs
      .chargePoint('LOGGED')
      .call('Reset', { type: 'Nope' } as never)
      .catch(() => {});
    const log = await server.cs.commands.list();
    expect(log.map((c) => [c.chargePointId, c.action, c.status, c.errorCode])).toEqual([
      ['LOGGED', 'Reset', 'Refused', 'LEVITY_ERR_INVALID_PARAMS'],
      ['GHOST', 'ClearCache', 'Refused', 'LEVITY_ERR_NOT_CONNECTED'],
      ['LOGGED', 'Reset', 'Answered', null],
    ]);
    expect(log[2]).toMatchObject({ params: { type: 'Soft' }, response: { status: 'Accepted' } });
  });

  it('records who sent each call: the actor given, or null from the library', async () => {
    await using server = await startServer();
    const cp = await server.connect('AUDITED');
    cp.handle('Reset', async () => ({ status: 'Accepted' }));
    await cp.call('BootNotification', bootNotification());
    const handle = server.cs.chargePoint('AUDITED');
    await handle.call('Reset', { type: 'Soft' }, { actor: 'token:grafana' });
    await handle.call('Reset', { type: 'Hard' });
    await server.cs
      .chargePoint('GHOST')
      .call('ClearCache', {}, { actor: 'api-token' })
      .catch(() => {});
    const log = await server.cs.commands.list();
    expect(log.map((c) => [c.chargePointId, c.action, c.status, c.actor])).toEqual([
      ['GHOST', 'ClearCache', 'Refused', 'api-token'],
      ['AUDITED', 'Reset', 'Answered', null],
      ['AUDITED', 'Reset', 'Answered', 'token:grafana'],
    ]);
    expect((await server.cs.commands.list({ actor: 'token:grafana' })).map((c) => c.params)).toEqual([
      { type: 'Soft' },
    ]);
  });

  it('records the actor of an accept with the TriggerMessage it sends', async () => {
    await using server = await startServer({ bootPolicy: 'pending' });
    const cp = await server.connect('WAITING');
    cp.handle('TriggerMessage', async () => ({ status: 'Accepted' }));
    expect(await cp.call('BootNotification', bootNotification())).toMatchObject({ status: 'Pending' });
    await server.cs.chargePoints.accept('WAITING', { actor: 'token:ops' });
    expect((await server.cs.commands.list()).map((c) => [c.action, c.actor])).toEqual([
      ['TriggerMessage', 'token:ops'],
    ]);
  });

  it('links the transaction a RemoteStartTransaction causes, and the RemoteStopTransaction that ends it', async () => {
    await using server = await startServer();
    const cp = await server.connect('REMOTE');
    await cp.call('BootNotification', bootNotification());
    let transactionId = 0;
    cp.handle('RemoteStartTransaction', async ({ params }) => {
      const { idTag, connectorId } = params as { idTag: string; connectorId: number };
      setImmediate(async () => {
        ({ transactionId } = (await cp.call(
          'StartTransaction',
          startTransaction({ idTag, connectorId }),
        )) as {
          transactionId: number;
        });
      });
      return { status: 'Accepted' };
    });
    cp.handle('RemoteStopTransaction', async ({ params }) => {
      setImmediate(() => {
        cp.call('StopTransaction', {
          transactionId: (params as { transactionId: number }).transactionId,
          meterStop: 2000,
          timestamp: '2025-01-01T11:00:00Z',
          reason: 'Remote',
        }).catch(() => {});
      });
      return { status: 'Accepted' };
    });
    await server.cs
      .chargePoint('REMOTE')
      .call('RemoteStartTransaction', { idTag: 'APP-USER', connectorId: 1 });
    await waitFor(() => transactionId > 0);
    await server.cs.chargePoint('REMOTE').call('RemoteStopTransaction', { transactionId });
    await waitFor(async () => (await server.cs.transactions.get(transactionId))?.stoppedAt !== null);
    const [stop, start] = await server.cs.commands.list({ chargePointId: 'REMOTE' });
    expect(await server.cs.transactions.get(transactionId)).toMatchObject({
      idTag: 'APP-USER',
      remoteStartCommandId: start?.id,
      remoteStopCommandId: stop?.id,
    });
  });

  it('reserves with a Levity-assigned id, and a StartTransaction carrying it uses the reservation', async () => {
    await using server = await startServer();
    const cp = await server.connect('RESERVE');
    await cp.call('BootNotification', bootNotification());
    const sent: unknown[] = [];
    cp.handle('ReserveNow', async ({ params }) => {
      sent.push(params);
      return { status: 'Accepted' };
    });
    const reservation = await server.cs
      .chargePoint('RESERVE')
      .reserve({ connectorId: 2, idTag: 'GUEST', expiryDate: new Date(Date.now() + 3_600_000) });
    expect(reservation).toMatchObject({ status: 'Accepted', connectorId: 2, idTag: 'GUEST' });
    expect(sent).toEqual([expect.objectContaining({ reservationId: reservation.id, connectorId: 2 })]);
    const { transactionId } = (await cp.call(
      'StartTransaction',
      startTransaction({ connectorId: 2, idTag: 'GUEST', reservationId: reservation.id }),
    )) as { transactionId: number };
    expect(await server.cs.reservations.get(reservation.id)).toMatchObject({ status: 'Used', transactionId });
  });

  it('replaces a reservation when ReserveNow is sent again with its reservationId (OCPP 1.6 §5.13)', async () => {
    await using server = await startServer();
    const cp = await server.connect('RESEND');
    await cp.call('BootNotification', bootNotification());
    const answers = ['Accepted', 'Accepted', 'Occupied'];
    cp.handle('ReserveNow', async () => ({ status: answers.shift() ?? 'Rejected' }));
    const handle = server.cs.chargePoint('RESEND');
    const first = await handle.reserve({
      connectorId: 1,
      idTag: 'FIRST',
      parentIdTag: 'FLEET',
      expiryDate: '2030-01-01T10:00:00Z',
    });
    await handle.call('ReserveNow', {
      reservationId: first.id,
      connectorId: 2,
      idTag: 'SECOND',
      expiryDate: '2030-01-01T12:00:00+01:00',
    });
    expect(await server.cs.reservations.get(first.id)).toStrictEqual({
      ...first,
      connectorId: 2,
      idTag: 'SECOND',
      parentIdTag: null,
      expiryDate: '2030-01-01T11:00:00.000Z',
      status: 'Accepted',
      updatedAt: expect.any(String),
    });
    await handle.call('ReserveNow', {
      reservationId: first.id,
      connectorId: 0,
      idTag: 'THIRD',
      parentIdTag: 'OTHERS',
      expiryDate: '2030-01-02T00:00:00Z',
    });
    expect(await server.cs.reservations.get(first.id)).toMatchObject({
      connectorId: 0,
      idTag: 'THIRD',
      parentIdTag: 'OTHERS',
      expiryDate: '2030-01-02T00:00:00.000Z',
      status: 'Occupied',
    });
    expect(await server.cs.reservations.list({ chargePointId: 'RESEND' })).toHaveLength(1);
  });

  it('marks an accepted reservation Expired once its expiry date passed', async () => {
    await using server = await startServer({ reservationSweepMs: 20 });
    const cp = await server.connect('EXPIRE');
    await cp.call('BootNotification', bootNotification());
    cp.handle('ReserveNow', async () => ({ status: 'Accepted' }));
    const reservation = await server.cs
      .chargePoint('EXPIRE')
      .reserve({ connectorId: 1, idTag: 'LATE', expiryDate: new Date(Date.now() + 150) });
    await waitFor(async () => (await server.cs.reservations.get(reservation.id))?.status === 'Expired');
  });

  it('builds full and differential local lists from the id-tag store, kept only when Accepted', async () => {
    await using server = await startServer();
    const cp = await server.connect('LOCAL');
    await cp.call('BootNotification', bootNotification());
    const received: unknown[] = [];
    cp.handle('SendLocalList', async ({ params }) => {
      received.push(params);
      return { status: 'Accepted' };
    });
    await server.cs.idTags.add({ idTag: 'A' });
    await server.cs.idTags.add({ idTag: 'B', status: 'Blocked' });
    await server.cs.chargePoint('LOCAL').sendLocalList({ updateType: 'Full' });
    await server.cs.idTags.remove('A');
    await server.cs.idTags.add({ idTag: 'C', parentIdTag: 'FLEET' });
    await server.cs.chargePoint('LOCAL').sendLocalList({ updateType: 'Differential' });
    expect(received).toEqual([
      {
        listVersion: 1,
        updateType: 'Full',
        localAuthorizationList: [
          { idTag: 'A', idTagInfo: { status: 'Accepted' } },
          { idTag: 'B', idTagInfo: { status: 'Blocked' } },
        ],
      },
      {
        listVersion: 2,
        updateType: 'Differential',
        localAuthorizationList: [
          { idTag: 'C', idTagInfo: { status: 'Accepted', parentIdTag: 'FLEET' } },
          { idTag: 'A' },
        ],
      },
    ]);
    expect(await server.cs.chargePoints.localList('LOCAL')).toMatchObject({
      version: 2,
      entries: [{ idTag: 'B' }, { idTag: 'C' }],
    });
  });

  it('follows a firmware update and a log upload through their status notifications', async () => {
    await using server = await startServer();
    const cp = await server.connect('JOBS');
    await cp.call('BootNotification', bootNotification());
    cp.handle('UpdateFirmware', async () => ({}));
    cp.handle('GetLog', async () => ({ status: 'Accepted', filename: 'security.log' }));
    await server.cs
      .chargePoint('JOBS')
      .call('UpdateFirmware', { location: 'https://fw/2.0.bin', retrieveDate: '2025-01-01T00:00:00Z' });
    await server.cs
      .chargePoint('JOBS')
      .call('GetLog', { logType: 'SecurityLog', requestId: 42, log: { remoteLocation: 'https://logs/' } });
    await cp.call('FirmwareStatusNotification', { status: 'Downloading' });
    await cp.call('LogStatusNotification', { status: 'Uploading', requestId: 42 });
    await cp.call('FirmwareStatusNotification', { status: 'Installed' });
    await cp.call('LogStatusNotification', { status: 'Uploaded', requestId: 42 });
    const jobs = await server.cs.jobs.list({ chargePointId: 'JOBS' });
    expect(jobs.map((j) => [j.kind, j.status, j.finished, j.fileName, j.requestId])).toEqual([
      ['Log', 'Uploaded', true, 'security.log', 42],
      ['Firmware', 'Installed', true, null, null],
    ]);
    // What was asked stays on the job, for the operator who wonders which image it is.
    expect(jobs.map((j) => [j.location, j.retrieveDate])).toEqual([
      ['https://logs/', null],
      ['https://fw/2.0.bin', '2025-01-01T00:00:00.000Z'],
    ]);
    const reports = await server.storage.statusReports.list({ chargePointId: 'JOBS' });
    expect(reports.map((r) => [r.kind, r.status, r.jobId])).toEqual([
      ['Log', 'Uploaded', jobs[0]?.id],
      ['Firmware', 'Installed', jobs[1]?.id],
      ['Log', 'Uploading', jobs[0]?.id],
      ['Firmware', 'Downloading', jobs[1]?.id],
    ]);
  });
});
