// `levity … | head -1`: the built binary, its stdout a pipe whose reader goes away.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootInfo } from '@levity/core/testing';
import { SqliteStorage } from '@levity/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  BIN,
  isStartupLine,
  killStragglers,
  type LevityProcess,
  spawnLevity,
} from './support/levity-process.js';

const CONNECTORS = 1000;

let dir: string;
let db: string;
let server: LevityProcess;
let client: string[];

/** A charge point with many connectors: `cp show` prints far more than a pipe holds (64 KB). */
async function seed(file: string): Promise<void> {
  const storage = await SqliteStorage.open({ filename: file });
  try {
    const at = '2025-02-01T08:00:00.000Z';
    await storage.chargePoints.recordBoot('CP-MANY', bootInfo({ at }));
    for (let connectorId = 1; connectorId <= CONNECTORS; connectorId++) {
      await storage.connectors.recordStatus({
        chargePointId: 'CP-MANY',
        connectorId,
        status: 'Available',
        errorCode: 'NoError',
        info: `connector ${connectorId} of a charge point with very many of them`.slice(0, 50),
        vendorId: null,
        vendorErrorCode: null,
        timestamp: at,
        receivedAt: at,
      });
    }
  } finally {
    await storage.close();
  }
}

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  firstLine: string;
}

/**
 * Runs `levity args` with stdout a pipe; `closeAfter` `'first line'` reads one line and
 * then closes the pipe (as `head -1` does), `'start'` closes it before anything is written.
 */
function runPiped(args: string[], closeAfter: 'first line' | 'start'): Promise<Ended> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  let stderr = '';
  let firstLine = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  if (closeAfter === 'start') {
    child.stdout.destroy();
  } else {
    let seen = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      seen += chunk;
      const end = seen.indexOf('\n');
      if (end >= 0 && !child.stdout.destroyed) {
        firstLine = seen.slice(0, end);
        child.stdout.destroy();
      }
    });
  }
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, firstLine });
    }),
  );
}

beforeAll(async () => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'levity-pipe-'));
  db = join(dir, 'pipe.db');
  await seed(db);
  server = spawnLevity(
    ['--host', '127.0.0.1', '--port', '0', '--db', db, '--ping-interval', '0', '--log-file', ''],
    { cwd: dir },
  );
  const startup = await server.waitForLog(isStartupLine);
  client = ['--url', `http://127.0.0.1:${String(startup.port)}`, '--token-file', `${db}.token`];
});

afterAll(async () => {
  await server?.[Symbol.asyncDispose]();
  killStragglers();
  rmSync(dir, { recursive: true, force: true });
});

describe('a CLI whose reader closes the pipe', () => {
  it('ends `levity cp show ID | head -1` quietly with exit code 0, every time', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const ended = await runPiped(['cp', 'show', 'CP-MANY', ...client], 'first line');
      expect(ended.firstLine).toMatch(/CP-MANY/);
      expect(ended, `attempt ${attempt}`).toMatchObject({ code: 0, signal: null, stderr: '' });
    }
  });

  it.each([
    [['cp', 'show', 'CP-MANY']],
    [['cp', 'show', 'CP-MANY', '--json']],
    [['cp', 'list']],
    [['tx', 'list']],
    [['idtag', 'list']],
    [['token', 'list']],
    [['cp', '--help']],
    [['--help']],
    [['--version']],
    [['simulate', '--help']],
  ])('ends `levity %j` quietly with exit code 0 when stdout is closed before it prints', async (args) => {
    const withClient = args.includes('--help') || args.includes('--version') ? args : [...args, ...client];
    expect(await runPiped(withClient, 'start')).toMatchObject({ code: 0, signal: null, stderr: '' });
  });
});
