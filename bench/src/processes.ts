import type { ChildProcess, StdioOptions } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * Starts `command` with the soft open-files limit raised to the hard one (through `sh`,
 * which `exec`s it, so the pid is the command's own): every charge point costs one
 * socket on each side.
 */
export function spawnWithFileLimit(
  command: readonly string[],
  options: { stdio: StdioOptions; cwd?: string; env?: NodeJS.ProcessEnv },
): ChildProcess {
  const [file, ...args] = command as [string, ...string[]];
  if (process.platform === 'win32') return spawn(file, args, options);
  const raiseLimit =
    'h=$(ulimit -Hn); [ "$h" = unlimited ] && h=1048576; ulimit -Sn "$h" 2>/dev/null; exec "$@"';
  return spawn('/bin/sh', ['-c', raiseLimit, 'sh', file, ...args], options);
}

/** A TypeScript file of the bench, run by node with tsx, with an IPC channel to this process. */
export function spawnScript(relativeUrl: string, args: readonly string[]): ChildProcess {
  const script = fileURLToPath(new URL(relativeUrl, import.meta.url));
  return spawnWithFileLimit([process.execPath, '--import', tsxLoader, script, ...args], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** The command that runs a bench TypeScript file (for servers whose stdout goes to a file). */
export function scriptCommand(
  relativeUrl: string,
  args: readonly string[],
  nodeArgs: readonly string[] = [],
): string[] {
  const script = fileURLToPath(new URL(relativeUrl, import.meta.url));
  return [process.execPath, ...nodeArgs, '--import', tsxLoader, script, ...args];
}

/** The next IPC message from `child` that `accept` takes; rejects when it exits first or time runs out. */
export function nextMessage<T>(
  child: ChildProcess,
  accept: (message: unknown) => T | undefined,
  timeoutMs: number,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const done = (settle: () => void) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      settle();
    };
    const onMessage = (message: unknown) => {
      const value = accept(message);
      if (value !== undefined) done(() => resolve(value));
    };
    const onExit = (code: number | null, signal: string | null) =>
      done(() => reject(new Error(`child process exited (code ${code}, signal ${signal}) before answering`)));
    const timer = setTimeout(
      () => done(() => reject(new Error(`no answer from child process within ${timeoutMs} ms`))),
      timeoutMs,
    );
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Resolves with the exit code once `child` has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Asks `child` to stop (SIGTERM), then kills it if it has not exited within `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = exited(child);
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}
