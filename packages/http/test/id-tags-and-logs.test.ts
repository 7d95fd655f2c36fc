import { newDataTransfer, newErrorEvent, newSecurityEvent, newStatusReport } from '@levity/core/testing';
import { describe, expect, it } from 'vitest';
import { startApi } from './support/api-server.js';

type Items<T = Record<string, unknown>> = { items: T[]; nextCursor?: string | null };

describe('id tags', () => {
  it('adds a tag (201 with its location), shows, changes, blocks and removes it', async () => {
    await using api = await startApi();
    const added = await api.request({
      method: 'POST',
      url: '/api/id-tags',
      payload: {
        idTag: 'ABC123',
        expiryDate: '2026-12-31T23:59:59+01:00',
        parentIdTag: 'FLEET-1',
        note: 'van 7',
      },
    });
    expect(added.statusCode).toBe(201);
    expect(added.headers.location).toBe('/api/id-tags/ABC123');
    expect(added.json()).toEqual({
      idTag: 'ABC123',
      status: 'Accepted',
      expiryDate: '2026-12-31T22:59:59.000Z',
      parentIdTag: 'FLEET-1',
      note: 'van 7',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });

    expect(await api.get('/api/id-tags/abc123')).toMatchObject({ status: 200, body: { idTag: 'ABC123' } });

    const changed = await api.request({
      method: 'PATCH',
      url: '/api/id-tags/ABC123',
      payload: { expiryDate: null, note: 'van 8' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ expiryDate: null, note: 'van 8', parentIdTag: 'FLEET-1' });

    const blocked = await api.request({
      method: 'PATCH',
      url: '/api/id-tags/ABC123',
      payload: { status: 'Blocked' },
    });
    expect(blocked.json()).toMatchObject({ status: 'Blocked' });

    const removed = await api.request({ method: 'DELETE', url: '/api/id-tags/ABC123' });
    expect(removed.statusCode).toBe(204);
    expect(removed.body).toBe('');
    expect(await api.get('/api/id-tags/ABC123')).toMatchObject({ status: 404 });
  });

  it('answers 409 for a tag that exists in any case, and 404 for one that does not', async () => {
    await using api = await startApi();
    await api.cs.idTags.add({ idTag: 'abc123' });
    const conflict = await api.request({ method: 'POST', url: '/api/id-tags', payload: { idTag: 'ABC123' } });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({ code: 'LEVITY_ERR_CONFLICT' });
    for (const [method, payload] of [
      ['GET', undefined],
      ['PATCH', { status: 'Blocked' }],
      ['DELETE', undefined],
    ] as const) {
      const response = await api.request({
        method,
        url: '/api/id-tags/NOPE',
        ...(payload ? { payload } : {}),
      });
      expect(response.statusCode, method).toBe(404);
      expect(response.json()).toEqual({
        statusCode: 404,
        error: 'Not Found',
        code: 'LEVITY_ERR_NOT_FOUND',
        message: 'id tag NOPE is unknown',
      });
    }
  });

  it.each([
    [{}, 'body/idTag', 'body/idTag is required'],
    [{ idTag: '' }, 'body/idTag', 'body/idTag must NOT have fewer than 1 characters'],
    [{ idTag: 'X'.repeat(21) }, 'body/idTag', 'body/idTag must NOT have more than 20 characters'],
    [
      { idTag: 'A', status: 'Gold' },
      'body/status',
      'body/status must be one of Accepted, Blocked, Expired, Invalid',
    ],
    [{ idTag: 'A', expiryDate: 'soon' }, 'body/expiryDate', 'body/expiryDate must match format "date-time"'],
    [{ idTag: 'A', owner: 'me' }, 'body/owner', 'body/owner is not allowed here'],
    [{ idTag: 7 }, 'body/idTag', 'body/idTag must be string'],
  ])('answers 400 naming the field for POST %j', async (payload, field, message) => {
    await using api = await startApi();
    const response = await api.request({ method: 'POST', url: '/api/id-tags', payload });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'LEVITY_ERR_INVALID_REQUEST',
      message,
      field,
    });
  });

  it('answers 400 for an empty change and for a tag too long in the path', async () => {
    await using api = await startApi();
    await api.cs.idTags.add({ idTag: 'ABC' });
    const empty = await api.request({ method: 'PATCH', url: '/api/id-tags/ABC', payload: {} });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ message: 'body must set at least 1 field(s)' });
    const long = await api.get(`/api/id-tags/${'X'.repeat(21)}`);
    expect(long).toMatchObject({ status: 400, body: { field: 'params/idTag' } });
  });

  it('lists tags in order, filtered, page by page', async () => {
    await using api = await startApi();
    for (const idTag of ['delta', 'Alpha', 'charlie', 'Bravo', 'echo']) {
      await api.cs.idTags.add({ idTag, status: idTag === 'echo' ? 'Blocked' : 'Accepted', parentIdTag: 'P' });
    }
    const seen: unknown[] = [];
    let url = '/api/id-tags?limit=2&status=Accepted';
    for (let page = 0; page < 5; page++) {
      const { body } = await api.get<Items>(url);
      seen.push(...body.items.map((item) => item.idTag));
      if (!body.nextCursor) break;
      url = `/api/id-tags?limit=2&status=Accepted&cursor=${body.nextCursor}`;
    }
    expect(seen).toEqual(['Alpha', 'Bravo', 'charlie', 'delta']);
    expect(
      (await api.get<Items>('/api/id-tags?status=Blocked')).body.items.map((item) => item.idTag),
    ).toEqual(['echo']);
    expect(await api.get('/api/id-tags?cursor=e30')).toMatchObject({
      status: 400,
      body: { field: 'querystring/cursor' },
    });
  });
});

describe('event logs', () => {
  it('lists error events, security events, status reports and data transfers, newest first and filtered', async () => {
    await using api = await startApi();
    const { storage } = api;
    await storage.errors.add(newErrorEvent({ errorCode: 'GroundFailure' }));
    await storage.errors.add(newErrorEvent({ chargePointId: 'CP002' }));
    await storage.securityEvents.add(newSecurityEvent());
    await storage.statusReports.add(
      newStatusReport({ kind: 'Firmware', status: 'Installed', requestId: null }),
    );
    await storage.statusReports.add(newStatusReport());
    await storage.dataTransfers.add(newDataTransfer());

    const errors = await api.get<Items>('/api/errors');
    expect(errors.body.items.map((item) => item.chargePointId)).toEqual(['CP002', 'CP001']);
    expect((await api.get<Items>('/api/errors?chargePointId=CP001&limit=5')).body.items).toEqual([
      { id: expect.any(Number), ...newErrorEvent({ errorCode: 'GroundFailure' }) },
    ]);
    expect((await api.get<Items>('/api/security-events')).body.items).toEqual([
      { id: expect.any(Number), ...newSecurityEvent() },
    ]);
    expect((await api.get<Items>('/api/status-reports?kind=Firmware')).body.items).toEqual([
      expect.objectContaining({ kind: 'Firmware', status: 'Installed', requestId: null }),
    ]);
    expect((await api.get<Items>('/api/status-reports')).body.items).toHaveLength(2);
    expect((await api.get<Items>('/api/data-transfers')).body.items).toEqual([
      { id: expect.any(Number), ...newDataTransfer() },
    ]);
    expect(await api.get('/api/errors?limit=1001')).toMatchObject({
      status: 400,
      body: { field: 'querystring/limit' },
    });
    expect(await api.get('/api/status-reports?kind=Boot')).toMatchObject({
      status: 400,
      body: { field: 'querystring/kind' },
    });
  });
});
