import { readdirSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks (100 on every mainstream kernel). */
const TICKS_PER_SECOND = 100;

/** What /proc says about one process (or several, summed) at one moment. */
export interface ProcessSample {
  /** User + system CPU time of all its threads, in microseconds (10 ms resolution). */
  cpuMicros: number;
  /** Resident set size in bytes. */
  rssBytes: number;
}

/** The fields of /proc/<pid>/stat the bench uses. */
interface Stat {
  command: string;
  parentPid: number;
  /** utime + stime, in ticks. */
  ownTicks: number;
  /** cutime + cstime: the CPU time of children it has waited for, in ticks. */
  reapedChildrenTicks: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    // Fields 4 (ppid), 14–17 (utime, stime, cutime, cstime) are 1 and 11–14 here.
    return {
      command: stat.slice(stat.indexOf('(') + 1, close),
      parentPid: Number(fields[1]),
      ownTicks: Number(fields[11]) + Number(fields[12]),
      reapedChildrenTicks: Number(fields[13]) + Number(fields[14]),
    };
  } catch {
    return undefined;
  }
}

const micros = (ticks: number) => (ticks * 1e6) / TICKS_PER_SECOND;

/**
 * Reads CPU time (utime + stime) and RSS of another process from /proc, so that the
 * figure is the same whatever runs inside it. `undefined` once it has exited.
 *
 * @example
 * const before = sampleProcess(pid); ...; const after = sampleProcess(pid);
 */
export function sampleProcess(pid: number): ProcessSample | undefined {
  const stat = readStat(pid);
  if (!stat) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN);
    return { cpuMicros: micros(stat.ownTicks), rssBytes: rssKb * 1024 };
  } catch {
    return undefined;
  }
}

/**
 * Several processes (the nodes of one server under test), summed; `undefined` once any
 * has exited.
 *
 * @example
 * const before = sampleProcesses([nodeA, nodeB]);
 */
export function sampleProcesses(pids: readonly number[]): ProcessSample | undefined {
  let cpuMicros = 0;
  let rssBytes = 0;
  for (const pid of pids) {
    const sample = sampleProcess(pid);
    if (!sample) return undefined;
    cpuMicros += sample.cpuMicros;
    rssBytes += sample.rssBytes;
  }
  return { cpuMicros, rssBytes };
}

/**
 * The CPU time of a process and all its children, in microseconds: its own, the children
 * it has reaped (cutime + cstime) and the live ones'. For a PostgreSQL postmaster that is
 * the whole cluster (backends, WAL writer, checkpointer…): a backend that exits between
 * two samples moves from "live" to "reaped" without its time being lost or counted twice.
 * `undefined` once the root has exited.
 *
 * @example
 * const before = sampleProcessTree(postmaster); ...; const used = sampleProcessTree(postmaster) - before;
 */
export function sampleProcessTree(rootPid: number): number | undefined {
  const root = readStat(rootPid);
  if (!root) return undefined;
  let ticks = root.ownTicks + root.reapedChildrenTicks;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat?.parentPid === rootPid) ticks += stat.ownTicks;
  }
  return micros(ticks);
}

/** The parent of a process and the command names of both, from /proc; `undefined` if it is not there. */
export function parentOf(
  pid: number,
): { parentPid: number; command: string; parentCommand: string } | undefined {
  const stat = readStat(pid);
  const parent = stat && readStat(stat.parentPid);
  if (!stat || !parent) return undefined;
  return { parentPid: stat.parentPid, command: stat.command, parentCommand: parent.command };
}

/** Whether /proc can be read here (Linux); elsewhere CPU and RSS figures are left out. */
export const procAvailable = (): boolean => sampleProcess(process.pid) !== undefined;
