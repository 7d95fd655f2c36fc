import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessSample } from '../proc.js';
import { sampleProcess, sampleProcesses, sampleProcessTree } from '../proc.js';
import { Latencies, round, Tally } from '../stats.js';
import type { ChargePoint } from './charge-point.js';
import type { Fleet } from './fleet.js';
import type { Workload } from './workloads.js';

/** One measured load step. */
export interface StepResult {
  /** Calls per second asked of the fleet (`null`: as fast as answers come). */
  offered: number | null;
  /** Calls answered with a CALLRESULT per second, in the timed window. */
  achieved: number;
  /** Calls a charge point could not send because its previous one was still unanswered. */
  skipped: number;
  /** Calls sent in the timed window, and how many of them failed, by kind. */
  sent: number;
  errors: Record<string, number>;
  p50: number;
  p99: number;
  max: number;
  /** Server CPU time per answered call (µs), from /proc; `null` where /proc is missing. */
  cpuMicrosPerCall: number | null;
  /** Server CPU use in the window, in % of one core (all its nodes). */
  serverCpuPercent: number | null;
  /** Each node's CPU use in the window, in % of one core (one entry per server process). */
  nodeCpuPercents: number[] | null;
  /** PostgreSQL's CPU time (all its processes) per answered call (µs); `null` without PostgreSQL on this machine. */
  databaseCpuMicrosPerCall: number | null;
  /** PostgreSQL's CPU use in the window, in % of one core. */
  databaseCpuPercent: number | null;
  serverRssBytes: number | null;
  /** The load generator's own CPU use, in % of one core: near 100 it is the bottleneck. */
  loadCpuPercent: number;
  seconds: number;
}

export interface StepOptions {
  /** Calls per second over the fleet; `null`: closed loop, each charge point sends again as soon as answered. */
  rate: number | null;
  warmupSeconds: number;
  seconds: number;
  serverPids: readonly number[];
  /** The postmaster of the server's PostgreSQL on this machine, or `null`. */
  databasePid: number | null;
  workload: Workload;
}

/**
 * Drives the fleet at a fixed rate (open loop over the fleet, one call in flight per
 * charge point) or flat out, and measures the window after the warm-up.
 */
export async function runStep(fleet: Fleet, options: StepOptions): Promise<StepResult> {
  const { rate, warmupSeconds, seconds, serverPids, databasePid, workload } = options;
  const active = fleet.chargePoints.filter((cp) => cp.open);
  const indexOf = new Map(fleet.chargePoints.map((cp, i) => [cp, i]));
  const latencies = new Latencies();
  const errors = new Tally();
  const t0 = performance.now();
  const windowStart = t0 + warmupSeconds * 1000;
  const windowEnd = windowStart + seconds * 1000;
  let answeredInWindow = 0;
  let sentInWindow = 0;
  let skipped = 0;

  const send = (cp: ChargePoint) => {
    const call = workload(cp, indexOf.get(cp) ?? 0);
    const sentAt = performance.now();
    const measured = sentAt >= windowStart && sentAt < windowEnd;
    if (measured) sentInWindow++;
    return cp.call(call.action, call.payload).then((outcome) => {
      call.answered?.(outcome);
      const at = performance.now();
      if (outcome.ok && at >= windowStart && at < windowEnd) answeredInWindow++;
      if (!measured) return;
      if (outcome.ok) latencies.add(outcome.ms);
      else errors.add(outcome.error);
    });
  };

  // The timed window: server (and PostgreSQL) CPU and RSS from /proc, and the load generator's own CPU.
  let serverStart: ProcessSample | undefined;
  let serverEnd: ProcessSample | undefined;
  let nodesStart: (ProcessSample | undefined)[] = [];
  let nodesEnd: (ProcessSample | undefined)[] = [];
  let databaseStart: number | undefined;
  let databaseEnd: number | undefined;
  let loadStart = process.cpuUsage();
  let loadUsed = { user: 0, system: 0 };
  const openWindow = () => {
    serverStart = sampleProcesses(serverPids);
    nodesStart = serverPids.map(sampleProcess);
    databaseStart = databasePid === null ? undefined : sampleProcessTree(databasePid);
    loadStart = process.cpuUsage();
  };
  const closeWindow = () => {
    serverEnd = sampleProcesses(serverPids);
    nodesEnd = serverPids.map(sampleProcess);
    databaseEnd = databasePid === null ? undefined : sampleProcessTree(databasePid);
    loadUsed = process.cpuUsage(loadStart);
  };

  if (rate === null) {
    // Closed loop: every charge point keeps exactly one call in flight.
    const loops = active.map(async (cp) => {
      while (performance.now() < windowEnd && cp.open) await send(cp);
    });
    await sleep(Math.max(0, windowStart - performance.now()));
    openWindow();
    await sleep(Math.max(0, windowEnd - performance.now()));
    closeWindow();
    await Promise.all(loops);
  } else {
    let issued = 0;
    let cursor = 0;
    let windowOpened = false;
    for (let now = performance.now(); now < windowEnd; now = performance.now()) {
      if (!windowOpened && now >= windowStart) {
        windowOpened = true;
        openWindow();
      }
      const due = Math.floor(((now - t0) * rate) / 1000);
      for (; issued < due; issued++) {
        const cp = active[cursor++ % active.length];
        if (!cp || cp.busy || !cp.open) {
          if (now >= windowStart) skipped++;
          continue;
        }
        void send(cp);
      }
      await sleep(1);
    }
    closeWindow();
    await fleet.settle(10_000);
  }
  const summary = latencies.summary();
  const serverCpuMicros = serverStart && serverEnd ? serverEnd.cpuMicros - serverStart.cpuMicros : Number.NaN;
  const databaseCpuMicros =
    databaseStart !== undefined && databaseEnd !== undefined ? databaseEnd - databaseStart : null;
  const nodeCpuMicros = nodesStart.map((start, i) => {
    const end = nodesEnd[i];
    return start && end ? end.cpuMicros - start.cpuMicros : Number.NaN;
  });
  const percentOfCore = (cpuMicros: number) => round(cpuMicros / (seconds * 1e4));
  return {
    offered: rate,
    achieved: round(answeredInWindow / seconds),
    skipped,
    sent: sentInWindow,
    errors: errors.counts,
    ...summary,
    cpuMicrosPerCall: Number.isNaN(serverCpuMicros)
      ? null
      : round(serverCpuMicros / Math.max(1, answeredInWindow)),
    serverCpuPercent: Number.isNaN(serverCpuMicros) ? null : percentOfCore(serverCpuMicros),
    nodeCpuPercents: nodeCpuMicros.some(Number.isNaN) ? null : nodeCpuMicros.map(percentOfCore),
    databaseCpuMicrosPerCall:
      databaseCpuMicros === null ? null : round(databaseCpuMicros / Math.max(1, answeredInWindow)),
    databaseCpuPercent: databaseCpuMicros === null ? null : percentOfCore(databaseCpuMicros),
    serverRssBytes: serverEnd?.rssBytes ?? null,
    loadCpuPercent: round((loadUsed.user + loadUsed.system) / (seconds * 1e4)),
    seconds,
  };
}
