import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { scriptCommand, spawnWithFileLimit, stopProcess } from './processes.js';

/**
 * The central systems the bench measures: Levity on SQLite, Levity on PostgreSQL (one
 * node, and two nodes sharing one database), and the bare ocpp-rpc reference.
 */
export const SERVERS = ['levity', 'levity-pg', 'levity-pg2', 'reference'] as const;
export type ServerName = (typeof SERVERS)[number];
export const SERVER_LABELS: Record<ServerName, string> = {
  levity: 'Levity',
  'levity-pg': 'Levity on PostgreSQL',
  'levity-pg2': 'Levity, 2 nodes on PostgreSQL',
  reference: 'ocpp-rpc',
};
/** What `npm run bench` measures without `--server`: nothing that needs PostgreSQL. */
export const DEFAULT_SERVERS: readonly ServerName[] = ['levity', 'reference'];
/** The servers that need a PostgreSQL server (`--pg-url`). */
export const POSTGRES_SERVERS: readonly ServerName[] = ['levity-pg', 'levity-pg2'];

/** What runs in one server process. */
export type ProcessKind = 'levity' | 'reference';

/** A central system under test, in a process of its own. */
export interface RunningServer {
  readonly name: ProcessKind;
  readonly pid: number;
  /** Where charge points connect, without the id. */
  readonly url: string;
  /** Its stdout and stderr. */
  readonly logFile: string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** A directory of its own: Levity's database, log and token file go there. */
  dir: string;
  /** Levity's database: a file (default `<dir>/levity.db`) or a `postgres://` URL. */
  database?: string;
  /** Levity's `--node-id` (several nodes on one PostgreSQL database); also names the log file. */
  nodeId?: string;
  /** Extra `levity` flags (the default settings otherwise). */
  levityArgs?: readonly string[];
  /** Extra node flags for the server process, e.g. `--cpu-prof`. */
  nodeArgs?: readonly string[];
  /** Another `levity` binary than the workspace's (to compare two builds). */
  levityBinary?: string;
}

/** The `levity` binary of the workspace (built by `pnpm build`). */
export function levityBinary(): string {
  const cli = dirname(createRequire(import.meta.url).resolve('@levity/cli/package.json'));
  if (!existsSync(join(cli, 'dist', 'bin.js'))) {
    throw new Error(`${cli}/dist is missing: build first (pnpm build, or npm run bench which does it)`);
  }
  return join(cli, 'bin', 'levity.js');
}

/** The environment without LEVITY_* variables: Levity runs with its default settings. */
function defaultEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('LEVITY_')));
}

/** Starts a server and resolves once it listens. */
export async function startServer(name: ProcessKind, options: ServerOptions): Promise<RunningServer> {
  const logFile = join(options.dir, `${name}${options.nodeId ? `-${options.nodeId}` : ''}.out`);
  const command =
    name === 'levity'
      ? [
          process.execPath,
          ...(options.nodeArgs ?? []),
          options.levityBinary ?? levityBinary(),
          '--db',
          options.database ?? join(options.dir, 'levity.db'),
          '--port',
          '0',
          ...(options.nodeId ? ['--node-id', options.nodeId] : []),
          ...(options.levityArgs ?? []),
        ]
      : scriptCommand('./reference-server.ts', ['--port', '0'], options.nodeArgs);
  const out = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawnWithFileLimit(command, {
      stdio: ['ignore', out, out],
      cwd: options.dir,
      env: defaultEnvironment(),
    });
  } finally {
    closeSync(out);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${name}`);
  try {
    const port = await listeningPort(child, logFile, 60_000);
    return {
      name,
      pid,
      url: `ws://127.0.0.1:${port}/ws`,
      logFile,
      stop: () => stopProcess(child, 30_000),
    };
  } catch (error) {
    await stopProcess(child, 1000);
    throw error;
  }
}

/** Watches the server's output for its JSON "listening" line and returns the port in it. */
async function listeningPort(child: ChildProcess, logFile: string, timeoutMs: number): Promise<number> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const text = readFileSync(logFile, 'utf8');
    for (const line of text.split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: unknown };
        if (entry.msg?.includes('listening') && typeof entry.port === 'number') return entry.port;
      } catch {
        // A line being written.
      }
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited before listening:\n${text.slice(-2000)}`);
    }
    await sleep(50);
  }
  throw new Error(`the server did not listen within ${timeoutMs} ms (see ${logFile})`);
}

/** How many lines of each level a pino JSON log holds (warn and above tell of trouble). */
export function logLevels(logFile: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const match of readFileSync(logFile, 'utf8').matchAll(/"level":"(\w+)"/g)) {
    const level = match[1] as string;
    counts[level] = (counts[level] ?? 0) + 1;
  }
  return counts;
}
