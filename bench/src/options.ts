import { parseArgs } from 'node:util';
import type { ServerName } from './servers.js';
import { DEFAULT_SERVERS, POSTGRES_SERVERS, SERVERS } from './servers.js';

export const SCENARIOS = ['meter', 'mix', 'p99', 'idle', 'storm', 'growth'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export const SCENARIO_TITLES: Record<ScenarioName, string> = {
  meter: 'MeterValues knee',
  mix: 'transactional mix knee',
  p99: 'MeterValues at a fixed rate',
  idle: 'idle fleet',
  storm: 'connect storm',
  growth: 'growth',
};

/** Everything one `npm run bench` does, after the flags. */
export interface BenchOptions {
  scenarios: ScenarioName[];
  servers: ServerName[];
  /** Each scenario runs this many times per server, alternating which server goes first. */
  rounds: number;
  /** Charge points of the load scenarios (meter, mix, p99, growth). */
  cps: number;
  /** Rates the knee search tries in turn, until one fails. */
  ladder: number[];
  /** Bisections between the last served rate and the first failed one. */
  refine: number;
  warmupSeconds: number;
  stepSeconds: number;
  p99LimitMs: number;
  /** The rate of the fixed-rate scenario (p99). */
  fixedRate: number;
  fixedSeconds: number;
  /** Charge points of the idle fleet and the connect storm. */
  fleet: number;
  stormRate: number;
  /** Charge points joining at once in the idle fleet. */
  idleConcurrency: number;
  holdSeconds: number;
  growthRows: number;
  growthSeconds: number;
  addresses: string[];
  handshakeTimeoutSeconds: number;
  callTimeoutSeconds: number;
  /** Extra `levity` flags; by default it runs with its default settings. */
  levityArgs: string[];
  /** Another `levity` binary than the workspace's; `null`: this workspace's build. */
  levityBinary: string | null;
  /** Extra node flags for both servers' processes (e.g. `--cpu-prof`). */
  nodeArgs: string[];
  /** Writes every figure as JSON here too. */
  json: string | null;
  /**
   * The PostgreSQL server of `levity-pg` and `levity-pg2` (a role that may create
   * databases; each run gets a database of its own); `null`: those servers are skipped.
   */
  pgUrl: string | null;
}

const FULL: BenchOptions = {
  scenarios: [...SCENARIOS],
  servers: [...DEFAULT_SERVERS],
  rounds: 1,
  cps: 1000,
  ladder: [250, 500, 1000, 1500, 2000, 3000, 4000, 6000, 8000, 12_000, 16_000, 24_000, 32_000],
  refine: 2,
  warmupSeconds: 1,
  stepSeconds: 4,
  p99LimitMs: 100,
  fixedRate: 1000,
  fixedSeconds: 15,
  fleet: 19_500,
  stormRate: 1000,
  idleConcurrency: 200,
  holdSeconds: 15,
  growthRows: 10_000_000,
  growthSeconds: 10,
  addresses: ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4'],
  handshakeTimeoutSeconds: 30,
  callTimeoutSeconds: 30,
  levityArgs: [],
  levityBinary: null,
  nodeArgs: [],
  json: null,
  pgUrl: null,
};

/** `--quick`: every scenario, shorter and smaller (a few minutes); explicit flags still win. */
const QUICK: Partial<BenchOptions> = {
  refine: 0,
  warmupSeconds: 0.5,
  stepSeconds: 2,
  fixedSeconds: 5,
  fleet: 5000,
  holdSeconds: 5,
  growthRows: 1_000_000,
  growthSeconds: 5,
};

export const USAGE = `usage: npm run bench -- [flags]     (or: pnpm --filter @levity/bench bench [flags])

  --scenario LIST     ${SCENARIOS.join(',')} (default: all)
  --server LIST       ${SERVERS.join(',')} (default: ${DEFAULT_SERVERS.join(',')}, alternating);
                      levity-pg is one node on PostgreSQL, levity-pg2 two nodes sharing one database
  --pg-url URL        PostgreSQL server of levity-pg and levity-pg2, a role that may create databases
                      (default: LEVITY_BENCH_PG_URL, else built from PGHOST, PGPORT, PGUSER, PGPASSWORD,
                      PGDATABASE when PGHOST is set; without any, those servers are skipped)
  --quick             shorter steps, 5,000-charge-point fleets, 10^6 growth rows
  --rounds N          runs of each scenario per server, alternating who goes first (default 1)
  --cps N             charge points of the load scenarios (default 1000)
  --ladder LIST       rates the knee search tries (default ${FULL.ladder.join(',')})
  --refine N          bisections after the first failed rate (default 2)
  --warmup S          seconds before each measured step (default 1)
  --step S            seconds measured per knee step (default 4)
  --p99-limit MS      the knee's p99 limit (default 100)
  --rate N            rate of the fixed-rate scenario (default 1000)
  --fixed S           seconds of the fixed-rate scenario (default 15)
  --fleet N           charge points of the idle fleet and the connect storm (default 19500)
  --storm-rate N      connections per second in the storm (default 1000)
  --hold S            seconds a fleet stays connected, heartbeating, before RSS is read (default 15)
  --growth-rows N     meter_val rows pre-filled for the growth scenario (default 10000000)
  --growth S          seconds measured per growth run (default 10)
  --addresses LIST    source addresses (default 127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4)
  --handshake-timeout S  (default 30)     --call-timeout S  (default 30)
  --levity-args="..." extra levity flags (default none: its default settings)
  --levity-bin PATH   another build's levity binary (packages/cli/bin/levity.js) to measure instead
  --node-args="..."   extra node flags for the server processes, e.g. --node-args="--cpu-prof --cpu-prof-dir=/tmp/prof"
  --json FILE         also write every figure as JSON`;

const listOf = <T extends string>(flag: string, text: string, allowed: readonly T[]): T[] => {
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !allowed.includes(name as T));
  if (unknown.length > 0)
    throw new Error(`--${flag}: unknown ${unknown.join(', ')} (expected ${allowed.join(', ')})`);
  return names as T[];
};

const number = (flag: string, text: string, min: number, integer = true): number => {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new Error(`--${flag} expects ${integer ? 'an integer' : 'a number'} ≥ ${min}, got "${text}"`);
  }
  return value;
};

/**
 * The PostgreSQL server from the environment: `LEVITY_BENCH_PG_URL`, else a URL built from
 * libpq's variables when `PGHOST` is set (as `pg_virtualenv` does), else `null`.
 *
 * @example
 *   postgresUrlFromEnvironment({ PGHOST: 'localhost', PGPORT: '5433', PGUSER: 'postgres' })
 *   // 'postgres://postgres@localhost:5433/postgres'
 */
export function postgresUrlFromEnvironment(env: NodeJS.ProcessEnv): string | null {
  if (env.LEVITY_BENCH_PG_URL) return env.LEVITY_BENCH_PG_URL;
  const host = env.PGHOST;
  if (!host) return null;
  // A directory is a Unix socket's: the URL names localhost and gives the directory as ?host=.
  const socket = host.startsWith('/');
  const url = new URL(`postgres://${socket ? 'localhost' : host.includes(':') ? `[${host}]` : host}`);
  if (env.PGPORT) url.port = env.PGPORT;
  url.username = encodeURIComponent(env.PGUSER ?? 'postgres');
  if (env.PGPASSWORD) url.password = encodeURIComponent(env.PGPASSWORD);
  url.pathname = `/${encodeURIComponent(env.PGDATABASE ?? 'postgres')}`;
  if (socket) url.searchParams.set('host', host);
  if (env.PGSSLMODE) url.searchParams.set('sslmode', env.PGSSLMODE);
  return url.toString();
}

/**
 * The servers a run can measure: the PostgreSQL ones need a server URL, and without one
 * they are left out with one line saying why.
 */
export function runnableServers(
  servers: readonly ServerName[],
  pgUrl: string | null,
): { servers: ServerName[]; skipped: string | null } {
  const needPg = servers.filter((name) => POSTGRES_SERVERS.includes(name));
  if (pgUrl !== null || needPg.length === 0) return { servers: [...servers], skipped: null };
  return {
    servers: servers.filter((name) => !POSTGRES_SERVERS.includes(name)),
    skipped: `${needPg.join(', ')} skipped: no PostgreSQL (give --pg-url URL or LEVITY_BENCH_PG_URL, or set PGHOST etc., e.g. pg_virtualenv -v 15 -- npm run bench …)`,
  };
}

/** Reads the bench's flags; throws with a one-line reason on a bad one. */
export function parseBenchOptions(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      quick: { type: 'boolean' },
      scenario: { type: 'string' },
      server: { type: 'string' },
      rounds: { type: 'string' },
      cps: { type: 'string' },
      ladder: { type: 'string' },
      refine: { type: 'string' },
      warmup: { type: 'string' },
      step: { type: 'string' },
      'p99-limit': { type: 'string' },
      rate: { type: 'string' },
      fixed: { type: 'string' },
      fleet: { type: 'string' },
      'storm-rate': { type: 'string' },
      hold: { type: 'string' },
      'growth-rows': { type: 'string' },
      growth: { type: 'string' },
      addresses: { type: 'string' },
      'handshake-timeout': { type: 'string' },
      'call-timeout': { type: 'string' },
      'levity-args': { type: 'string' },
      'node-args': { type: 'string' },
      'levity-bin': { type: 'string' },
      json: { type: 'string' },
      'pg-url': { type: 'string' },
    },
  });
  if (values.help) return 'help';
  const options: BenchOptions = { ...FULL, ...(values.quick ? QUICK : {}) };
  const v = values;
  if (v.scenario !== undefined) options.scenarios = listOf('scenario', v.scenario, SCENARIOS);
  if (v.server !== undefined) options.servers = listOf('server', v.server, SERVERS);
  if (v.rounds !== undefined) options.rounds = number('rounds', v.rounds, 1);
  if (v.cps !== undefined) options.cps = number('cps', v.cps, 1);
  if (v.ladder !== undefined) options.ladder = v.ladder.split(',').map((rate) => number('ladder', rate, 1));
  if (v.refine !== undefined) options.refine = number('refine', v.refine, 0);
  if (v.warmup !== undefined) options.warmupSeconds = number('warmup', v.warmup, 0, false);
  if (v.step !== undefined) options.stepSeconds = number('step', v.step, 0.1, false);
  if (v['p99-limit'] !== undefined) options.p99LimitMs = number('p99-limit', v['p99-limit'], 1, false);
  if (v.rate !== undefined) options.fixedRate = number('rate', v.rate, 1);
  if (v.fixed !== undefined) options.fixedSeconds = number('fixed', v.fixed, 0.1, false);
  if (v.fleet !== undefined) options.fleet = number('fleet', v.fleet, 1);
  if (v['storm-rate'] !== undefined) options.stormRate = number('storm-rate', v['storm-rate'], 1);
  if (v.hold !== undefined) options.holdSeconds = number('hold', v.hold, 0, false);
  if (v['growth-rows'] !== undefined) options.growthRows = number('growth-rows', v['growth-rows'], 1);
  if (v.growth !== undefined) options.growthSeconds = number('growth', v.growth, 0.1, false);
  if (v.addresses !== undefined) options.addresses = v.addresses.split(',').map((a) => a.trim());
  if (v['handshake-timeout'] !== undefined)
    options.handshakeTimeoutSeconds = number('handshake-timeout', v['handshake-timeout'], 1, false);
  if (v['call-timeout'] !== undefined)
    options.callTimeoutSeconds = number('call-timeout', v['call-timeout'], 1, false);
  if (v['levity-args'] !== undefined) options.levityArgs = v['levity-args'].split(/\s+/).filter(Boolean);
  if (v['node-args'] !== undefined) options.nodeArgs = v['node-args'].split(/\s+/).filter(Boolean);
  if (v['levity-bin'] !== undefined) options.levityBinary = v['levity-bin'];
  if (v.json !== undefined) options.json = v.json;
  options.pgUrl = v['pg-url'] ?? postgresUrlFromEnvironment(env);
  if (options.pgUrl !== null && !/^postgres(?:ql)?:\/\//i.test(options.pgUrl)) {
    throw new Error(`--pg-url expects a postgres:// URL, got "${options.pgUrl}"`);
  }
  return options;
}
