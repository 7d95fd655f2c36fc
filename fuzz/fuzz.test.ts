import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCampaign } from './campaign.js';
import type { LevityUnderTest } from './levity-process.js';
import { startLevity } from './levity-process.js';

// The fuzz campaign in small, on every test run: a few thousand generated frames
// against the built levity binary on SQLite. `npm run fuzz` runs 100 000 and more.

let levity: LevityUnderTest;

beforeAll(async () => {
  levity = await startLevity();
});
afterAll(async () => {
  await levity?.stop();
});

describe('the fuzzed wire', () => {
  it('keeps every property over a few thousand hostile frames', async () => {
    const report = await runCampaign(levity, { frames: 2000 });
    // On failure, the report names the seed and the shrunk batch that replay it.
    expect(report.failures).toEqual([]);
    expect(report.crashes).toBe(0);
    expect(report.counts.framesSent).toBeGreaterThanOrEqual(2000);
    expect(report.counts.wellFormedCalls).toBeGreaterThan(50);
    expect(report.counts.unanswered).toBe(0);
    expect(report.counts.badErrorCodes).toEqual({});
    expect(report.wellBehaved.calls).toBeGreaterThan(0);
    expect(report.wellBehaved.failures).toEqual([]);
    expect(report.readRoutes.failures).toEqual([]);
    expect(report.readRoutes.transactions).toBeGreaterThan(0);
    expect(report.maxRssMb).toBeLessThan(512);
  });
});
