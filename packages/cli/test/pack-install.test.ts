import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The packages as a registry user gets them: packed as they would be published (`pnpm
// pack` turns `workspace:*` into versions), installed from the tarballs with npm into an
// empty project (the npm registry serves their dependencies), then imported from ESM,
// type-checked from TypeScript under both module resolutions users pick, and run as
// `npx levity`.

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const MINUTES = 60_000;

let work: string;
let app: string;

async function publishablePackages(): Promise<string[]> {
  const dirs: string[] = [];
  for (const name of await readdir(join(root, 'packages'))) {
    const manifest = JSON.parse(await readFile(join(root, 'packages', name, 'package.json'), 'utf8'));
    if (!manifest.private) dirs.push(join(root, 'packages', name));
  }
  return dirs;
}

const ESM_CHECK = `
import { createCentralSystem, MemoryStorage } from '@levity/core';
import { SqliteStorage } from '@levity/sqlite';
import { createHttpApi } from '@levity/http';
import { createSimulatedChargePoint } from '@levity/simulator';

const storage = await SqliteStorage.open(':memory:');
const cs = createCentralSystem({ storage });
const { port } = await cs.listen({ host: '127.0.0.1', port: 0 });
const sim = createSimulatedChargePoint({ url: \`ws://127.0.0.1:\${port}/ws\`, id: 'PACKED-1', connectors: 1 });
await sim.start();
const stored = await storage.chargePoints.get('PACKED-1');
await sim.close();
await cs.close();
await storage.close();
console.log(JSON.stringify({
  registrationStatus: stored?.registrationStatus,
  memoryStorage: typeof MemoryStorage,
  createHttpApi: typeof createHttpApi,
}));
`;

const TS_CHECK = `
import { type CentralSystem, createCentralSystem, MemoryStorage } from '@levity/core';
import { SqliteStorage } from '@levity/sqlite';

const cs: CentralSystem = createCentralSystem({ storage: new MemoryStorage() });
cs.handle('StartTransaction', async ({ params }) => {
  const connectorId: number = params.connectorId;
  const idTag: string = params.idTag;
  return { transactionId: connectorId + idTag.length, idTagInfo: { status: 'Accepted' } };
});
export const storage: Promise<SqliteStorage> = SqliteStorage.open('levity.db');
`;

/** A request the types must refuse: a StartTransaction answer without idTagInfo. */
const TS_MISTAKE = `
import { createCentralSystem, MemoryStorage } from '@levity/core';

createCentralSystem({ storage: new MemoryStorage() }).handle('StartTransaction', async () => ({ transactionId: 1 }));
`;

const tsconfig = (module: string, moduleResolution: string, file: string) =>
  JSON.stringify({
    compilerOptions: {
      module,
      moduleResolution,
      target: 'es2022',
      strict: true,
      noEmit: true,
      types: ['node'],
    },
    files: [file],
  });

describe('the packages as published', () => {
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'levity-pack-'));
    const tarballs = join(work, 'tarballs');
    app = join(work, 'app');
    await mkdir(tarballs);
    await mkdir(app);
    for (const dir of await publishablePackages()) {
      await run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: dir });
    }
    const files = (await readdir(tarballs)).map((file) => join(tarballs, file));
    await writeFile(
      join(app, 'package.json'),
      JSON.stringify({
        name: 'levity-user',
        private: true,
        type: 'module',
        // npm 11 runs no install script unless allowed; better-sqlite3 builds its addon in one.
        allowScripts: { 'better-sqlite3': true },
      }),
    );
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...files, '@types/node@20'], {
      cwd: app,
      maxBuffer: 16 * 1024 * 1024,
    });
  }, 15 * MINUTES);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it(
    'imports from ESM: a central system on SQLite accepts a simulated charge point',
    async () => {
      await writeFile(join(app, 'check.mjs'), ESM_CHECK);
      const { stdout } = await run(process.execPath, ['check.mjs'], { cwd: app });
      expect(JSON.parse(stdout.trim())).toStrictEqual({
        registrationStatus: 'Accepted',
        memoryStorage: 'function',
        createHttpApi: 'function',
      });
    },
    MINUTES,
  );

  it.each([
    ['node16', 'node16'],
    ['preserve', 'bundler'],
  ])(
    'type-checks from TypeScript with module %s and moduleResolution %s, and refuses a wrong answer',
    async (module, resolution) => {
      await writeFile(join(app, 'index.ts'), TS_CHECK);
      await writeFile(join(app, 'mistake.ts'), TS_MISTAKE);
      await writeFile(join(app, `tsconfig.${resolution}.json`), tsconfig(module, resolution, 'index.ts'));
      await writeFile(
        join(app, `tsconfig.${resolution}-mistake.json`),
        tsconfig(module, resolution, 'mistake.ts'),
      );

      await run(process.execPath, [tsc, '-p', `tsconfig.${resolution}.json`], { cwd: app });
      const mistake = await run(process.execPath, [tsc, '-p', `tsconfig.${resolution}-mistake.json`], {
        cwd: app,
      }).then(
        () => '',
        (error: { stdout: string }) => error.stdout,
      );
      expect(mistake).toMatch(/mistake\.ts.*idTagInfo/s);
    },
    5 * MINUTES,
  );

  it(
    'runs npx levity --help',
    async () => {
      const { stdout } = await run('npx', ['--no-install', 'levity', '--help'], { cwd: app });
      expect(stdout).toMatch(/^levity \[options\]/);
      expect(stdout).toContain('--db');
    },
    MINUTES,
  );
});
