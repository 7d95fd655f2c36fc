// End to end: the built `levity simulate` against the built `levity` server on SQLite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDriver } from '@levity/sqlite';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LevityProcess } from './support/levity-process.js';
import {
  assertBuilt,
  isStartupLine,
  killStragglers,
  runLevity,
  spawnLevity,
} from './support/levity-process.js';

let dir: string;

beforeAll(() => {
  assertBuilt();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'levity-simulate-e2e-'));
});
afterEach(() => {
  killStragglers();
  rmSync(dir, { recursive: true, force: true });
});

/** Polls the process's stderr until it matches, failing after `timeoutMs` or when the process exits. */
async function waitForStderr(process: LevityProcess, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void process.exited.then(() => {
    exited = true;
  });
  for (;;) {
    const match = process.stderr().match(pattern);
    if (match) return match[0];
    if (exited || Date.now() > deadline) {
      throw new Error(`stderr never matched ${pattern}:\n${process.stderr()}\nstdout:\n${process.stdout()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('levity simulate', () => {
  it('runs charge points against levity, prints a summary every second, stops its sessions and exits 0 on SIGINT', async () => {
    const db = join(dir, 'simulated.db');
    await using server = spawnLevity(
      ['--host', '127.0.0.1', '--port', '0', '--db', db, '--log-file', '', '--ping-interval', '0'],
      { cwd: dir },
    );
    const { port } = (await server.waitForLog(isStartupLine)) as { port: number };

    await using simulator = spawnLevity(
      [
        'simulate',
        '--url',
        `ws://127.0.0.1:${port}/ws`,
        '--cps',
        '4',
        '--session-seconds',
        '1',
        '--meter-interval',
        '1',
        '--id-prefix',
        'E2E-',
      ],
      { cwd: dir },
    );
    await waitForStderr(simulator, /running {2}connected 4\/4 {2}booted 4\/4 .*completed [1-9]/);
    simulator.child.kill('SIGINT');
    const exit = await simulator.exited;
    expect(exit.code).toBe(0);
    expect(exit.stdout).toBe('');
    const lines = exit.stderr.trimEnd().split('\n');
    // Not a terminal: one line per summary, each starting with the command's name.
    expect(lines.every((line) => line.startsWith('levity simulate: '))).toBe(true);
    expect(lines.at(-1)).toMatch(
      /stopped {2}connected 0\/4 {2}booted 4\/4 {2}charging 0 {2}completed \d+ .*errors 0$/,
    );

    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    const database = new SqliteDriver(db, { readonly: true, fileMustExist: true });
    try {
      const chargePoints = database.prepare('SELECT id FROM cp ORDER BY id').all() as { id: string }[];
      expect(chargePoints.map((cp) => cp.id)).toEqual(['E2E-1', 'E2E-2', 'E2E-3', 'E2E-4']);
      const transactions = database.prepare('SELECT stopped_at, stop_reason FROM tx').all() as {
        stopped_at: string | null;
        stop_reason: string | null;
      }[];
      const completed = Number(lines.at(-1)?.match(/completed (\d+)/)?.[1]);
      expect(transactions).toHaveLength(completed);
      expect(transactions.every((tx) => tx.stopped_at !== null)).toBe(true);
      expect(new Set(transactions.map((tx) => tx.stop_reason))).toContain('EVDisconnected');
      const meterValues = database.prepare('SELECT COUNT(*) AS n FROM meter_val').get() as { n: number };
      expect(meterValues.n).toBeGreaterThan(completed);
    } finally {
      database.close();
    }
  });

  it('stops by itself after --duration', async () => {
    await using server = spawnLevity(
      ['--host', '127.0.0.1', '--port', '0', '--db', ':memory:', '--log-file', '', '--ping-interval', '0'],
      { cwd: dir },
    );
    const { port } = (await server.waitForLog(isStartupLine)) as { port: number };
    const exit = await runLevity(
      [
        'simulate',
        '--url',
        `ws://127.0.0.1:${port}/ws`,
        '--cps',
        '2',
        '--duration',
        '2',
        '--session-seconds',
        '0.5',
      ],
      { cwd: dir },
    );
    expect(exit.code).toBe(0);
    expect(exit.stderr.trimEnd().split('\n').at(-1)).toMatch(/stopped {2}connected 0\/2 {2}booted 2\/2 /);
  });

  it('exits 1 when no charge point can boot', async () => {
    const exit = await runLevity(
      ['simulate', '--url', 'ws://127.0.0.1:1/ws', '--cps', '2', '--duration', '1'],
      {
        cwd: dir,
      },
    );
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('connect: ECONNREFUSED');
    expect(exit.stderr.trimEnd().split('\n').at(-1)).toBe(
      'levity simulate: no charge point could boot at ws://127.0.0.1:1/ws',
    );
  });

  it('exits 2 with one line on stderr for a bad flag, without connecting', async () => {
    const exit = await runLevity(['simulate', '--url', 'ws://127.0.0.1:9/ws', '--cps', 'many'], { cwd: dir });
    expect(exit).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'levity simulate: invalid --cps "many": expected an integer from 1 to 100000\n',
    });
  });

  it('prints its help and exits 0', async () => {
    const exit = await runLevity(['simulate', '--help'], { cwd: dir });
    expect(exit).toMatchObject({ code: 0, stderr: '' });
    expect(exit.stdout).toContain('--session-seconds');
  });
});
