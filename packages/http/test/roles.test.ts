import type { IncomingMessage } from 'node:http';
import { request } from 'node:http';
import type { ApiTokenRole } from '@levity/core';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from './support/api-server.js';
import { startApi, TOKEN } from './support/api-server.js';

type Operation = OpenAPIV3.OperationObject & { 'x-levity-role'?: ApiTokenRole };

let api: ApiServer;
let document: OpenAPIV3.Document;
const tokens = {} as Record<ApiTokenRole, string>;

beforeAll(async () => {
  api = await startApi();
  document = (await api.request({ method: 'GET', url: '/api/openapi.json' })).json();
  for (const role of ['read', 'operate', 'admin'] as const) {
    tokens[role] = (await api.cs.apiTokens.create({ name: `${role}-token`, role })).token;
  }
});
afterAll(async () => {
  await api[Symbol.asyncDispose]();
});

/** Every operation under /api: method, a path with sample parameters, and the operation. */
function apiOperations(): { method: string; path: string; operation: Operation }[] {
  const samples: Record<string, string> = { id: 'CP001', transactionId: '1', idTag: 'TAG001' };
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/api/'))
    .flatMap(([path, item]) =>
      (['get', 'post', 'patch', 'delete', 'put'] as const)
        .filter((method) => item?.[method] !== undefined)
        .map((method) => ({
          method: method.toUpperCase(),
          path: path.replace(/\{(\w+)\}/g, (_, name: string) => samples[name] ?? 'x'),
          operation: item?.[method] as Operation,
        })),
    );
}

/** The status a request with `token` gets (an empty JSON body for methods that take one). */
async function statusWith(token: string, method: string, url: string): Promise<number> {
  const response = await api.app.inject({
    method: method as 'GET',
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
  });
  return response.statusCode;
}

describe('the role of every route', () => {
  it('is in the OpenAPI document: read for GETs, operate or more for every other method', () => {
    const operations = apiOperations();
    expect(operations.length).toBeGreaterThan(40);
    for (const { method, path, operation } of operations) {
      const role = operation['x-levity-role'];
      expect(role, `${method} ${path}`).toBeOneOf(['read', 'operate', 'admin']);
      if (method !== 'GET') expect(role, `${method} ${path}`).not.toBe('read');
      else if (!path.startsWith('/api/tokens')) expect(role, `${method} ${path}`).toBe('read');
      if (role !== 'read') {
        expect(Object.keys(operation.responses), `${method} ${path}`).toContain('403');
        expect(operation.description, `${method} ${path}`).toContain(`\`${role}\` role`);
      }
    }
  });

  it('refuses a read token with 403 on every route that is not a GET, and on no GET but the token routes', async () => {
    const refused: string[] = [];
    for (const { method, path } of apiOperations()) {
      // Events stream forever: its role is checked below.
      if (path === '/api/events') continue;
      const status = await statusWith(tokens.read, method, path);
      expect(status, `${method} ${path}`).not.toBe(401);
      if (method === 'GET') expect(status, `${method} ${path}`).toBeLessThan(500);
      if (status === 403) refused.push(`${method} ${path}`);
    }
    const expected = apiOperations()
      .filter(({ method, path }) => method !== 'GET' || path === '/api/tokens')
      .map(({ method, path }) => `${method} ${path}`);
    expect(refused.sort()).toEqual(expected.sort());
  });

  it('refuses an operate token with 403 on the token routes only', async () => {
    const refused: string[] = [];
    for (const { method, path } of apiOperations()) {
      if (path === '/api/events') continue;
      const status = await statusWith(tokens.operate, method, path);
      expect(status, `${method} ${path}`).not.toBe(401);
      if (status === 403) refused.push(`${method} ${path}`);
    }
    expect(refused.sort()).toEqual(['DELETE /api/tokens/CP001', 'GET /api/tokens', 'POST /api/tokens']);
  });

  it('refuses neither an admin token nor the configured token anywhere', async () => {
    for (const token of [tokens.admin, TOKEN]) {
      for (const { method, path } of apiOperations()) {
        if (path === '/api/events') continue;
        expect(await statusWith(token, method, path), `${method} ${path}`).not.toBeOneOf([401, 403]);
      }
    }
  });

  it('says which role the route needs and which the token has', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/charge-points/CP-NEW/accept',
      headers: { authorization: `Bearer ${tokens.read}` },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      code: 'LEVITY_ERR_FORBIDDEN',
      message:
        'POST /api/charge-points/:id/accept needs a token with the operate role; token read-token has the read role',
    });
    expect(await api.cs.chargePoints.get('CP-NEW')).toBeUndefined();
  });

  it('checks the role before validating the request', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/id-tags',
      headers: { authorization: `Bearer ${tokens.read}` },
      payload: { nonsense: true },
    });
    expect(response.statusCode).toBe(403);
  });

  it('answers an unknown path 404 to a read token, whatever the method', async () => {
    for (const method of ['GET', 'POST', 'DELETE'] as const) {
      expect(await statusWith(tokens.read, method, '/api/no-such-thing'), method).toBe(404);
    }
  });
});

describe('the event stream', () => {
  /** Opens the stream and resolves with the response and the text received until `until` holds. */
  async function stream(path: string, headers: Record<string, string> = {}) {
    const port = await api.listen();
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers }, resolve);
      req.on('error', reject);
      req.end();
    });
    response.setEncoding('utf8');
    let text = '';
    response.on('data', (chunk: string) => {
      text += chunk;
    });
    return {
      response,
      async until(check: (text: string) => boolean) {
        const deadline = Date.now() + 5000;
        while (!check(text)) {
          if (Date.now() > deadline) throw new Error(`timed out; received: ${text}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return text;
      },
      close: () => response.destroy(),
    };
  }

  it('streams events to a read token, in the header or as ?token=', async () => {
    const byHeader = await stream('/api/events?chargePointId=SSE-READ', {
      authorization: `Bearer ${tokens.read}`,
    });
    const byQuery = await stream(`/api/events?chargePointId=SSE-READ&token=${tokens.read}`);
    try {
      expect(byHeader.response.statusCode).toBe(200);
      expect(byQuery.response.statusCode).toBe(200);
      const cp = await api.connect('SSE-READ');
      await cp.call('BootNotification', { chargePointVendor: 'Levity', chargePointModel: 'SSE' });
      for (const opened of [byHeader, byQuery]) {
        expect(await opened.until((text) => text.includes('event: booted'))).toContain('"SSE-READ"');
      }
    } finally {
      byHeader.close();
      byQuery.close();
    }
  });

  it('refuses a revoked token with 401', async () => {
    const { token } = await api.cs.apiTokens.create({ name: 'sse-revoked', role: 'read' });
    await api.cs.apiTokens.revoke('sse-revoked');
    const opened = await stream(`/api/events?token=${token}`);
    try {
      expect(opened.response.statusCode).toBe(401);
    } finally {
      opened.close();
    }
  });
});
