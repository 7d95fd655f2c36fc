// The dashboard in a real browser (Debian's Chromium through playwright-core) against a
// real central system with the HTTP API, driven by simulated charge points.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, README_SCREENSHOT, screenshot } from './support/browser.js';
import { READ_TOKEN, readOnlyTokens, startLevity, TOKEN } from './support/levity-server.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function signIn(page: Page, token = TOKEN): Promise<void> {
  await page.goto('/');
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** `expect.poll` with room for a noisy machine (its default gives up after 1 s). */
const eventually = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 100 });

/** The number of readings a chart shows (its `data-points`). */
async function chartPoints(page: Page, title: string): Promise<number> {
  return Number(
    await page.locator(`[data-panel="running"] figure[data-chart="${title}"]`).getAttribute('data-points'),
  );
}

describe('the dashboard in Chromium', () => {
  it('refuses a wrong token with a clear message', async () => {
    await using levity = await startLevity();
    const { context, page } = await newPage(browser, levity.url);
    try {
      await signIn(page, 'not-the-token');
      await eventually(() => page.getByRole('alert').textContent()).toContain('That token was refused (401)');
      // Still on the sign-in page: nothing else was shown.
      expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    } finally {
      await screenshot(page, 'wrong-token');
      await context.close();
    }
  });

  it('signs in, then shows a simulated charge point appear and its connector change status live', async () => {
    await using levity = await startLevity();
    const { context, page } = await newPage(browser, levity.url);
    try {
      await signIn(page);
      await eventually(() => page.getByRole('status').filter({ hasText: 'Live' }).count()).toBe(1);
      await page.getByRole('link', { name: 'Charge points' }).click();
      await eventually(() => page.getByText('No charge point matches.').count()).toBe(1);

      const sim = await levity.simulate('SIM-LIVE-1');
      const row = page.locator('tr[data-row="SIM-LIVE-1"]');
      await eventually(() => row.locator('[data-status="Connected"]').count()).toBe(1);
      const connector1 = row.locator('li[data-connector="1"] [data-status]');
      await eventually(() => connector1.getAttribute('data-status')).toBe('Available');

      await sim.status(1, 'Faulted', 'GroundFailure');
      await eventually(() => connector1.getAttribute('data-status')).toBe('Faulted');
      await sim.status(1, 'Available');
      await eventually(() => connector1.getAttribute('data-status')).toBe('Available');
      await sim.status(2, 'Preparing');
      await eventually(() =>
        row.locator('li[data-connector="2"] [data-status]').getAttribute('data-status'),
      ).toBe('Preparing');
    } finally {
      await screenshot(page, 'charge-point-live-status');
      await context.close();
    }
  });

  it('starts a transaction from the command console, charts its power as it grows, and stops it', async () => {
    await using levity = await startLevity();
    await levity.simulate('SIM-TX-1', { configuration: { MeterValueSampleInterval: '1' } });
    const { context, page } = await newPage(browser, levity.url);
    try {
      await signIn(page);
      await page.goto('/charge-points/SIM-TX-1');
      await page.getByLabel('Command', { exact: true }).selectOption('RemoteStartTransaction');
      await page.getByLabel(/^idTag/).fill('DRIVER-1');
      await page.getByLabel(/^connectorId/).fill('1');
      await page.getByRole('button', { name: 'Send RemoteStartTransaction' }).click();
      await eventually(() =>
        page.locator('pre[data-answer="RemoteStartTransaction"]').textContent(),
      ).toContain('"status": "Accepted"');

      const running = page.locator('[data-panel="running"] article[data-transaction]');
      await eventually(() => running.count()).toBe(1);
      await eventually(() => chartPoints(page, 'Power')).toBeGreaterThanOrEqual(2);
      const first = await chartPoints(page, 'Power');
      await eventually(() => chartPoints(page, 'Power')).toBeGreaterThan(first + 1);
      await eventually(() =>
        page
          .locator('[data-panel="connectors"] tr[data-row="connector-1"] [data-status]')
          .first()
          .getAttribute('data-status'),
      ).toBe('Charging');
      if (process.env.LEVITY_README_SCREENSHOT === '1') {
        const path = await screenshot(page, 'readme-charging', { fullPage: false });
        mkdirSync(dirname(README_SCREENSHOT), { recursive: true });
        copyFileSync(path, README_SCREENSHOT);
      }

      await page.getByRole('button', { name: /^Stop transaction/ }).click();
      await eventually(() => running.count()).toBe(0);
      await eventually(() => page.getByText('No transaction is running.').count()).toBe(1);
      const transactions = await levity.cs.transactions.list({ chargePointId: 'SIM-TX-1' });
      expect(transactions[0]?.stopReason).toBe('Remote');
    } finally {
      await screenshot(page, 'remote-start-and-stop');
      await context.close();
    }
  });

  it('blocks an id tag, after which the next Authorize is refused', async () => {
    await using levity = await startLevity({ central: { authorizationPolicy: 'id-tags' } });
    const sim = await levity.simulate('SIM-AUTH-1');
    const { context, page } = await newPage(browser, levity.url);
    try {
      await signIn(page);
      await page.getByRole('link', { name: 'Id tags' }).click();
      await page.getByLabel('Id tag', { exact: true }).fill('FLEET-7');
      await page.getByLabel('Parent id tag').first().fill('FLEET');
      await page.getByRole('button', { name: 'Add id tag' }).click();
      const row = page.locator('tr[data-row="FLEET-7"]');
      await eventually(() => row.locator('[data-status]').getAttribute('data-status')).toBe('Accepted');
      expect((await sim.authorize('FLEET-7')).status).toBe('Accepted');

      await row.getByRole('button', { name: 'Block FLEET-7' }).click();
      await eventually(() => row.locator('[data-status]').getAttribute('data-status')).toBe('Blocked');

      await page.goto('/charge-points/SIM-AUTH-1');
      await eventually(() => page.getByRole('status').filter({ hasText: 'Live' }).count()).toBe(1);
      // The panel lists what arrives once it is shown, which is after the charge point has
      // loaded: on a busy machine that can be well after the stream is live.
      await eventually(() => page.locator('[data-panel="messages"]').count()).toBe(1);
      expect((await sim.authorize('FLEET-7')).status).toBe('Blocked');
      const authorize = page.locator('[data-panel="messages"] tr[data-row="Authorize"]');
      await eventually(() => authorize.first().locator('[data-status]').getAttribute('data-status')).toBe(
        'Blocked',
      );
      expect(await authorize.first().textContent()).toContain('FLEET-7');
    } finally {
      await screenshot(page, 'id-tag-blocked');
      await context.close();
    }
  });

  it('disables every action and says why once the server refuses a write with 403', async () => {
    await using levity = await startLevity(readOnlyTokens);
    await levity.simulate('SIM-READ-1');
    const { context, page } = await newPage(browser, levity.url);
    try {
      await signIn(page, READ_TOKEN);
      await page.goto('/charge-points/SIM-READ-1');
      await page.getByLabel('Command', { exact: true }).selectOption('ClearCache');
      await page.getByRole('button', { name: 'Send ClearCache' }).click();
      await eventually(() => page.locator('.console-answer [role="alert"]').textContent()).toContain(
        'This token may only read',
      );
      await eventually(() => page.getByText('Actions are disabled').count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Send ClearCache' }).isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: 'Reject SIM-READ-1' }).isDisabled()).toBe(true);
      // Reading goes on.
      await page.getByRole('link', { name: 'Transactions' }).click();
      await eventually(() => page.getByText('No transaction matches.').count()).toBe(1);
    } finally {
      await screenshot(page, 'read-only-token');
      await context.close();
    }
  });
});
