import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * Runs a bench/*.ts file in its own node process with an IPC channel. On POSIX it
 * starts through `sh` to raise the soft open-files limit to the hard one first:
 * every charge point costs one socket on each side.
 */
export function spawnScript(file: string, args: string[]): ChildProcess {
  const command = [
    process.execPath,
    '--import',
    tsxLoader,
    fileURLToPath(new URL(file, import.meta.url)),
    ...args,
  ];
  const stdio = ['ignore', 'inherit', 'inherit', 'ipc'] as const;
  if (process.platform === 'win32')
    return spawn(command[0] as string, command.slice(1), { stdio: [...stdio] });
  const raiseLimit =
    'h=$(ulimit -Hn); [ "$h" = unlimited ] && h=1048576; ulimit -Sn "$h" 2>/dev/null; exec "$@"';
  return spawn('/bin/sh', ['-c', raiseLimit, 'sh', ...command], { stdio: [...stdio] });
}

/** The next IPC message from `child` that `accept` takes, or a rejection when it exits or time runs out. */
export function nextMessage<T>(
  child: ChildProcess,
  accept: (message: unknown) => T | undefined,
  timeoutMs: number,
) {
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
      () => done(() => reject(new Error(`no answer from child within ${timeoutMs} ms`))),
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
