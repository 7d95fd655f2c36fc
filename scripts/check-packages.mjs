#!/usr/bin/env node
// Checks every publishable package the way a registry user meets it: packs it as it
// would be published (`pnpm pack`, which turns `workspace:*` into versions), then runs
// publint --strict on it and @arethetypeswrong/cli on the tarball with the esm-only
// profile (Levity ships ES modules only; CommonJS consumers use `import()`).
//
//   node scripts/check-packages.mjs [--keep DIR]   exits 1 when any package has a problem
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** The packages under packages/ that are published (not private). */
export function publishablePackages() {
  return readdirSync(join(root, 'packages'))
    .map((name) => join(root, 'packages', name))
    .filter((dir) => {
      try {
        return !JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private;
      } catch {
        return false;
      }
    });
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

function main() {
  const keep = process.argv.indexOf('--keep');
  const destination = keep > 0 ? process.argv[keep + 1] : mkdtempSync(join(tmpdir(), 'levity-pack-'));
  const failures = [];
  for (const dir of publishablePackages()) {
    const { name } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const packed = run('pnpm', ['pack', '--pack-destination', destination], dir);
    if (!packed.ok) {
      failures.push(`${name}: pnpm pack failed\n${packed.output}`);
      continue;
    }
    const tarball = join(
      destination,
      `${name.replace('@', '').replace('/', '-')}-${JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version}.tgz`,
    );
    const publint = run(bin('publint'), ['run', '--strict', '--pack', 'pnpm'], dir);
    const attw = run(bin('attw'), ['--profile', 'esm-only', '--format', 'table-flipped', tarball], root);
    console.log(`${publint.ok && attw.ok ? 'ok  ' : 'FAIL'} ${name}`);
    if (!publint.ok) failures.push(`${name}: publint --strict\n${publint.output}`);
    if (!attw.ok) failures.push(`${name}: attw --profile esm-only\n${attw.output}`);
  }
  if (keep < 0) rmSync(destination, { recursive: true, force: true });
  if (failures.length > 0) {
    console.error(failures.join('\n\n'));
    process.exit(1);
  }
}

main();
