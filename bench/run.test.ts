import { describe, expect, it } from 'vitest';
import { defaultLoadOptions } from './flags.js';
import { runBenchmark } from './run.js';

describe('the benchmark', () => {
  it('drives a live server with 5 charge points for 3 s without errors or lost meter values', async () => {
    const report = await runBenchmark({ ...defaultLoadOptions, cps: 5, durationSeconds: 3, batchSize: 5 });

    expect(report.load.errors).toEqual({});
    expect(report.load.connected).toBe(5);
    expect(report.load.measuredCalls).toBeGreaterThan(50);
    expect(report.load.sampledValues.unanswered).toBe(0);
    expect(report.stored.meterValues).toBe(report.load.sampledValues.acknowledged);
    expect(report.stored.stoppedTransactions).toBe(report.load.sessions.stopped);
    expect(report.stored.journalMode).toBe('wal');
    expect(report.server.peakRssMb).toBeGreaterThan(0);
  });
});
