#!/usr/bin/env node
// The README's commands on a fresh clone with only Node.js and npm:
//   npm start [-- levity flags]   install, build, run the server (levity.db, port 9000)
//   npm test                      install, build, lint, typecheck, run every test (PostgreSQL's
//                                 too where it is installed: then they must not be skipped)
//   npm run bench [-- flags]      install, build, run the load benchmark
//   npm run fuzz [-- flags]       install, build, fuzz the built levity binary's wire (100 000 frames)
//   node scripts/levity-dev.mjs smoke   install, build, the CLI end-to-end and SQLite tests (run by
//                                 scripts/node-matrix.mjs on other Node versions)
// pnpm comes from the npm registry through npx when it is not installed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split(
  '@',
)[1];

function localPnpmMatches() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 && probe.stdout.trim() === PNPM_VERSION;
}
const pnpmCommand = localPnpmMatches() ? ['pnpm'] : ['npx', '--yes', `pnpm@${PNPM_VERSION}`];

function run(command, args, options = {}) {
  console.error(`$ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}
const pnpm = (...args) => run(pnpmCommand[0], [...pnpmCommand.slice(1), ...args]);

function setup() {
  pnpm('install', '--frozen-lockfile');
  pnpm('run', 'build');
}

/** Install, build, and the tests that show a Node version works: the CLI end to end, SQLite's native addon. */
function smoke() {
  setup();
  pnpm('exec', 'vitest', 'run', '--project', 'cli', 'test/e2e.test.ts', 'test/http-e2e.test.ts');
  pnpm('exec', 'vitest', 'run', '--project', 'sqlite');
}

/** Whether this machine can run the PostgreSQL tests (the same places the tests' global setup looks). */
function postgresAvailable() {
  if (process.env.LEVITY_TEST_PG_URL || process.env.LEVITY_TEST_PG_BIN) return true;
  const root = '/usr/lib/postgresql';
  return (
    existsSync(root) && readdirSync(root).some((version) => existsSync(join(root, version, 'bin', 'pg_ctl')))
  );
}

/**
 * Where PostgreSQL is installed its tests must have run: none of @levity/postgres's tests
 * may be skipped, and some must have passed. Returns what went wrong, or null.
 */
function postgresTestsMissing(report) {
  const files = report.testResults.filter((file) => file.name.includes('/packages/postgres/'));
  const results = files.flatMap((file) => file.assertionResults);
  const skipped = results.filter((result) => result.status !== 'passed' && result.status !== 'failed');
  if (results.length === 0 || skipped.length > 0) {
    return `PostgreSQL is installed here, but ${skipped.length} of @levity/postgres's ${results.length} tests did not run`;
  }
  return null;
}

function test() {
  setup();
  pnpm('run', 'lint');
  pnpm('run', 'typecheck');
  pnpm('run', 'check:types-generated');
  pnpm('run', 'check:packages');
  const requirePostgres = postgresAvailable();
  const reportDir = mkdtempSync(join(tmpdir(), 'levity-vitest-'));
  const report = join(reportDir, 'report.json');
  const vitest = spawnSync(
    pnpmCommand[0],
    [
      ...pnpmCommand.slice(1),
      'exec',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
    // Where PostgreSQL is installed, its tests must not be skipped (the global setup fails instead).
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...(requirePostgres ? { LEVITY_TEST_PG_REQUIRED: '1' } : {}) },
    },
  );
  let status = vitest.status ?? 1;
  // A closing line any CI can read, whatever the reporter printed above it.
  if (existsSync(report)) {
    const parsed = JSON.parse(readFileSync(report, 'utf8'));
    const { numPassedTests, numFailedTests, numPendingTests } = parsed;
    console.log(`Tests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests} skipped`);
    const missing = requirePostgres ? postgresTestsMissing(parsed) : null;
    if (missing) {
      console.error(missing);
      status = 1;
    }
  }
  rmSync(reportDir, { recursive: true, force: true });
  process.exit(status);
}

function start(args) {
  setup();
  // Detached: Ctrl-C reaches only this process, which passes it on once; a terminal's
  // SIGINT to the whole group would otherwise count as a second, forcing signal.
  const child = spawn(process.execPath, [join(root, 'packages/cli/dist/bin.js'), ...args], {
    stdio: 'inherit',
    detached: true,
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function bench(args) {
  setup();
  pnpm('--filter', '@levity/bench', 'run', 'bench', ...args);
}

function fuzz(args) {
  setup();
  pnpm('--filter', '@levity/fuzz', 'run', 'fuzz', ...args);
}

const [command, ...args] = process.argv.slice(2);
const commands = { setup, smoke, test, start, bench, fuzz };
if (!commands[command]) {
  console.error(`usage: node scripts/levity-dev.mjs <${Object.keys(commands).join('|')}> [args]`);
  process.exit(2);
}
commands[command](args);
