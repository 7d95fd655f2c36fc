// The built `levity` binary serving the web dashboard beside the HTTP API.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertBuilt, isStartupLine, killStragglers, spawnLevity } from './support/levity-process.js';

let dir: string;

beforeAll(() => {
  assertBuilt();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'levity-dashboard-e2e-'));
});
afterEach(() => {
  killStragglers();
  rmSync(dir, { recursive: true, force: true });
});

const args = (...more: string[]) => ['--host', '127.0.0.1', '--port', '0', '--log-file', '', ...more];

describe('levity serving the dashboard', () => {
  it('serves the dashboard and its deep links with the API, on the API port when --http-port moves it', async () => {
    await using levity = spawnLevity(args('--http-port', '0', '--db', join(dir, 'd.db')), { cwd: dir });
    const startup = await levity.waitForLog(isStartupLine);
    const http = `http://127.0.0.1:${String(startup.httpPort)}`;
    const line = await levity.waitForLog((entry) => String(entry.msg).startsWith('dashboard at'));
    expect(line.msg).toBe(`dashboard at ${http}/ (sign in with the API token)`);

    const page = await fetch(`${http}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<div id="app">');
    const deepLink = await fetch(`${http}/charge-points/CP001`);
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toBe(html);

    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${http}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');

    // The API keeps its own answers: an unknown /api route without a token is still refused.
    expect((await fetch(`${http}/api/no-such-route`)).status).toBe(401);
    // The charge point port serves no pages once the HTTP port is moved.
    expect((await fetch(`http://127.0.0.1:${String(startup.port)}/`)).status).toBe(404);
  });

  it('serves no dashboard with --no-dashboard or LEVITY_DASHBOARD=false, the API still', async () => {
    for (const [extra, env] of [
      [['--no-dashboard'], {}],
      [[], { LEVITY_DASHBOARD: 'false' }],
    ] as const) {
      await using levity = spawnLevity(args(...extra, '--db', join(dir, `off-${extra.length}.db`)), {
        cwd: dir,
        env,
      });
      const startup = await levity.waitForLog(isStartupLine);
      const http = `http://127.0.0.1:${String(startup.port)}`;
      expect((await fetch(`${http}/`)).status).toBe(404);
      expect((await fetch(`${http}/charge-points`)).status).toBe(404);
      expect((await fetch(`${http}/healthz`)).status).toBe(200);
      expect(levity.logLines().some((entry) => String(entry.msg).startsWith('dashboard at'))).toBe(false);
    }
  });
});
