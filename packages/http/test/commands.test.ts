import {
  CallErrorResponse,
  CallTimeoutError,
  InvalidParamsError,
  LevityError,
  NotConnectedError,
} from '@levity/core';
import { createRPCError } from 'ocpp-rpc';
import { describe, expect, it } from 'vitest';
import { callFailure } from '../src/routes/commands.js';
import { startApi } from './support/api-server.js';

const boot = { chargePointVendor: 'Levity', chargePointModel: 'HTTP-1' };

describe('POST /api/charge-points/{id}/commands/{Action}', () => {
  it("sends the action with the body as its payload and answers the charge point's CALLRESULT", async () => {
    await using api = await startApi();
    const cp = await api.connect('CP001');
    await cp.call('BootNotification', boot);
    const received: unknown[] = [];
    cp.handle('RemoteStartTransaction', async ({ params }) => {
      received.push(params);
      return { status: 'Accepted' };
    });
    const response = await api.request({
      method: 'POST',
      url: '/api/charge-points/CP001/commands/RemoteStartTransaction',
      payload: { idTag: 'ABC', connectorId: 1 },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ response: { status: 'Accepted' } });
    expect(received).toEqual([{ idTag: 'ABC', connectorId: 1 }]);
  });

  it('sends an action without parameters when the body is empty', async () => {
    await using api = await startApi();
    const cp = await api.connect('CP001');
    await cp.call('BootNotification', boot);
    cp.handle('ClearCache', async () => ({ status: 'Rejected' }));
    const response = await api.request({
      method: 'POST',
      url: '/api/charge-points/CP001/commands/ClearCache',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ response: { status: 'Rejected' } });
  });

  it('passes whole answers through, nested arrays included', async () => {
    await using api = await startApi();
    const cp = await api.connect('CP 7');
    await cp.call('BootNotification', boot);
    const answer = {
      configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }],
      unknownKey: ['Foo'],
    };
    cp.handle('GetConfiguration', async () => answer);
    const response = await api.request({
      method: 'POST',
      url: '/api/charge-points/CP%207/commands/GetConfiguration',
      payload: { key: ['HeartbeatInterval', 'Foo'] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ response: answer });
  });

  it('answers 404 for a charge point Levity never saw', async () => {
    await using api = await startApi();
    const response = await api.request({
      method: 'POST',
      url: '/api/charge-points/NOPE/commands/Reset',
      payload: { type: 'Soft' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      statusCode: 404,
      error: 'Not Found',
      code: 'LEVITY_ERR_NOT_FOUND',
      message: 'charge point NOPE is unknown',
    });
  });

  it('answers 409 for a known charge point that is not connected', async () => {
    await using api = await startApi();
    await api.cs.chargePoints.accept('CP001');
    const response = await api.request({
      method: 'POST',
      url: '/api/charge-points/CP001/commands/Reset',
      payload: { type: 'Soft' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({
      statusCode: 409,
      error: 'Conflict',
      code: 'LEVITY_ERR_NOT_CONNECTED',
      message: 'charge point CP001 is not connected',
    });
  });

  it('answers 409 when its registration forbids the call', async () => {
    await using api = await startApi({ central: { bootPolicy: 'known-only' } });
    const cp = await api.connect('STRANGER');
    expect(await cp.call('BootNotification', boot)).toMatchObject({ status: 'Rejected' });
    const response = await api.request({
      method: 'POST',
      url: '/api/charge-points/STRANGER/commands/Reset',
      payload: { type: 'Soft' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'LEVITY_ERR_NOT_ACCEPTED' });
    expect(response.json().message).toMatch(/Rejected/);
  });

  it.each([
    ['Reset', { type: 'Medium' }, 'body/type', 'body/type must be one of Hard, Soft'],
    ['Reset', {}, 'body/type', 'body/type is required'],
    ['Reset', [], 'body', 'body must be object'],
    [
      'RemoteStartTransaction',
      { idTag: 'ABC', conectorId: 1 },
      'body/conectorId',
      'body/conectorId is not allowed here',
    ],
    [
      'RemoteStartTransaction',
      { idTag: 'ABC', connectorId: '1' },
      'body/connectorId',
      'body/connectorId must be integer',
    ],
    [
      'RemoteStartTransaction',
      { idTag: 'A-TAG-LONGER-THAN-20-CHARS' },
      'body/idTag',
      'body/idTag must NOT have more than 20 characters',
    ],
    [
      'ChangeAvailability',
      { connectorId: 0, type: 'Operative', extra: true },
      'body/extra',
      'body/extra is not allowed here',
    ],
    [
      'UpdateFirmware',
      { location: 'https://example.com/fw.bin', retrieveDate: 'tomorrow' },
      'body/retrieveDate',
      'body/retrieveDate must match format "date-time"',
    ],
  ])('answers 400 naming the field for %s %j', async (action, payload, field, message) => {
    await using api = await startApi();
    const response = await api.request({
      method: 'POST',
      url: `/api/charge-points/CP001/commands/${action}`,
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'LEVITY_ERR_INVALID_REQUEST',
      message,
      field,
    });
  });

  it.each([
    [
      'Frobnicate',
      /^params\/action Frobnicate is not an action Levity can send; the central system sends CancelReservation, /,
    ],
    ['reset', /; did you mean Reset\?$/],
    ['BootNotification', /: charge points send BootNotification, the central system does not$/],
  ])('answers 400 for the unknown action %s', async (action, message) => {
    await using api = await startApi();
    const response = await api.request({
      method: 'POST',
      url: `/api/charge-points/CP001/commands/${action}`,
      payload: {},
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'LEVITY_ERR_INVALID_REQUEST', field: 'params/action' });
    expect(response.json().message).toMatch(message);
  });

  it('answers 400 for broken JSON or a text body, and 415 for another media type', async () => {
    await using api = await startApi();
    const broken = await api.request({
      method: 'POST',
      url: '/api/charge-points/CP001/commands/Reset',
      headers: { 'content-type': 'application/json' },
      payload: '{"type":',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ code: 'LEVITY_ERR_INVALID_REQUEST' });
    const text = await api.request({
      method: 'POST',
      url: '/api/charge-points/CP001/commands/Reset',
      headers: { 'content-type': 'text/plain' },
      payload: 'type=Soft',
    });
    expect(text.statusCode).toBe(400);
    expect(text.json()).toMatchObject({ message: 'body must be object' });
    const xml = await api.request({
      method: 'POST',
      url: '/api/charge-points/CP001/commands/Reset',
      headers: { 'content-type': 'application/xml' },
      payload: '<type>Soft</type>',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json()).toMatchObject({ code: 'LEVITY_ERR_INVALID_REQUEST' });
  });

  it('answers 400 for a timeout out of range', async () => {
    await using api = await startApi();
    const response = await api.request({
      method: 'POST',
      url: '/api/charge-points/CP001/commands/Reset?timeoutMs=0',
      payload: { type: 'Soft' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ field: 'querystring/timeoutMs' });
  });

  it('answers 504 when the charge point does not answer within timeoutMs', async () => {
    await using api = await startApi();
    const cp = await api.connect('SLOW');
    await cp.call('BootNotification', boot);
    cp.handle('Reset', () => new Promise(() => {}));
    const started = Date.now();
    const response = await api.request({
      method: 'POST',
      url: '/api/charge-points/SLOW/commands/Reset?timeoutMs=300',
      payload: { type: 'Soft' },
    });
    expect(response.statusCode).toBe(504);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(response.json()).toEqual({
      statusCode: 504,
      error: 'Gateway Timeout',
      code: 'LEVITY_ERR_CALL_TIMEOUT',
      message: 'charge point SLOW did not answer Reset within 300 ms',
    });
  });

  it('answers 502 with the code and description of a CALLERROR', async () => {
    await using api = await startApi();
    const cp = await api.connect('GRUMPY');
    await cp.call('BootNotification', boot);
    cp.handle('UnlockConnector', () => {
      throw createRPCError('NotSupported', 'no locks here');
    });
    const response = await api.request({
      method: 'POST',
      url: '/api/charge-points/GRUMPY/commands/UnlockConnector',
      payload: { connectorId: 1 },
    });
    expect(response.statusCode).toBe(502);
    expect(response.json()).toEqual({
      statusCode: 502,
      error: 'Bad Gateway',
      code: 'LEVITY_ERR_CALL_ERROR',
      message: 'charge point GRUMPY answered UnlockConnector with NotSupported: no locks here',
      errorCode: 'NotSupported',
      errorDescription: 'no locks here',
    });
  });
});

describe('callFailure', () => {
  it('maps each failure of a call to its status', () => {
    const status = (error: unknown) =>
      (callFailure(error, 'CP1', 'Reset') as { statusCode?: number }).statusCode;
    expect(status(new NotConnectedError('CP1'))).toBe(409);
    expect(status(new LevityError('LEVITY_ERR_NOT_ACCEPTED', 'no'))).toBe(409);
    expect(status(new InvalidParamsError('Reset', '/type', 'bad'))).toBe(400);
    expect(status(new CallTimeoutError('CP1', 'Reset', 10))).toBe(504);
    expect(status(new CallErrorResponse('CP1', 'Reset', 'InternalError', '', {}))).toBe(502);
    expect(status(new LevityError('LEVITY_ERR_CALL_FAILED', 'closed'))).toBe(502);
    expect(status(new LevityError('LEVITY_ERR_UNKNOWN_ACTION', 'no'))).toBe(400);
    const other = new Error('boom');
    expect(callFailure(other, 'CP1', 'Reset')).toBe(other);
  });

  it("names the field of core's InvalidParamsError in the body", () => {
    expect(callFailure(new InvalidParamsError('Reset', '/type', 'bad'), 'CP1', 'Reset')).toMatchObject({
      statusCode: 400,
      code: 'LEVITY_ERR_INVALID_PARAMS',
      details: { field: 'body/type' },
    });
  });
});
