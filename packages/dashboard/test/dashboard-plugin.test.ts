import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardNotBuiltError, levityDashboard } from '../src/index.js';
import type { LevityServer } from './support/levity-server.js';
import { startLevity } from './support/levity-server.js';

// The plugin as `levity` mounts it: beside the HTTP API on one Fastify instance.
let levity: LevityServer;
beforeAll(async () => {
  levity = await startLevity();
});
afterAll(async () => {
  await levity?.[Symbol.asyncDispose]();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  levity.app.inject({ method: 'GET', url, headers });

describe('levityDashboard', () => {
  it('serves the app at / with headers that keep it to its own origin', async () => {
    const response = await get('/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('<div id="app">');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('answers deep links with the app, and unknown files, other methods and API paths with a 404', async () => {
    const app = (await get('/')).body;
    for (const url of ['/charge-points/CP%20001', '/transactions?status=active', '/id-tags']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toBe(app);
    }
    expect((await get('/assets/missing.js')).statusCode).toBe(404);
    expect((await get('/metrics')).statusCode).toBe(404);
    const post = await levity.app.inject({ method: 'POST', url: '/charge-points' });
    expect(post.statusCode).toBe(404);
    expect(post.json()).toMatchObject({ code: 'LEVITY_ERR_NOT_FOUND' });
    // Unknown API routes still go through the API's token check, then its own 404.
    expect((await get('/api/no-such-route')).statusCode).toBe(401);
    expect(
      (await get('/api/no-such-route', { authorization: 'Bearer dashboard-test-token-0123456789' })).json(),
    ).toMatchObject({ statusCode: 404, code: 'LEVITY_ERR_NOT_FOUND' });
  });

  it('sends built files compressed when the browser accepts it, cached for good', async () => {
    const script = /src="(\/assets\/[^"]+\.js)"/.exec((await get('/')).body)?.[1] as string;
    const plain = await get(script);
    const compressed = await levity.app.inject({
      method: 'GET',
      url: script,
      headers: { 'accept-encoding': 'br' },
    });
    expect(compressed.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(compressed.rawPayload).toString()).toBe(plain.body);
    expect(compressed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(compressed.headers['content-type']).toMatch(/javascript/);
  });

  it('refuses to start without a built app, saying how to build it', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'levity-dashboard-empty-'));
    try {
      const app = Fastify();
      app.register(levityDashboard, { root: empty });
      const failure = await app.ready().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(DashboardNotBuiltError);
      expect((failure as DashboardNotBuiltError).code).toBe('LEVITY_ERR_DASHBOARD_NOT_BUILT');
      expect((failure as Error).message).toContain('pnpm --filter @levity/dashboard build');
      await app.close();
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
