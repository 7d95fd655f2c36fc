import { describe, expect, it } from 'vitest';
import type { FleetSummary } from '../src/index.js';
import { formatSummary, runFleet } from '../src/index.js';
import { startTestBed } from './support/central-system.js';

describe('runFleet', () => {
  it('boots every charge point, completes transactions with meter values, and loses nothing', async () => {
    await using bed = await startTestBed();
    const remoteAddresses = new Set<string | null>();
    bed.cs.on('connected', ({ remoteAddress }) => remoteAddresses.add(remoteAddress));
    const summaries: FleetSummary[] = [];
    const summary = await runFleet({
      url: bed.url,
      count: 20,
      connectors: 2,
      idPrefix: 'FLEET-',
      sessionSeconds: 1,
      idleSeconds: 0.2,
      meterIntervalSeconds: 1,
      durationSeconds: 4,
      batchSize: 8,
      summaryIntervalMs: 250,
      onSummary: (s) => summaries.push(s),
    });

    expect(summary).toMatchObject({
      phase: 'stopped',
      chargePoints: 20,
      booted: 20,
      connected: 0,
      activeTransactions: 0,
    });
    expect(summary.errors).toEqual({});
    expect(summary.completedTransactions).toBe(summary.startedTransactions);
    expect(summary.completedTransactions).toBeGreaterThanOrEqual(20);
    expect(summaries.some((s) => s.phase === 'running' && s.booted === 20 && s.callsPerSecond > 0)).toBe(
      true,
    );
    expect(summaries.at(-1)).toEqual(summary);
    expect(formatSummary(summary)).toMatch(/stopped {2}connected 0\/20 {2}booted 20\/20 .* errors 0$/);

    // Everything the fleet did is stored: no transaction lost or left open.
    const chargePoints = await bed.storage.chargePoints.list();
    expect(chargePoints.map((cp) => cp.id).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `FLEET-${i + 1}`).sort(),
    );
    expect(chargePoints.every((cp) => cp.registrationStatus === 'Accepted')).toBe(true);
    const transactions = await bed.storage.transactions.list({ limit: 10_000 });
    expect(transactions).toHaveLength(summary.startedTransactions);
    expect(
      transactions.every((tx) => tx.stoppedAt !== null && tx.meterStop !== null && tx.anomaly === null),
    ).toBe(true);
    expect(transactions.every((tx) => (tx.meterStop ?? 0) >= (tx.meterStart ?? Infinity))).toBe(true);
    const ends = await bed.storage.meterValues.list({ limit: 1_000_000 });
    expect(ends.filter((v) => v.context === 'Transaction.End')).toHaveLength(transactions.length);
    expect(ends.some((v) => v.context === 'Sample.Periodic')).toBe(true);
    if (process.platform === 'linux') expect(remoteAddresses.size).toBe(4);
  });

  it('stops when its signal aborts, ending the sessions in progress as Local', async () => {
    await using bed = await startTestBed();
    const controller = new AbortController();
    const summary = await runFleet({
      url: bed.url,
      count: 3,
      // Sessions start spread over one session and pause; long sessions are still running at the abort.
      sessionSeconds: 1.5,
      idleSeconds: 0,
      signal: controller.signal,
      summaryIntervalMs: 50,
      onSummary: (s) => {
        if (s.activeTransactions >= 2) controller.abort();
      },
    });
    expect(summary.activeTransactions).toBe(0);
    expect(summary.completedTransactions).toBe(summary.startedTransactions);
    const transactions = await bed.storage.transactions.list();
    expect(transactions).toHaveLength(summary.startedTransactions);
    expect(transactions.filter((tx) => tx.stopReason === 'Local').length).toBeGreaterThanOrEqual(2);
    expect(transactions.every((tx) => tx.stoppedAt !== null)).toBe(true);
  });

  it('counts what fails by kind', async () => {
    await using bed = await startTestBed({ bootPolicy: 'known-only' });
    await bed.cs.chargePoints.accept('KNOWN-1');
    const summary = await runFleet({
      url: bed.url,
      count: 2,
      idPrefix: 'KNOWN-',
      sessionSeconds: 0.2,
      durationSeconds: 1,
    });
    expect(summary.booted).toBe(1);
    expect(summary.errors['BootNotification: Rejected']).toBeGreaterThanOrEqual(1);
  });
});
