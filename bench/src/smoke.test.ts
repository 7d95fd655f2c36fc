import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drive, runBench, scenarioSpec } from './bench.js';
import type { Deployment } from './deployment.js';
import { startDeployment } from './deployment.js';
import type { BenchOptions, ScenarioName } from './options.js';
import { parseBenchOptions } from './options.js';
import { formatResult } from './table.js';

/** Every scenario scaled down to a second or so. */
function tiny(extra: string[] = []): BenchOptions {
  const options = parseBenchOptions([
    ...['--cps', '5', '--ladder', '20,40', '--refine', '1', '--warmup', '0.2', '--step', '0.5'],
    ...['--fixed', '0.5', '--rate', '20', '--fleet', '30', '--storm-rate', '200', '--hold', '0.3'],
    ...['--growth-rows', '2000', '--growth', '0.5', ...extra],
  ]);
  if (options === 'help') throw new Error('unexpected --help');
  return options;
}

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'levity-bench-test-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the benchmark', () => {
  it('drives every kind of scenario against the levity binary and the ocpp-rpc reference', async () => {
    const options = tiny();
    const servers = await Promise.all([
      startDeployment('levity', { dir: tempDir() }),
      startDeployment('reference', { dir: tempDir() }),
    ]);
    try {
      const scenarios: ScenarioName[] = ['meter', 'mix', 'p99', 'idle', 'storm'];
      for (const scenario of scenarios) {
        const spec = scenarioSpec(scenario, options);
        const size = spec.kind === 'fleet' ? spec.size : spec.cps;
        const reports = await Promise.all(
          servers.map((server: Deployment) => drive(server, spec, options, () => {})),
        );
        for (const report of reports) {
          expect(report.join, scenario).toMatchObject({
            attempted: size,
            connected: size,
            booted: size,
            failures: {},
          });
          if (spec.kind === 'fleet') expect(report.hold?.connectedAtEnd, scenario).toBe(size);
          else
            expect(
              report.steps.every((step) => Object.keys(step.errors).length === 0),
              scenario,
            ).toBe(true);
          if (spec.kind === 'knee') expect(report.knee, scenario).not.toBeNull();
        }
      }
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
  }, 120_000);

  it('alternates the servers, pre-fills the growth database and prints Markdown tables with ratios', async () => {
    const result = await runBench(tiny(['--scenario', 'storm,growth']), () => {});

    expect(result.runs.map((run) => `${run.scenario}/${run.server}/${run.rows ?? '-'}`)).toEqual([
      'storm/levity/-',
      'storm/reference/-',
      'growth/levity/0',
      'growth/levity/2000',
    ]);
    expect(result.prefill?.meterValues).toBe(2000);
    for (const run of result.runs) expect(run.serverLog.error ?? 0).toBe(0);
    const text = formatResult(result, 'npm run bench -- (smoke)');
    expect(text).toContain('| connect storm at 200/s | **Levity ÷ ocpp-rpc** |');
    expect(text).toContain('| Levity, meter_val at 2,000 rows |');
    expect(text).toContain('connect storm: 30 connected, 0 failed, 30 booted of 30 (met)');
  }, 120_000);
});
