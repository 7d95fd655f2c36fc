/**
 * The load generator: raw `ws` charge points speaking OCPP-J, in a process of its own,
 * independent of the central system's code. Runs one scenario (a JSON `ScenarioSpec` &
 * `ConnectionSpec` as its only argument) and sends its `LoadReport` to the parent over IPC
 * (or prints it as JSON when run by hand).
 *
 * @example
 *   tsx bench/src/load/main.ts '{"urls":["ws://127.0.0.1:9000/ws"],"serverPids":[1234],"databasePid":null,"addresses":["127.0.0.1"],
 *     "handshakeTimeoutMs":30000,"callTimeoutMs":30000,"kind":"rate","workload":"meter","cps":100,
 *     "rate":500,"warmupSeconds":1,"seconds":5}'
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { sampleProcesses } from '../proc.js';
import type { ConnectionSpec, HoldReport, LoadMessage, LoadReport, ScenarioSpec } from '../spec.js';
import { round } from '../stats.js';
import { Fleet } from './fleet.js';
import { between, served } from './knee.js';
import type { StepResult } from './steps.js';
import { runStep } from './steps.js';
import { workloads } from './workloads.js';

const send = (message: LoadMessage) =>
  new Promise<void>((resolve) => {
    if (process.send) process.send(message, () => resolve());
    else {
      if (message.type === 'progress') console.error(message.text);
      else console.log(JSON.stringify(message.report, null, 2));
      resolve();
    }
  });
const progress = (text: string) => void send({ type: 'progress', text });

const describe = (step: StepResult) =>
  `${step.offered ?? 'flat out'}/s offered: ${step.achieved}/s answered, p50 ${step.p50} ms, p99 ${step.p99} ms, ` +
  `${step.cpuMicrosPerCall ?? '?'} µs CPU/call${step.databaseCpuMicrosPerCall === null ? '' : ` + PostgreSQL ${step.databaseCpuMicrosPerCall} µs`}, errors ${JSON.stringify(step.errors)}, load generator ${step.loadCpuPercent} % CPU`;

async function run(spec: ScenarioSpec & ConnectionSpec): Promise<LoadReport> {
  const size = spec.kind === 'fleet' ? spec.size : spec.cps;
  const fleet = new Fleet({ ...spec, size });
  const baselineRssBytes = sampleProcesses(spec.serverPids)?.rssBytes ?? null;
  const steps: StepResult[] = [];
  let knee: number | null = null;
  let hold: HoldReport | null = null;
  try {
    const beforeJoin = sampleProcesses(spec.serverPids);
    const joinStarted = performance.now();
    const joinOptions = {
      ...(spec.kind === 'fleet' && spec.connectRate !== null
        ? { rate: spec.connectRate }
        : { concurrency: spec.kind === 'fleet' ? spec.concurrency : 100 }),
      // MeterValues go to an open transaction; the mix opens its own.
      startTransaction: spec.kind !== 'fleet' && spec.workload === 'meter',
      progress,
    };
    // An idle fleet's memory per connection is read between two points, half the fleet
    // and all of it, so that what a server allocates once (at start-up, at its first
    // connections) is not counted as if every connection had cost it.
    let middle: HoldReport['middle'] = null;
    if (spec.kind === 'fleet' && spec.connectRate === null && spec.size >= 2) {
      await fleet.join({ ...joinOptions, count: Math.floor(spec.size / 2) });
      await sleep(2000);
      middle = {
        connected: fleet.connected,
        serverRssBytes: sampleProcesses(spec.serverPids)?.rssBytes ?? null,
      };
    }
    const joined = await fleet.join(joinOptions);
    const afterJoin = sampleProcesses(spec.serverPids);
    const joinCpu = beforeJoin && afterJoin ? afterJoin.cpuMicros - beforeJoin.cpuMicros : null;
    const join = {
      ...joined,
      serverCpuPercent: joinCpu === null ? null : round(joinCpu / ((performance.now() - joinStarted) * 10)),
      serverCpuMicrosPerJoin: joinCpu === null || joined.booted === 0 ? null : round(joinCpu / joined.booted),
    };
    progress(
      `joined: ${join.connected}/${join.attempted} connected, ${join.booted} booted in ${join.seconds} s ` +
        `(server ${join.serverCpuPercent} % CPU, ${join.serverCpuMicrosPerJoin} µs per boot; load generator ${join.loadCpuPercent} %), ` +
        `handshake p99 ${join.handshakeMs.p99} ms, failures ${JSON.stringify(join.failures)}`,
    );
    const step = async (rate: number | null, warmupSeconds: number, seconds: number) => {
      if (spec.kind === 'fleet') throw new Error('a fleet scenario has no load steps');
      const result = await runStep(fleet, {
        rate,
        warmupSeconds,
        seconds,
        serverPids: spec.serverPids,
        databasePid: spec.databasePid,
        workload: workloads[spec.workload],
      });
      steps.push(result);
      progress(describe(result));
      await sleep(500);
      return result;
    };
    switch (spec.kind) {
      case 'knee': {
        // A step that fails is tried once more: on a shared machine one stall of another
        // process is enough to push a p99 over the limit.
        const serves = async (rate: number) => {
          for (let attempt = 1; attempt <= 2; attempt++) {
            if (served(await step(rate, spec.warmupSeconds, spec.stepSeconds), spec.limits)) return true;
          }
          return false;
        };
        let best: number | undefined;
        let failed: number | undefined;
        for (const rate of spec.ladder) {
          if (await serves(rate)) best = rate;
          else {
            failed = rate;
            break;
          }
        }
        for (let i = 0; i < spec.refine && failed !== undefined; i++) {
          const rate = between(best ?? 0, failed);
          if (rate <= (best ?? 0) || rate >= failed) break;
          if (await serves(rate)) best = rate;
          else failed = rate;
        }
        knee = best ?? 0;
        break;
      }
      case 'rate':
        await step(spec.rate, spec.warmupSeconds, spec.seconds);
        break;
      case 'flat-out':
        await step(null, spec.warmupSeconds, spec.seconds);
        break;
      case 'fleet': {
        fleet.startHeartbeats();
        const start = performance.now();
        const before = sampleProcesses(spec.serverPids);
        await sleep(spec.holdSeconds * 1000);
        const after = sampleProcesses(spec.serverPids);
        const seconds = (performance.now() - start) / 1000;
        hold = {
          seconds: round(seconds, 1),
          connectedAtEnd: fleet.connected,
          drops: fleet.drops.counts,
          heartbeats: fleet.heartbeats.counts,
          serverRssBytes: after?.rssBytes ?? null,
          middle,
          serverCpuPercent:
            before && after ? round((after.cpuMicros - before.cpuMicros) / (seconds * 1e4), 1) : null,
        };
        progress(
          `held ${hold.seconds} s: ${hold.connectedAtEnd} still connected, drops ${JSON.stringify(hold.drops)}`,
        );
        break;
      }
    }
    return { baselineRssBytes, join, steps, knee, hold };
  } finally {
    fleet.close();
  }
}

const argument = process.argv[2];
if (!argument) throw new Error('usage: main.ts <JSON scenario spec>');
await send({ type: 'report', report: await run(JSON.parse(argument)) });
// Sockets being torn down must not keep the report from arriving, nor the process alive.
process.disconnect?.();
process.exit(0);
