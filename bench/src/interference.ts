/**
 * Interference: how long other charge points wait for their answers while (i) an
 * operator pages through 10^5 transactions over the HTTP API, (ii) one charge point
 * sends MeterValues of 65,000 sampled values (~0.9 MB, within the 1 MiB frame limit), or
 * (iii, `--scenario prune`) the retention pruner deletes old rows from a meter_val table
 * of `--prune-rows` rows (default 10^6; the figure is 10^7).
 *
 * Runs a real `levity` process (the built CLI) on a temporary SQLite file, drives
 * `--cps` charge points over raw WebSockets (Heartbeat and MeterValues of 9 sampled
 * values, alternately, `--rate` calls/s in all, one call in flight per charge point),
 * and prints the answer delays of those charge points in each phase. A delay is
 * measured from when the call was due, so a call held back by a stalled answer counts
 * its wait too.
 *
 * @example
 *   pnpm --filter @levity/bench interference                       # both scenarios, this build
 *   pnpm --filter @levity/bench interference --levity /old/checkout/packages/cli/dist/bin.js
 *   pnpm --filter @levity/bench interference --scenario steady --cps 1000 --rate 1500 --steady 30 --cpu-prof /tmp/prof
 *   pnpm --filter @levity/bench interference --scenario prune --prune-rows 10000000
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SqliteDriver as Database } from '@levity/sqlite';
import WebSocket from 'ws';
import { prefillMeterValues } from './prefill.js';

const { values: flags } = parseArgs({
  options: {
    levity: {
      type: 'string',
      default: fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url)),
    },
    scenario: { type: 'string', default: 'all' },
    cps: { type: 'string', default: '200' },
    rate: { type: 'string', default: '1000' },
    steady: { type: 'string', default: '10' },
    transactions: { type: 'string', default: '100000' },
    readings: { type: 'string', default: '10' },
    'large-values': { type: 'string', default: '65000' },
    'large-count': { type: 'string', default: '5' },
    'page-size': { type: 'string', default: '500' },
    addresses: { type: 'string', default: '127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4' },
    'cpu-prof': { type: 'string' },
    'meter-only': { type: 'boolean', default: false },
    'prune-rows': { type: 'string', default: '1000000' },
  },
});

const number = (name: keyof typeof flags): number => {
  const value = Number(flags[name]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} expects a number ≥ 0`);
  return value;
};
const scenario = String(flags.scenario);
if (!['all', 'api', 'large', 'steady', 'prune'].includes(scenario)) {
  throw new Error('--scenario expects all, api, large, steady or prune');
}
const options = {
  cps: number('cps'),
  rate: number('rate'),
  steadySeconds: number('steady'),
  transactions: number('transactions'),
  readings: number('readings'),
  largeValues: number('large-values'),
  largeCount: number('large-count'),
  pageSize: number('page-size'),
  pruneRows: number('prune-rows'),
  addresses: String(flags.addresses).split(','),
};
const withApi = scenario === 'all' || scenario === 'api';
const withLarge = scenario === 'all' || scenario === 'large';
const withPrune = scenario === 'prune';

// ---------------------------------------------------------------------------------
// The server

interface Server {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

async function startLevity(
  dir: string,
  db: string,
  profile: boolean,
  extraArgs: readonly string[] = [],
  onLine: (line: string) => void = () => {},
): Promise<Server> {
  const node = [
    ...(profile && flags['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${flags['cpu-prof']}`] : []),
  ];
  const args = [
    '--db',
    db,
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--log-level',
    'info',
    '--log-file',
    '',
    ...extraArgs,
  ];
  const child = spawn(process.execPath, [...node, String(flags.levity), ...args], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('LEVITY_'))),
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Never leave a server behind, whatever ends this script.
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('levity did not start within 60 s')), 60_000);
    child.once('exit', (code) => reject(new Error(`levity exited with code ${code} before listening`)));
    let found = false;
    let partial = '';
    // Read to the end (the pipe must not fill up), but keep only what is needed.
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onLine(line);
      if (found) return;
      text += chunk;
      const match = /levity listening on [^:]+:(\d+)/.exec(text);
      if (match) {
        found = true;
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
  });
  return {
    child,
    port,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
      process.off('exit', kill);
    },
  };
}

/** 10^5 finished transactions with a few register readings each, written straight into the file. */
function seed(db: string): void {
  const database = new Database(db);
  const insertTx = database.prepare(
    `INSERT INTO tx (charge_point_id, connector_id, id_tag, id_tag_status, meter_start, started_at,
       meter_stop, stopped_at, stop_reason, created_at, stop_received_at)
     VALUES (?, 1, ?, 'Accepted', 0, ?, ?, ?, 'Local', ?, ?)`,
  );
  const insertValue = database.prepare(
    `INSERT INTO meter_val (charge_point_id, connector_id, transaction_id, reported_transaction_id,
       timestamp, value, context, format, measurand, location, unit, source, received_at)
     VALUES (?, 1, ?, ?, ?, ?, 'Sample.Periodic', 'Raw', 'Energy.Active.Import.Register', 'Outlet', 'Wh', 'MeterValues', ?)`,
  );
  const base = Date.UTC(2024, 0, 1);
  database.transaction(() => {
    for (let i = 0; i < options.transactions; i++) {
      const chargePointId = `SEED${String(i % 1000).padStart(4, '0')}`;
      const start = base + i * 60_000;
      const at = (ms: number) => new Date(ms).toISOString();
      const id = Number(
        insertTx.run(
          chargePointId,
          `TAG${i % 5000}`,
          at(start),
          options.readings * 100,
          at(start + 3_600_000),
          at(start),
          at(start + 3_600_000),
        ).lastInsertRowid,
      );
      for (let r = 1; r <= options.readings; r++) {
        insertValue.run(
          chargePointId,
          id,
          id,
          at(start + r * 60_000),
          String(r * 100),
          at(start + r * 60_000),
        );
      }
    }
  })();
  database.close();
}

/** CPU seconds the process has used (user + system), from /proc (Linux). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

// ---------------------------------------------------------------------------------
// Charge points

/** `settle`: the seconds after a disturbance, while the answers it held back drain (not reported). */
type Phase = 'steady' | 'api' | 'large' | 'prune' | 'settle';

class Delays {
  readonly byPhase = new Map<Phase, number[]>();
  errors = 0;
  add(phase: Phase, ms: number): void {
    const list = this.byPhase.get(phase) ?? [];
    if (list.length === 0) this.byPhase.set(phase, list);
    list.push(ms);
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

class ChargePoint {
  readonly #socket: WebSocket;
  readonly #pending = new Map<string, (payload: unknown, error?: string) => void>();
  #next = 0;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as [number, string, unknown, unknown?];
      const settle = this.#pending.get(message[1]);
      if (!settle) return;
      this.#pending.delete(message[1]);
      if (message[0] === 3) settle(message[2]);
      else settle(undefined, String(message[2]));
    });
  }

  static open(url: string, localAddress: string | undefined): Promise<ChargePoint> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, 'ocpp1.6', { localAddress, maxPayload: 16 * 2 ** 20 });
      socket.once('open', () => resolve(new ChargePoint(socket)));
      socket.once('error', reject);
    });
  }

  call(action: string, payload: unknown): Promise<unknown> {
    const id = String(this.#next++);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, (answer, error) => (error ? reject(new Error(error)) : resolve(answer)));
      this.#socket.send(JSON.stringify([2, id, action, payload]));
    });
  }

  close(): void {
    this.#socket.terminate();
  }
}

const boot = { chargePointVendor: 'Bench', chargePointModel: 'Interference' };
const sampled = (i: number) =>
  Array.from({ length: 9 }, (_, k) => ({
    value: String(i * 10 + k),
    measurand: k === 0 ? 'Energy.Active.Import.Register' : 'Power.Active.Import',
    unit: k === 0 ? 'Wh' : 'W',
    ...(k > 0 ? { phase: (['L1', 'L2', 'L3'] as const)[k % 3] } : {}),
  }));

async function connectFleet(port: number, count: number, prefix: string): Promise<ChargePoint[]> {
  const fleet: ChargePoint[] = [];
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, async (_, k) => {
      const index = i + k;
      const cp = await ChargePoint.open(
        `ws://127.0.0.1:${port}/ws/${prefix}${index}`,
        options.addresses[index % options.addresses.length],
      );
      await cp.call('BootNotification', boot);
      return cp;
    });
    fleet.push(...(await Promise.all(batch)));
  }
  return fleet;
}

/** Each charge point calls every `cps / rate` s (random phase), Heartbeat and MeterValues in turn. */
function drive(fleet: ChargePoint[], delays: Delays, phase: () => Phase): { stop(): Promise<void> } {
  const periodMs = (fleet.length / options.rate) * 1000;
  let running = true;
  const loops = fleet.map(async (cp, index) => {
    const start = await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: `DRIVE${index}`,
      meterStart: 0,
      timestamp: new Date().toISOString(),
    });
    const transactionId = (start as { transactionId: number }).transactionId;
    let due = performance.now() + Math.random() * periodMs;
    for (let n = 0; running; n++) {
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      if (!running) break;
      const current = phase();
      try {
        if (n % 2 === 0 && !flags['meter-only']) await cp.call('Heartbeat', {});
        else
          await cp.call('MeterValues', {
            connectorId: 1,
            transactionId,
            meterValue: [{ timestamp: new Date().toISOString(), sampledValue: sampled(n) }],
          });
        delays.add(current, performance.now() - due);
      } catch {
        delays.errors++;
      }
      due += periodMs;
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

// ---------------------------------------------------------------------------------
// The disturbances

async function pageThroughTransactions(port: number, token: string): Promise<{ pages: number; ms: number }> {
  const started = performance.now();
  let cursor: string | null | undefined;
  let pages = 0;
  do {
    const query = new URLSearchParams({ limit: String(options.pageSize), ...(cursor ? { cursor } : {}) });
    const response = await fetch(`http://127.0.0.1:${port}/api/transactions?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`GET /api/transactions answered ${response.status}`);
    const page = (await response.json()) as { items: unknown[]; nextCursor: string | null };
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { pages, ms: performance.now() - started };
}

async function sendLargeMeterValues(cp: ChargePoint): Promise<number[]> {
  const payload = {
    connectorId: 1,
    meterValue: [
      {
        timestamp: new Date().toISOString(),
        sampledValue: Array.from({ length: options.largeValues }, (_, i) => ({ value: String(i % 10) })),
      },
    ],
  };
  const bytes = Buffer.byteLength(JSON.stringify([2, '0', 'MeterValues', payload]));
  console.log(`  one MeterValues of ${options.largeValues} sampled values: ${(bytes / 1e6).toFixed(2)} MB`);
  const times: number[] = [];
  for (let i = 0; i < options.largeCount; i++) {
    const started = performance.now();
    await cp.call('MeterValues', payload);
    times.push(performance.now() - started);
  }
  return times;
}

// ---------------------------------------------------------------------------------

const round = (ms: number) => (Number.isNaN(ms) ? '-' : ms < 10 ? ms.toFixed(1) : String(Math.round(ms)));

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'levity-interference-'));
  const db = join(dir, 'levity.db');
  let server: Server | undefined;
  const fleets: ChargePoint[] = [];
  try {
    console.log(`levity: ${flags.levity}`);
    if (withApi) {
      // The first run creates the schema (whatever migrations that build has); then the seed.
      const first = await startLevity(dir, db, false);
      await first.stop();
      const seeded = performance.now();
      seed(db);
      console.log(
        `  seeded ${options.transactions} transactions with ${options.readings} readings each in ${round(performance.now() - seeded)} ms`,
      );
    }
    // Prune: the pruner's first pass starts `pruneDelayS` after start-up; the steady phase ends before it.
    const pruneDelayS = Math.max(20, options.steadySeconds + 10);
    let pruned: (line: { deleted: Record<string, number>; ms: number }) => void = () => {};
    const prunedLine = new Promise<{ deleted: Record<string, number>; ms: number }>((resolve) => {
      pruned = resolve;
    });
    if (withPrune) {
      const first = await startLevity(dir, db, false);
      await first.stop();
      const filled = prefillMeterValues(db, options.pruneRows, options.cps);
      console.log(
        `  pre-filled ${filled.meterValues} meter values of ${filled.transactions} transactions (2024, older than the 1-day retention) in ${filled.seconds} s, ${(filled.fileBytes / 1e9).toFixed(2)} GB`,
      );
    }
    const startedAt = performance.now();
    server = await startLevity(
      dir,
      db,
      true,
      withPrune ? ['--retention-meter-values', '1d', '--prune-delay', `${pruneDelayS}s`] : [],
      (line) => {
        if (!line.includes('retention: pruned old history')) return;
        pruned(JSON.parse(line) as { deleted: Record<string, number>; ms: number });
      },
    );
    const token = withApi ? (await readFile(`${db}.token`, 'utf8')).trim() : '';
    const fleet = await connectFleet(server.port, options.cps, 'CP');
    fleets.push(...fleet);
    const large = withLarge ? await connectFleet(server.port, 1, 'LARGE') : [];
    fleets.push(...large);

    const delays = new Delays();
    let phase: Phase = 'steady';
    const driver = drive(fleet, delays, () => phase);
    // The first second warms up (transactions start); the CPU per call is measured after it.
    await sleep(1000);
    const cpuBefore = cpuSeconds(server.child.pid);
    const callsBefore = delays.byPhase.get('steady')?.length ?? 0;
    await sleep(
      withPrune
        ? Math.max(0, startedAt + pruneDelayS * 1000 - 500 - performance.now())
        : Math.max(0, options.steadySeconds - 1) * 1000,
    );
    const cpuPerCall =
      ((cpuSeconds(server.child.pid) - cpuBefore) * 1e6) /
      ((delays.byPhase.get('steady')?.length ?? 0) - callsBefore);
    const report: string[] = [`  server CPU per call in the steady phase: ${Math.round(cpuPerCall)} µs`];
    if (withApi) {
      phase = 'api';
      const paged = await pageThroughTransactions(server.port, token);
      report.push(`  API: ${paged.pages} pages of ${options.pageSize} in ${round(paged.ms)} ms`);
      phase = 'settle';
      await sleep(2000);
    }
    if (withPrune) {
      phase = 'settle';
      await sleep(Math.max(0, startedAt + pruneDelayS * 1000 - performance.now()));
      phase = 'prune';
      const cpuBeforePrune = cpuSeconds(server.child.pid);
      const line = await prunedLine;
      const deleted = line.deleted.meter_val ?? 0;
      report.push(
        `  pruner: deleted ${deleted} meter_val rows in ${(line.ms / 1000).toFixed(1)} s (${Math.round(deleted / (line.ms / 1000))} rows/s, batches of 500), server CPU ${(cpuSeconds(server.child.pid) - cpuBeforePrune).toFixed(1)} s`,
      );
      phase = 'settle';
      await sleep(2000);
    }
    if (withLarge) {
      const cp = large[0];
      if (!cp) throw new Error('no large charge point');
      phase = 'large';
      const times = await sendLargeMeterValues(cp);
      report.push(`  large MeterValues round trips (ms): ${times.map(round).join(', ')}`);
      phase = 'settle';
      await sleep(2000);
    }
    await driver.stop();
    const calls = flags['meter-only'] ? 'MeterValues of 9 values' : 'Heartbeat and MeterValues of 9 values';
    console.log(
      `${options.cps} charge points, ${options.rate} calls/s (${calls}), Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)}`,
    );
    console.log(report.join('\n'));
    console.log('  phase    calls   p50 ms   p99 ms   max ms');
    for (const name of ['steady', 'api', 'large', 'prune'] as const) {
      const list = delays.byPhase.get(name);
      if (!list) continue;
      const sorted = list.sort((a, b) => a - b);
      console.log(
        `  ${name.padEnd(6)} ${String(sorted.length).padStart(7)} ${round(percentile(sorted, 50)).padStart(8)} ${round(percentile(sorted, 99)).padStart(8)} ${round(percentile(sorted, 100)).padStart(8)}`,
      );
    }
    if (delays.errors > 0) console.log(`  errors: ${delays.errors}`);
  } finally {
    for (const cp of fleets) cp.close();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
