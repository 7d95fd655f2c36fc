import { Worker } from 'node:worker_threads';
import type { SqliteStorageLogger } from '../migrations.js';
import { driverPath } from './driver.js';

/** How often the checkpoint thread checks the WAL while there is nothing to copy. */
const IDLE_INTERVAL_MS = 100;

// The thread's code, run with `eval`, so that it needs no file of its own in the built
// package. It uses neither `require` nor `import`: Node 22 may run eval code as an ES
// module (no `require`), Node 20 as CommonJS (no `import`); process.getBuiltinModule
// works in both. It opens its own connection and copies the WAL into the database
// (PASSIVE: it never waits for, nor blocks, the writer or the readers), again and again
// while there is work, every IDLE_INTERVAL_MS otherwise.
const THREAD = `
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
const Database = process.getBuiltinModule('node:module').createRequire(workerData.driver)(workerData.driver);
const db = new Database(workerData.filename, { timeout: workerData.busyTimeoutMs });
let stopping = false;
parentPort.on('message', (message) => { if (message === 'stop') stopping = true; });
function step() {
  if (stopping) { db.close(); parentPort.close(); return; }
  let copied = 0;
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    copied = result ? result.checkpointed : 0;
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
  setTimeout(step, copied > 0 ? 0 : workerData.idleIntervalMs);
}
step();
`;

/**
 * Checkpoints a WAL database from a thread of its own. In WAL mode every COMMIT appends
 * to the WAL; a checkpoint copies those pages into the database file and syncs it.
 * SQLite runs checkpoints in whichever connection commits when the WAL passes 1000
 * pages, so on Levity's only write connection they would stall the main thread (the
 * OCPP answers) for the copy and the fsync. With this thread the writer turns automatic
 * checkpoints off. Should the thread fail, the writer's automatic checkpoints come back.
 *
 * @example
 * db.pragma('wal_autocheckpoint = 0');
 * const checkpointer = new Checkpointer({ filename, busyTimeoutMs, logger, onFailure: () => db.pragma('wal_autocheckpoint = 1000') });
 * await checkpointer.stop();
 */
export class Checkpointer {
  readonly #worker: Worker;
  readonly #exited: Promise<void>;
  #stopping = false;

  constructor(options: {
    filename: string;
    busyTimeoutMs: number;
    logger: SqliteStorageLogger | undefined;
    /** Called if the thread ends before `stop()`: the writer should checkpoint itself again. */
    onFailure: () => void;
  }) {
    const { logger } = options;
    this.#worker = new Worker(THREAD, {
      eval: true,
      workerData: {
        // The same better-sqlite3 as the main thread's (see driver.ts).
        driver: driverPath,
        filename: options.filename,
        busyTimeoutMs: options.busyTimeoutMs,
        idleIntervalMs: IDLE_INTERVAL_MS,
      },
    });
    // It must not keep the process alive on its own.
    this.#worker.unref();
    this.#worker.on('message', (message: { error?: string }) => {
      if (message.error) logger?.warn({ reason: message.error }, 'SQLite checkpoint failed');
    });
    this.#worker.on('error', (error) => logger?.warn({ err: error }, 'SQLite checkpoint thread failed'));
    this.#exited = new Promise<void>((resolve) => {
      this.#worker.once('exit', () => {
        if (!this.#stopping) {
          logger?.warn({}, 'SQLite checkpoint thread ended; the writer checkpoints itself again');
          options.onFailure();
        }
        resolve();
      });
    });
  }

  /** Stops the thread after its current checkpoint. */
  async stop(): Promise<void> {
    this.#stopping = true;
    // Referenced again, or the process could end while waiting for the thread to stop.
    this.#worker.ref();
    this.#worker.postMessage('stop');
    await this.#exited;
  }
}
