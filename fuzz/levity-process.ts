/**
 * The system under test: the built `levity` binary on a SQLite file in a temporary
 * directory, its HTTP API and charge point endpoint on one free port. Tracks whether
 * it exits (a crash) and how much memory it holds.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The binary the repository's build produces. */
export const LEVITY_BIN = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));

export interface LevityExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface LevityUnderTest {
  readonly wsUrl: string;
  readonly httpUrl: string;
  readonly token: string;
  readonly pid: number;
  readonly maxFrameBytes: number;
  /** Set once the process exited by itself (a crash, as nobody asked it to stop). */
  crashed(): LevityExit | undefined;
  /** Resident memory now, in bytes. */
  rssBytes(): number;
  /** The highest resident memory seen (the kernel's high-water mark on Linux). */
  maxRssBytes(): number;
  /** Bytes written to levity.log so far. */
  logBytes(): number;
  /** Bytes of the SQLite database (and its WAL). */
  databaseBytes(): number;
  /** SIGTERM, then waits for a clean exit; removes the directory. */
  stop(): Promise<LevityExit>;
}

function readStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

function rssKb(pid: number): number {
  const fromProc = readStatusKb(pid, 'VmRSS');
  if (fromProc !== undefined) return fromProc;
  try {
    return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) || 0;
  } catch {
    return 0;
  }
}

/**
 * Starts `levity` with the flags given after the fuzzer's own (`--port 0`, a token, a
 * temporary database and log file), and waits for its start-up line.
 */
export async function startLevity(extraArgs: readonly string[] = []): Promise<LevityUnderTest> {
  if (!existsSync(LEVITY_BIN)) {
    throw new Error(`${LEVITY_BIN} is missing: build first (npm run fuzz and npm test do).`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'levity-fuzz-'));
  const token = `fuzz-${Math.random().toString(36).slice(2)}`;
  const maxFrameBytes = 1024 * 1024;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      LEVITY_BIN,
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--db',
      join(dir, 'fuzz.db'),
      '--log-file',
      join(dir, 'levity.log'),
      '--api-token',
      token,
      '--ping-interval',
      '0',
      '--max-frame-size',
      String(maxFrameBytes),
      ...extraArgs,
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: withoutLevityVariables() },
  );
  let exit: LevityExit | undefined;
  let stopping = false;
  const exited = new Promise<LevityExit>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    }),
  );
  let peakKb = 0;
  const sampler = setInterval(() => {
    if (child.pid !== undefined && exit === undefined) peakKb = Math.max(peakKb, rssKb(child.pid));
  }, 200);
  sampler.unref();

  const port = await new Promise<number>((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (const line of buffer.split('\n')) {
        if (!line.includes('levity listening on')) continue;
        child.stdout?.off('data', onData);
        // The log goes to the file too; stdout is drained and dropped from here on.
        child.stdout?.resume();
        resolve((JSON.parse(line) as { port: number }).port);
        return;
      }
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', () => {});
    void exited.then((code) => reject(new Error(`levity exited before listening: ${JSON.stringify(code)}`)));
  });
  // Keep draining stdout so that the pipe never fills.
  child.stdout?.on('data', () => {});

  const pid = child.pid as number;
  return {
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    httpUrl: `http://127.0.0.1:${port}`,
    token,
    pid,
    maxFrameBytes,
    crashed: () => (stopping ? undefined : exit),
    rssBytes: () => rssKb(pid) * 1024,
    maxRssBytes: () => Math.max(peakKb, readStatusKb(pid, 'VmHWM') ?? 0) * 1024,
    logBytes: () => fileSize(join(dir, 'levity.log')),
    databaseBytes: () => fileSize(join(dir, 'fuzz.db')) + fileSize(join(dir, 'fuzz.db-wal')),
    async stop() {
      stopping = true;
      clearInterval(sampler);
      if (exit === undefined) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const result = await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      return result;
    },
  };
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** The parent's environment without LEVITY_ variables, so a developer's settings do not leak in. */
function withoutLevityVariables(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('LEVITY_')));
}
