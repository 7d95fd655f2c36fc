// A server under test as the load generator sees it: one process (Levity on SQLite, the
// reference), or several Levity nodes sharing one PostgreSQL database.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchDatabase } from './pg-database.js';
import { createBenchDatabase } from './pg-database.js';
import type { RunningServer, ServerName, ServerOptions } from './servers.js';
import { logLevels, startServer } from './servers.js';

/** The `--node-id` of each Levity node of a server (one node: none). */
export const NODE_IDS: Record<ServerName, readonly string[]> = {
  levity: [],
  'levity-pg': [],
  'levity-pg2': ['a', 'b'],
  reference: [],
};

/** Where the load generator connects and what it measures. */
export interface Target {
  /** One endpoint per node, without the id; charge points are split evenly between them. */
  readonly urls: readonly string[];
  /** The server's processes, whose CPU and RSS are summed. */
  readonly pids: readonly number[];
  /** The postmaster of the PostgreSQL server, when it runs on this machine. */
  readonly databasePid: number | null;
}

export interface Deployment extends Target {
  readonly name: ServerName;
  readonly processes: readonly RunningServer[];
  /** Lines the processes have logged so far, by level, summed. */
  logLevels(): Record<string, number>;
  /** Stops every process, then drops the database it had. */
  stop(): Promise<void>;
}

export interface DeploymentOptions extends ServerOptions {
  /** The PostgreSQL server of the `levity-pg` servers. */
  pgUrl?: string | null;
  /** Names the run's database (`levity_bench_<label>_…`). */
  label?: string;
}

/**
 * Starts a server under test. `levity-pg` and `levity-pg2` get a database of their own on
 * `pgUrl`; the nodes of `levity-pg2` start one after the other (the first migrates the
 * database), each in a directory of its own (its token file), with its own `--node-id`.
 *
 * @example
 *   const server = await startDeployment('levity-pg2', { dir, pgUrl: 'postgres://…' });
 *   // server.urls: ['ws://127.0.0.1:41001/ws', 'ws://127.0.0.1:41002/ws']
 *   await server.stop();
 */
export async function startDeployment(name: ServerName, options: DeploymentOptions): Promise<Deployment> {
  if (name === 'reference' || name === 'levity') {
    const server = await startServer(name, options);
    return deployment(name, [server], null);
  }
  if (!options.pgUrl) throw new Error(`${name} needs a PostgreSQL server (--pg-url)`);
  const database = await createBenchDatabase(options.pgUrl, options.label ?? name);
  const processes: RunningServer[] = [];
  try {
    const nodeIds = NODE_IDS[name].length > 0 ? NODE_IDS[name] : [undefined];
    for (const nodeId of nodeIds) {
      const dir = nodeId ? join(options.dir, nodeId) : options.dir;
      mkdirSync(dir, { recursive: true });
      processes.push(
        await startServer('levity', {
          ...options,
          dir,
          database: database.url,
          ...(nodeId ? { nodeId } : {}),
        }),
      );
    }
  } catch (error) {
    for (const server of processes) await server.stop();
    await database.drop();
    throw error;
  }
  return deployment(name, processes, database);
}

function deployment(
  name: ServerName,
  processes: RunningServer[],
  database: BenchDatabase | null,
): Deployment {
  return {
    name,
    processes,
    urls: processes.map((server) => server.url),
    pids: processes.map((server) => server.pid),
    databasePid: database?.postmasterPid ?? null,
    logLevels() {
      const counts: Record<string, number> = {};
      for (const server of processes) {
        for (const [level, n] of Object.entries(logLevels(server.logFile)))
          counts[level] = (counts[level] ?? 0) + n;
      }
      return counts;
    },
    async stop() {
      await Promise.all(processes.map((server) => server.stop()));
      await database?.drop();
    },
  };
}
