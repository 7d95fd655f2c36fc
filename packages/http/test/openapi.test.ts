import SwaggerParser from '@apidevtools/swagger-parser';
import { CENTRAL_SYSTEM_ACTIONS } from '@levity/core';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from './support/api-server.js';
import { startApi, TOKEN } from './support/api-server.js';

let api: ApiServer;
let document: OpenAPIV3.Document;

beforeAll(async () => {
  api = await startApi();
  const response = await api.request({ method: 'GET', url: '/api/openapi.json' });
  expect(response.statusCode).toBe(200);
  document = response.json();
});
afterAll(async () => {
  await api[Symbol.asyncDispose]();
});

/** Every operation of the document as `[METHOD, path with sample parameters]`. */
function operations(): [string, string][] {
  const samples: Record<string, string> = { id: 'CP001', transactionId: '1', idTag: 'TAG001' };
  return Object.entries(document.paths).flatMap(([path, item]) =>
    (['get', 'post', 'patch', 'delete', 'put'] as const)
      .filter((method) => item?.[method] !== undefined)
      .map((method): [string, string] => [
        method.toUpperCase(),
        path.replace(/\{(\w+)\}/g, (_, name: string) => samples[name] ?? 'x'),
      ]),
  );
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3 document', async () => {
    expect(document.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('lists every route the issue names, and more', () => {
    const routes = operations().map(([method, path]) => `${method} ${path}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /healthz',
        'GET /readyz',
        'GET /api/openapi.json',
        'GET /api/charge-points',
        'GET /api/charge-points/CP001',
        'GET /api/charge-points/CP001/connectors',
        'GET /api/charge-points/CP001/configuration',
        'GET /api/charge-points/CP001/charging-profiles',
        'GET /api/charge-points/CP001/meter-values',
        'POST /api/charge-points/CP001/accept',
        'POST /api/charge-points/CP001/reject',
        'GET /api/transactions',
        'GET /api/transactions/1',
        'GET /api/transactions/1/meter-values',
        'GET /api/errors',
        'GET /api/security-events',
        'GET /api/status-reports',
        'GET /api/data-transfers',
        'GET /api/reservations',
        'GET /api/firmware-jobs',
        'GET /api/commands',
        'GET /api/id-tags',
        'POST /api/id-tags',
        'GET /api/id-tags/TAG001',
        'PATCH /api/id-tags/TAG001',
        'DELETE /api/id-tags/TAG001',
        'GET /api/events',
        'POST /api/tokens',
        'GET /api/tokens',
        'DELETE /api/tokens/CP001',
        ...CENTRAL_SYSTEM_ACTIONS.map((action) => `POST /api/charge-points/CP001/commands/${action}`),
      ]),
    );
  });

  it("describes each command's body with the action's OCPP schema", () => {
    const reset = document.paths['/api/charge-points/{id}/commands/Reset']?.post;
    const body = reset?.requestBody as OpenAPIV3.RequestBodyObject;
    expect(body.content['application/json']?.schema).toMatchObject({
      type: 'object',
      required: ['type'],
      properties: { type: { type: 'string', enum: ['Hard', 'Soft'] } },
    });
    expect(Object.keys(reset?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '401', '404', '409', '502', '504']),
    );
  });

  it('declares bearer authentication for the API and none for the health checks', () => {
    expect(document.components?.securitySchemes).toEqual({ bearerAuth: { type: 'http', scheme: 'bearer' } });
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    expect(document.paths['/healthz']?.get?.security).toEqual([]);
    expect(document.paths['/readyz']?.get?.security).toEqual([]);
    expect(document.paths['/healthz']?.get).not.toHaveProperty('x-levity-role');
  });
});

describe('authentication', () => {
  it('answers 401 on every /api route without a token, with a wrong one, or another scheme', async () => {
    const api_ = operations().filter(([, path]) => path.startsWith('/api/'));
    expect(api_.length).toBeGreaterThan(40);
    for (const [method, url] of api_) {
      for (const authorization of [
        undefined,
        'Bearer wrong-token',
        `Basic ${TOKEN}`,
        `Bearer ${TOKEN}x`,
        'Bearer',
      ]) {
        const response = await api.app.inject({
          method: method as 'GET',
          url,
          headers: authorization === undefined ? {} : { authorization },
          ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
        });
        expect(response.statusCode, `${method} ${url} with ${String(authorization)}`).toBe(401);
        expect(response.json()).toEqual({
          statusCode: 401,
          error: 'Unauthorized',
          code: 'LEVITY_ERR_UNAUTHORIZED',
          message: 'a valid bearer token is required',
        });
        expect(response.headers['www-authenticate']).toBe('Bearer realm="levity"');
      }
    }
  });

  it('answers 401, not 404, for an unknown /api path without a token', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/api/no-such-thing' });
    expect(response.statusCode).toBe(401);
    const known = await api.request({ method: 'GET', url: '/api/no-such-thing' });
    expect(known.statusCode).toBe(404);
    expect(known.json()).toMatchObject({
      code: 'LEVITY_ERR_NOT_FOUND',
      message: 'no route GET /api/no-such-thing',
    });
  });

  it('checks the token before validating the request', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/api/transactions?limit=abc' });
    expect(response.statusCode).toBe(401);
  });

  it('accepts the token with any case of the scheme', async () => {
    const response = await api.app.inject({
      method: 'GET',
      url: '/api/charge-points',
      headers: { authorization: `bearer ${TOKEN}` },
    });
    expect(response.statusCode).toBe(200);
  });

  it('accepts ?token= only on the event stream', async () => {
    const response = await api.app.inject({ method: 'GET', url: `/api/charge-points?token=${TOKEN}` });
    expect(response.statusCode).toBe(401);
  });

  it('serves the health checks without a token', async () => {
    expect((await api.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await api.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBeOneOf([200, 503]);
  });
});
