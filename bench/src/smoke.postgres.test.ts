// The PostgreSQL servers of the bench in a tiny MeterValues run: one node and two nodes on
// a fresh database each, with the nodes' CPU and PostgreSQL's measured.
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { runBench } from './bench.js';
import { parseBenchOptions } from './options.js';
import { formatResult } from './table.js';

/** What the global setup (packages/postgres/test/support) tells about the run's server. */
const server = (inject as (key: string) => unknown)('levityPg') as {
  url: string | null;
  bin: string | null;
  skipReason: string | null;
};

async function benchDatabases(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      "select datname from pg_database where datname like 'levity\\_bench\\_%'",
    );
    return rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}

describe.skipIf(server.url === null)('the benchmark on PostgreSQL', () => {
  it('measures one node and two nodes on fresh databases, with PostgreSQL’s CPU, and drops the databases', async () => {
    const url = server.url as string;
    const options = parseBenchOptions(
      [
        ...['--scenario', 'meter', '--server', 'levity-pg,levity-pg2', '--pg-url', url],
        ...['--cps', '6', '--ladder', '20', '--refine', '0', '--warmup', '0.2', '--step', '0.5'],
      ],
      {},
    );
    if (options === 'help') throw new Error('unexpected --help');
    const result = await runBench(options, () => {});

    expect(result.skipped).toBeNull();
    expect(result.runs.map((run) => run.server)).toEqual(['levity-pg', 'levity-pg2']);
    for (const run of result.runs) {
      expect(run.report.join, run.server).toMatchObject({ connected: 6, booted: 6, failures: {} });
      expect(run.report.knee, run.server).toBe(20);
      expect(run.serverLog.error ?? 0, run.server).toBe(0);
      const step = run.report.steps.at(-1);
      expect(step?.errors).toEqual({});
      expect(step?.nodeCpuPercents, run.server).toHaveLength(run.server === 'levity-pg2' ? 2 : 1);
      // A cluster the tests started runs here, so its processes can be read.
      if (server.bin !== null) expect(step?.databaseCpuPercent, run.server).not.toBeNull();
    }
    const text = formatResult(result, 'npm run bench -- (smoke)');
    expect(text).toContain('| Levity, 2 nodes on PostgreSQL |');
    if (server.bin !== null) expect(text).toContain('PostgreSQL CPU µs/call');
    expect(await benchDatabases(url)).toEqual([]);
  });
});
