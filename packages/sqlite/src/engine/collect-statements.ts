import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// On Node 24, better-sqlite3 12 aborts the process (`Assertion failed: (env) != nullptr`
// in RemoveEnvironmentCleanupHook) when a Statement is garbage-collected after Node has
// begun tearing the environment down, typically at exit (WiseLibs/better-sqlite3#1515;
// better-sqlite3 13 fixes it but needs Node 22). Collecting the closed connections'
// statements while the environment is alive leaves none for the teardown.

const NEEDS_COLLECTION = Number(process.versions.node.split('.')[0]) >= 24;

let collect: (() => void) | null | undefined;

/** Runs a full garbage collection on Node 24 and later (see above); does nothing elsewhere. */
export function collectClosedStatements(): void {
  if (!NEEDS_COLLECTION) return;
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
}

/** The same, as source for the checkpoint thread's eval'd code. */
export const COLLECT_CLOSED_STATEMENTS_SOURCE = `
if (Number(process.versions.node.split('.')[0]) >= 24) {
  try {
    process.getBuiltinModule('node:v8').setFlagsFromString('--expose-gc');
    process.getBuiltinModule('node:vm').runInNewContext('gc')();
  } catch {}
}`;
