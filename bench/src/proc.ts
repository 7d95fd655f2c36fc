import { readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks (100 on every mainstream kernel). */
const TICKS_PER_SECOND = 100;

/** What /proc says about one process at one moment. */
export interface ProcessSample {
  /** User + system CPU time of all its threads, in microseconds (10 ms resolution). */
  cpuMicros: number;
  /** Resident set size in bytes. */
  rssBytes: number;
}

/**
 * Reads CPU time (utime + stime) and RSS of another process from /proc, so that the
 * figure is the same whatever runs inside it. `undefined` once it has exited.
 *
 * @example
 * const before = sampleProcess(pid); ...; const after = sampleProcess(pid);
 */
export function sampleProcess(pid: number): ProcessSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 (utime, stime) and 24 (rss, in pages) are 11, 12 and 21 here.
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN);
    return { cpuMicros: (ticks * 1e6) / TICKS_PER_SECOND, rssBytes: rssKb * 1024 };
  } catch {
    return undefined;
  }
}

/** Whether /proc can be read here (Linux); elsewhere CPU and RSS figures are left out. */
export const procAvailable = (): boolean => sampleProcess(process.pid) !== undefined;
