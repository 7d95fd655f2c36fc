import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { verifyPassword } from '@levity/core';
import { createTestPki } from '@levity/core/testing';
import { describe, expect, it } from 'vitest';
import { createHttpApi } from '../src/index.js';
import { startApi, TOKEN } from './support/api-server.js';

describe('PUT /api/charge-points/{id}/password', () => {
  it('stores the password hashed, also for a charge point that never connected, and answers 204', async () => {
    await using api = await startApi();
    const response = await api.request({
      method: 'PUT',
      url: '/api/charge-points/CP%3A001/password',
      payload: { password: 'sixteen-chars-ok' },
    });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    const stored = await api.storage.chargePointSecurity.get('CP:001');
    expect(await verifyPassword('sixteen-chars-ok', stored?.passwordHash ?? '')).toBe(true);
    expect(await api.get('/api/charge-points/CP%3A001/security')).toMatchObject({
      status: 200,
      body: { chargePointId: 'CP:001', securityProfile: 0, passwordSet: true },
    });
    expect(JSON.stringify((await api.get('/api/charge-points/CP%3A001/security')).body)).not.toContain(
      'scrypt',
    );
  });

  it('answers 400 naming the rule a password breaks', async () => {
    await using api = await startApi();
    for (const [password, rule] of [
      ['short', /16 to 20 bytes long \(whitepaper A00\.FR\.205\); it has 5/],
      ['x'.repeat(21), /16 to 20 bytes/],
      ['sixteen\u0007chars-ok', /control characters/],
    ] as const) {
      const response = await api.request({
        method: 'PUT',
        url: '/api/charge-points/CP001/password',
        payload: { password },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        code: 'LEVITY_ERR_INVALID_REQUEST',
        field: 'body/password',
        message: expect.stringMatching(rule),
      });
    }
    expect(await api.storage.chargePointSecurity.get('CP001')).toBeUndefined();
  });
});

describe('POST /api/charge-points/{id}/password', () => {
  it('generates a password, answers 201 with it once and stores only its hash', async () => {
    await using api = await startApi();
    const response = await api.request({ method: 'POST', url: '/api/charge-points/CP001/password' });
    expect(response.statusCode).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const { password } = response.json() as { password: string };
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    const stored = await api.storage.chargePointSecurity.get('CP001');
    expect(stored?.passwordHash).not.toContain(password);
    expect(await verifyPassword(password, stored?.passwordHash ?? '')).toBe(true);
  });
});

describe('PUT /api/charge-points/{id}/security-profile', () => {
  it('stores a raise for a charge point that is not connected, and refuses a downgrade unless allowed', async () => {
    await using api = await startApi();
    const put = (payload: object) =>
      api.request({ method: 'PUT', url: '/api/charge-points/CP001/security-profile', payload });
    expect((await put({ profile: 2 })).json()).toStrictEqual({ securityProfile: 2, status: 'Stored' });
    const downgrade = await put({ profile: 1 });
    expect(downgrade.statusCode).toBe(409);
    expect(downgrade.json()).toMatchObject({ code: 'LEVITY_ERR_CONFLICT' });
    expect((await put({ profile: 1, allowDowngrade: true })).json()).toStrictEqual({
      securityProfile: 1,
      status: 'Stored',
    });
    expect((await put({ profile: 4 })).statusCode).toBe(400);
  });
});

describe('GET /api/connection-refusals', () => {
  it('lists refused upgrades newest first, with their reason', async () => {
    await using api = await startApi({ central: { securityProfile: 1 } });
    const port = await api.listen();
    const { request } = await import('node:http');
    await new Promise<void>((resolve) => {
      const req = request({
        host: '127.0.0.1',
        port,
        path: '/ws/CP404',
        headers: {
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
          'Sec-WebSocket-Protocol': 'ocpp1.6',
        },
      });
      req.on('response', (response) => {
        expect(response.statusCode).toBe(401);
        response.resume();
        response.on('end', resolve);
      });
      req.end();
    });
    await expect
      .poll(async () => (await api.get('/api/connection-refusals?chargePointId=CP404')).body)
      .toMatchObject({
        items: [{ chargePointId: 'CP404', reason: 'UnknownChargePoint', requiredProfile: 1 }],
      });
  });
});

describe('over TLS', () => {
  it('serves the API over https:// when the central system has TLS credentials', async () => {
    const pki = createTestPki();
    try {
      await using api = await startApi({
        central: { tls: { cert: pki.server.cert, key: pki.server.key } },
      });
      const port = await api.listen();
      const body = await new Promise<string>((resolve, reject) => {
        const req = httpsRequest(
          {
            host: '127.0.0.1',
            port,
            path: '/api/charge-points',
            ca: pki.ca.cert,
            servername: 'localhost',
            headers: { authorization: `Bearer ${TOKEN}` },
          },
          (response) => {
            let text = '';
            response.on('data', (chunk) => {
              text += chunk;
            });
            response.on('end', () => resolve(text));
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(JSON.parse(body)).toStrictEqual({ items: [], nextCursor: null });
      expect(createHttpApi).toBeTypeOf('function');
      expect((api.app.server.address() as AddressInfo).port).toBe(port);
    } finally {
      pki.remove();
    }
  });
});
