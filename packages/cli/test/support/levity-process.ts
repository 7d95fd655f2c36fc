import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built binary; the repository's test command builds it before running tests. */
export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
/** The built library entry, for scripts that drive `main` themselves. */
export const INDEX = new URL('../../dist/index.js', import.meta.url).href;

export function assertBuilt(): void {
  if (!existsSync(BIN)) {
    throw new Error(
      `${BIN} is missing: these tests run the built levity binary. Build first with ` +
        '`pnpm build` (or run the whole suite with `npm test`, which builds).',
    );
  }
}

/** The parent's environment without LEVITY_ variables, so a developer's settings do not leak in. */
function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('LEVITY_')) env[key] = value;
  return { ...env, ...extra };
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running `levity` process. */
export interface LevityProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** The JSON log lines printed on stdout so far. */
  logLines(): Record<string, unknown>[];
  /** Resolves with the first log line that matches, failing after `timeoutMs` or when the process exits. */
  waitForLog(
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  exited: Promise<Exit>;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface SpawnOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** ES module code run instead of the binary; `process.argv.slice(1)` holds the levity arguments. */
  script?: string;
}

const running = new Set<ChildProcess>();

/** Kills whatever a test left running, so that no server outlives a failed or timed-out test. */
export function killStragglers(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

export function spawnLevity(args: string[], { cwd, env = {}, script }: SpawnOptions): LevityProcess {
  const entry = script === undefined ? [BIN] : ['--input-type=module', '--eval', script, '--'];
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  let done = false;
  const exited = new Promise<Exit>((resolve) => {
    child.on('close', (code, signal) => {
      done = true;
      running.delete(child);
      resolve({ code, signal, stdout, stderr });
      for (const listener of listeners) listener();
    });
  });

  const logLines = () =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    logLines,
    exited,
    waitForLog(match, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = logLines().find(match);
          if (line) return finish(() => resolve(line));
          if (done) {
            finish(() =>
              reject(
                new Error(
                  `levity exited before the expected log line.\nstdout:\n${stdout}\nstderr:\n${stderr}`,
                ),
              ),
            );
          }
        };
        const timer = setTimeout(
          () =>
            finish(() =>
              reject(
                new Error(`no such log line within ${timeoutMs} ms.\nstdout:\n${stdout}\nstderr:\n${stderr}`),
              ),
            ),
          timeoutMs,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    async [Symbol.asyncDispose]() {
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** Runs `levity` to completion (for flags that exit at once). */
export async function runLevity(args: string[], options: SpawnOptions): Promise<Exit> {
  const levity = spawnLevity(args, options);
  const timer = setTimeout(() => levity.child.kill('SIGKILL'), 15_000);
  try {
    return await levity.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** The start-up line of the CLI, which says where it listens and which database it uses. */
export const isStartupLine = (line: Record<string, unknown>): boolean =>
  typeof line.msg === 'string' &&
  line.msg.startsWith('levity listening on ') &&
  typeof line.database === 'string';
