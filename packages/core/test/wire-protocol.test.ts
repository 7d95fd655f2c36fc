import { describe, expect, it } from 'vitest';
import { bootNotification } from './support/fixtures.js';
import { startServer } from './support/server.js';

const head = (frame: unknown, n: number) => (frame as unknown[]).slice(0, n);
const call = (id: string, action: string, payload: unknown) => JSON.stringify([2, id, action, payload]);

describe('OCPP-J framing over a raw socket', () => {
  it('answers text that is not JSON with FormationViolation and an object errorDetails', async () => {
    await using server = await startServer();
    const socket = await server.raw('RAW1');
    socket.send('this is not json');
    expect(await socket.next()).toEqual([4, '-1', 'FormationViolation', 'Message is not valid JSON', {}]);
  });

  it('answers JSON that is not an array with FormationViolation', async () => {
    await using server = await startServer();
    const socket = await server.raw('RAW1');
    socket.send('{"hello":"world"}');
    expect(head(await socket.next(), 3)).toEqual([4, '-1', 'FormationViolation']);
  });

  it('ignores a message type id other than 2, 3 and 4 (J §4.1.3)', async () => {
    await using server = await startServer();
    const socket = await server.raw('RAW1');
    socket.send(JSON.stringify([7, 'm1', 'Heartbeat', {}]));
    socket.send(JSON.stringify([5, 'm2']));
    await socket.expectSilence(300);
    socket.send(call('m3', 'Heartbeat', {}));
    expect(head(await socket.next(), 3)).toEqual([3, 'm3', { currentTime: expect.any(String) }]);
  });

  it('answers a message id longer than 36 characters with FormationViolation', async () => {
    await using server = await startServer();
    const socket = await server.raw('RAW1');
    const id = 'x'.repeat(37);
    socket.send(call(id, 'Heartbeat', {}));
    expect(head(await socket.next(), 3)).toEqual([4, id, 'FormationViolation']);
  });

  it('answers a message id that is not a string with FormationViolation', async () => {
    await using server = await startServer();
    const socket = await server.raw('RAW1');
    socket.send(JSON.stringify([2, 42, 'Heartbeat', {}]));
    expect(head(await socket.next(), 3)).toEqual([4, '-1', 'FormationViolation']);
  });

  it('answers a CALL without payload with ProtocolError', async () => {
    await using server = await startServer();
    const socket = await server.raw('RAW1');
    socket.send(JSON.stringify([2, 'm1', 'Heartbeat']));
    expect(head(await socket.next(), 3)).toEqual([4, 'm1', 'ProtocolError']);
  });

  it('answers a CALL whose action is not a string with FormationViolation', async () => {
    await using server = await startServer();
    const socket = await server.raw('RAW1');
    socket.send(JSON.stringify([2, 'm1', 12, {}]));
    expect(head(await socket.next(), 3)).toEqual([4, 'm1', 'FormationViolation']);
  });

  it('never answers a CALLRESULT or CALLERROR it did not ask for', async () => {
    await using server = await startServer();
    const socket = await server.raw('RAW1');
    socket.send(JSON.stringify([3, 'unknown', {}]));
    socket.send(JSON.stringify([4, 'unknown', 'GenericError', '', {}]));
    socket.send(JSON.stringify([3, 12345]));
    await socket.expectSilence(300);
  });

  it('answers an unknown action with NotImplemented', async () => {
    await using server = await startServer();
    const socket = await server.raw('RAW1');
    socket.send(call('m1', 'FlyToTheMoon', {}));
    expect(await socket.next()).toEqual([4, 'm1', 'NotImplemented', 'Unknown action: FlyToTheMoon', {}]);
  });

  it('answers an action only a central system sends with NotSupported', async () => {
    await using server = await startServer();
    const socket = await server.raw('RAW1');
    socket.send(call('m1', 'Reset', { type: 'Soft' }));
    expect(head(await socket.next(), 3)).toEqual([4, 'm1', 'NotSupported']);
  });
});

describe('schema violations get the OCPP-J 1.6 error codes', () => {
  const cases: [string, string, unknown, string, string][] = [
    [
      'a missing required field',
      'BootNotification',
      { chargePointVendor: 'V' },
      'OccurenceConstraintViolation',
      '/chargePointModel',
    ],
    [
      'a field of the wrong JSON type',
      'BootNotification',
      { chargePointVendor: 5, chargePointModel: 'M' },
      'TypeConstraintViolation',
      '/chargePointVendor',
    ],
    [
      'a string longer than its CiString type',
      'BootNotification',
      bootNotification({ chargePointVendor: 'V'.repeat(21) }),
      'PropertyConstraintViolation',
      '/chargePointVendor',
    ],
    [
      'a value outside its enumeration',
      'StatusNotification',
      { connectorId: 1, errorCode: 'NoError', status: 'Sleeping' },
      'PropertyConstraintViolation',
      '/status',
    ],
    [
      'a timestamp that is not a date-time',
      'StartTransaction',
      { connectorId: 1, idTag: 'A', meterStart: 0, timestamp: 'yesterday' },
      'PropertyConstraintViolation',
      '/timestamp',
    ],
    ['a field the PDU does not have', 'Heartbeat', { beat: true }, 'FormationViolation', '/beat'],
    ['a payload that is not an object', 'Heartbeat', 'beat', 'FormationViolation', ''],
    [
      'an integer field holding a decimal',
      'MeterValues',
      { connectorId: 1.5, meterValue: [] },
      'TypeConstraintViolation',
      '/connectorId',
    ],
  ];

  for (const [what, action, payload, code, field] of cases) {
    it(`answers ${what} with ${code}`, async () => {
      await using server = await startServer();
      const socket = await server.raw('RAW1');
      socket.send(call('m1', action, payload));
      const frame = (await socket.next()) as unknown[];
      expect(frame.slice(0, 3)).toEqual([4, 'm1', code]);
      expect(frame[4]).toMatchObject({ field });
    });
  }

  it('keeps serving the connection and other charge points after bad traffic', async () => {
    await using server = await startServer();
    const bad = await server.raw('BAD');
    const good = await server.connect('GOOD');
    bad.send('garbage');
    bad.send(call('m1', 'BootNotification', {}));
    await bad.next();
    await bad.next();
    bad.send(call('m2', 'Heartbeat', {}));
    expect(head(await bad.next(), 2)).toEqual([3, 'm2']);
    expect(await good.call('Heartbeat', {})).toHaveProperty('currentTime');
  });
});

describe('oversized frames', () => {
  it('closes a connection that sends a 5 MB frame with 1009 and keeps serving others', async () => {
    await using server = await startServer();
    const other = await server.connect('OTHER');
    const socket = await server.raw('BIG');
    socket.send(call('m1', 'DataTransfer', { vendorId: 'x', data: 'y'.repeat(5 * 1024 * 1024) }));
    const { code } = await socket.closed;
    expect(code).toBe(1009);
    expect(await other.call('Heartbeat', {})).toHaveProperty('currentTime');
  });
});
