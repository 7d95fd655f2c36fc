import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

/** The better-sqlite3 module: its `Database` class, called as a constructor. */
export type SqliteDriver = typeof BetterSqlite3;

/**
 * The two better-sqlite3 majors Levity installs, by the names they are installed under:
 * 12 (a dependency, the one for Node 20) and 13 (an optional dependency under an npm
 * alias: its `engines` asks for Node 22, so installs on Node 20 may skip it).
 */
export const DRIVER_MODULES = { v12: 'better-sqlite3', v13: 'better-sqlite3-13' } as const;

/** The first Node.js major better-sqlite3 13 supports (its `engines`: `>=22`). */
const FIRST_NODE_OF_13 = 22;

/**
 * Which better-sqlite3 to load on Node `nodeMajor`: 13 from Node 22 on, where it is
 * installed, because 12 aborts Node 24 when a statement is collected or a thread or the
 * process ends (`Assertion failed: (env) != nullptr`, WiseLibs/better-sqlite3#1515, not
 * fixed in 12) and 13, which fixes it, is what upstream supports there; 22 takes it too so
 * that Node 22 and 24 run the same driver. 12 on Node 20, which 13 does not support, and
 * wherever 13 is missing or its addon does not load (`loads` says, for a module name).
 *
 * @example
 * chooseDriverModule(24, (name) => name !== 'better-sqlite3-13'); // 'better-sqlite3' (13 missing)
 */
export function chooseDriverModule(
  nodeMajor: number,
  loads: (module: string) => boolean,
): (typeof DRIVER_MODULES)[keyof typeof DRIVER_MODULES] {
  if (nodeMajor >= FIRST_NODE_OF_13 && loads(DRIVER_MODULES.v13)) return DRIVER_MODULES.v13;
  return DRIVER_MODULES.v12;
}

const require = createRequire(import.meta.url);

/** Whether `module` is installed and its native addon loads (it opens an in-memory database). */
function loads(module: string): boolean {
  try {
    const Driver: SqliteDriver = require(module);
    new Driver(':memory:').close();
    return true;
  } catch {
    return false;
  }
}

const nodeMajor = Number(process.versions.node.split('.')[0]);

/** The module this process loads better-sqlite3 from (`better-sqlite3` or `better-sqlite3-13`). */
export const driverModule = chooseDriverModule(nodeMajor, loads);

/**
 * The file of {@link driverModule}, for a worker thread that must load the same driver
 * (see `Checkpointer`).
 */
export const driverPath: string = require.resolve(driverModule);

/**
 * Whether this driver may run in a worker thread and be torn down with it: not 12 on
 * Node 24 and later (WiseLibs/better-sqlite3#1515).
 */
export const driverSafeInThreads = !(driverModule === DRIVER_MODULES.v12 && nodeMajor >= 24);

/**
 * better-sqlite3's `Database` class as Levity loads it on this Node: 13 from Node 22 on,
 * 12 on Node 20 (and wherever 13 did not install). The two majors have the same API. Open
 * a Levity database yourself with it, not with your own better-sqlite3: two copies of the
 * addon in one process cost memory, and 12 aborts Node 24 (WiseLibs/better-sqlite3#1515).
 *
 * @example
 * const db = new SqliteDriver('levity.db', { readonly: true });
 */
export const SqliteDriver: SqliteDriver = require(driverModule);
