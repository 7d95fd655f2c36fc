// What the orchestrator asks of the load generator, and what it reports back. Types
// only: both processes import this file.
import type { JoinReport } from './load/fleet.js';
import type { StepResult } from './load/steps.js';
import type { WorkloadName } from './load/workloads.js';

export interface ConnectionSpec {
  /**
   * Endpoints without the id, e.g. `ws://127.0.0.1:9000/ws`: one per node of the server;
   * charge point i connects to `urls[i % urls.length]`.
   */
  urls: readonly string[];
  /** The server's processes (one per node), whose CPU and RSS are read from /proc and summed. */
  serverPids: readonly number[];
  /** The postmaster of the server's PostgreSQL on this machine, whose process tree's CPU is read too. */
  databasePid: number | null;
  addresses: readonly string[];
  handshakeTimeoutMs: number;
  callTimeoutMs: number;
}

/** When a load step counts as served (the knee is the highest rate that is). */
export interface KneeLimits {
  p99Ms: number;
  /** Answered calls per second as a share of the offered rate. */
  achievedShare: number;
}

export type ScenarioSpec =
  /** Steps the rate up until a step fails the limits, then bisects between the last two. */
  | {
      kind: 'knee';
      workload: WorkloadName;
      cps: number;
      ladder: readonly number[];
      refine: number;
      warmupSeconds: number;
      stepSeconds: number;
      limits: KneeLimits;
    }
  /** One step at a fixed rate. */
  | {
      kind: 'rate';
      workload: WorkloadName;
      cps: number;
      rate: number;
      warmupSeconds: number;
      seconds: number;
    }
  /** Closed loop: every charge point sends its next call as soon as the last is answered. */
  | { kind: 'flat-out'; workload: WorkloadName; cps: number; warmupSeconds: number; seconds: number }
  /**
   * A fleet connecting and booting, open loop at `connectRate` per second or, when that
   * is null, as fast as `concurrency` parallel joins go; then idle and heartbeating.
   */
  | { kind: 'fleet'; size: number; connectRate: number | null; concurrency: number; holdSeconds: number };

export interface HoldReport {
  seconds: number;
  connectedAtEnd: number;
  /** Sockets the server closed after they had opened, by reason. */
  drops: Record<string, number>;
  heartbeats: Record<string, number>;
  serverRssBytes: number | null;
  /** Idle fleets: the server's RSS once half the fleet had joined (memory per connection is read from there). */
  middle: { connected: number; serverRssBytes: number | null } | null;
  serverCpuPercent: number | null;
}

export interface LoadReport {
  /** The server's RSS before the first charge point connected. */
  baselineRssBytes: number | null;
  join: JoinReport & {
    /** Server CPU use while the fleet joined, in % of one core, and per charge point booted (µs). */
    serverCpuPercent: number | null;
    serverCpuMicrosPerJoin: number | null;
  };
  steps: StepResult[];
  /** The knee search's answer: the highest offered rate that met the limits (0: none did). */
  knee: number | null;
  hold: HoldReport | null;
}

export type LoadMessage = { type: 'progress'; text: string } | { type: 'report'; report: LoadReport };
