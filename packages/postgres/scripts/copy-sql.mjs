// Copies the repo's PostgreSQL migrations (../../sql/postgres/*.sql) into this package's sql/, which
// is what an installed @levity/postgres reads. Run by `pnpm build`, and as vitest's
// global setup so tests never run against a stale copy. The copy is generated: it is
// git-ignored, never edited.
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = resolve(here, '../../../sql/postgres');
const target = resolve(here, '../sql');

export function copySql() {
  const files = readdirSync(source).filter((file) => file.endsWith('.sql'));
  if (files.length === 0) throw new Error(`No .sql files in ${source}`);
  mkdirSync(target, { recursive: true });
  for (const file of files) {
    // Write then rename, so a test reading the directory never sees half a file.
    const temporary = join(target, `.${file}.${process.pid}.tmp`);
    copyFileSync(join(source, file), temporary);
    renameSync(temporary, join(target, file));
  }
  for (const file of readdirSync(target)) {
    if (file.endsWith('.sql') && !files.includes(file)) rmSync(join(target, file));
  }
  return files;
}

/** vitest global setup. */
export default function setup() {
  copySql();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = copySql();
  console.log(`copied ${files.length} SQL files to ${target}`);
}
