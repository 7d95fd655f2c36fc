import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CentralSystem } from '@levity/core';
import { createCentralSystem } from '@levity/core';
import { SqliteStorage } from '@levity/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChargePoint } from './charge-point.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const tsx = join(here, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx');

/** Runs charge-point.ts as a script and collects its exit code and output. */
function runScript(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [join(here, 'charge-point.ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the charge point example', () => {
  let dir: string;
  let storage: SqliteStorage;
  let cs: CentralSystem;
  let url: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'levity-examples-'));
    storage = await SqliteStorage.open({ filename: join(dir, 'levity.db') });
    cs = createCentralSystem({ storage, pingIntervalSeconds: 0 });
    const { port } = await cs.listen({ host: '127.0.0.1', port: 0 });
    url = `ws://127.0.0.1:${port}/ws`;
  });

  afterAll(async () => {
    await cs?.close();
    await storage?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs a whole charging session that the central system stores', async () => {
    const result = await runChargePoint({ url, id: 'CP-SESSION', meterValueCount: 4, log: () => {} });

    expect(result.boot.status).toBe('Accepted');
    expect(result.stop.idTagInfo?.status).toBe('Accepted');
    expect(await storage.chargePoints.get('CP-SESSION')).toMatchObject({
      vendor: 'Levity',
      model: 'Example-CP',
      registrationStatus: 'Accepted',
    });
    expect(await storage.transactions.get(result.transactionId)).toMatchObject({
      chargePointId: 'CP-SESSION',
      connectorId: 1,
      idTag: 'EXAMPLE-TAG',
      meterStart: result.meterStart,
      meterStop: result.meterStop,
      stopReason: 'EVDisconnected',
      anomaly: null,
    });
    expect(await storage.connectors.get('CP-SESSION', 1)).toMatchObject({ status: 'Available' });

    const values = await storage.meterValues.list({ transactionId: result.transactionId });
    expect(values).toHaveLength(result.sampledValuesSent);
    const energy = values
      .filter((v) => v.measurand === 'Energy.Active.Import.Register')
      .map((v) => ({ wh: Number(v.value), source: v.source, unit: v.unit }));
    expect(energy).toHaveLength(5);
    expect(energy.every((v) => v.unit === 'Wh')).toBe(true);
    expect(energy.map((v) => v.wh)).toEqual([...energy.map((v) => v.wh)].sort((a, b) => a - b));
    expect(energy.at(-1)).toEqual({ wh: result.meterStop, source: 'StopTransaction', unit: 'Wh' });
    expect(new Set(values.map((v) => v.measurand))).toEqual(
      new Set(['Energy.Active.Import.Register', 'Power.Active.Import', 'Current.Import', 'Voltage', 'SoC']),
    );
  });

  it('runs as a script and exits 0', async () => {
    const { code, stdout, stderr } = await runScript([
      '--url',
      url,
      '--id',
      'CP-SCRIPT',
      '--interval-ms',
      '0',
    ]);

    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('CP-SCRIPT charged');
    const [transaction] = await storage.transactions.list({ chargePointId: 'CP-SCRIPT' });
    expect(transaction).toMatchObject({ stopReason: 'EVDisconnected' });
  });

  it('exits non-zero when it cannot reach the central system', async () => {
    const closed = createCentralSystem();
    const { port } = await closed.listen({ host: '127.0.0.1', port: 0 });
    await closed.close();

    const { code, stderr } = await runScript([`ws://127.0.0.1:${port}/ws`, 'CP-NOWHERE']);

    expect(code).toBe(1);
    expect(stderr).toContain('charge point failed');
  });
});
