import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createSimulatedChargePoint, type SimulatedChargePoint } from '@levity/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Every shell command in the README and docs/ is exercised here. Blocks fenced as
// ```sh runnable are run, in order, with bash against a `levity` this test starts (its
// port in place of 9000, the built binary as `levity`). Every other ```sh block is
// checked line by line: a `levity` command's subcommand and flags must be ones its
// --help lists, an npm/pnpm script must exist, a vitest project must exist, and any
// other program must be one of the external tools the docs are allowed to show.

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const bin = join(root, 'packages', 'cli', 'dist', 'bin.js');

/** Programs the docs may show that are not Levity's: exercised where their block is runnable. */
const EXTERNAL_TOOLS = new Set([
  'curl',
  'openssl',
  'printf',
  'cat',
  'export',
  'sudo',
  'createuser',
  'createdb',
  'pg_dump',
  'pg_restore',
  'psql',
  'cp',
  'sqlite3',
]);

interface Block {
  file: string;
  line: number;
  runnable: boolean;
  commands: string[];
}

async function docFiles(): Promise<string[]> {
  const docs = (await readdir(join(root, 'docs'))).filter((name) => name.endsWith('.md'));
  return ['README.md', ...docs.map((name) => join('docs', name))];
}

/** The ```sh blocks of a Markdown file, their commands with continuation lines joined and comments dropped. */
function shellBlocks(file: string, text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(sh|bash)\b(.*)$/.exec(lines[i] ?? '');
    if (!fence) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]?.startsWith('```'); i++) body.push(lines[i] ?? '');
    const commands: string[] = [];
    let pending = '';
    for (const raw of body) {
      const line = raw.replace(/\s+#\s.*$/, '').trimEnd();
      if (line.trim().startsWith('#') || line.trim() === '') continue;
      if (line.endsWith('\\')) {
        pending += `${line.slice(0, -1)} `;
        continue;
      }
      commands.push(`${pending}${line}`.trim());
      pending = '';
    }
    blocks.push({ file, line: start + 1, runnable: /\brunnable\b/.test(fence[2] ?? ''), commands });
  }
  return blocks;
}

/** Words of a command as a shell would split the simple cases the docs use. */
function words(command: string): string[] {
  return [...command.matchAll(/'[^']*'|"[^"]*"|\S+/g)].map((match) => match[0].replace(/^['"]|['"]$/g, ''));
}

async function helpOf(path: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [bin, ...path, '--help']);
  return stdout;
}

const helpCache = new Map<string, Promise<string>>();
const cachedHelp = (path: string[]) => {
  const key = path.join(' ');
  if (!helpCache.has(key)) helpCache.set(key, helpOf(path));
  return helpCache.get(key) as Promise<string>;
};

async function vitestProjects(): Promise<Set<string>> {
  const names = new Set<string>();
  const dirs = [
    ...(await readdir(join(root, 'packages'))).map((name) => join('packages', name)),
    'examples',
    'bench',
    'fuzz',
  ];
  for (const dir of dirs) {
    for (const config of ['vitest.config.ts', 'vitest.postgres.config.ts']) {
      const text = await readFile(join(root, dir, config), 'utf8').catch(() => '');
      for (const match of text.matchAll(/name:\s*'([^']+)'/g)) names.add(match[1] as string);
    }
  }
  return names;
}

async function scriptsOf(dir: string): Promise<Record<string, string>> {
  return JSON.parse(await readFile(join(root, dir, 'package.json'), 'utf8')).scripts ?? {};
}

async function packageDirByName(name: string): Promise<string | undefined> {
  for (const dir of [
    ...(await readdir(join(root, 'packages'))).map((d) => join('packages', d)),
    'examples',
    'bench',
    'fuzz',
  ]) {
    const manifest = JSON.parse(await readFile(join(root, dir, 'package.json'), 'utf8').catch(() => '{}'));
    if (manifest.name === name) return dir;
  }
  return undefined;
}

/** What is wrong with one documented command, or undefined when it checks out. */
async function problemWith(command: string, projects: Set<string>): Promise<string | undefined> {
  for (const segment of command.split(/\s*(?:\||&&|;)\s*/)) {
    // `TOKEN=$(cat levity.db.token)`: the command inside is what runs.
    let argv = words(segment.replace(/^[A-Z_][A-Z0-9_]*=\$\((.*)\)$/, '$1'));
    while (argv[0] && /^[A-Z_][A-Z0-9_]*=/.test(argv[0])) argv = argv.slice(1);
    if (argv[0] === 'sudo') argv = argv.slice(argv[1] === '-u' ? 3 : 1);
    // `pg_virtualenv -v 15 -- CMD`: PostgreSQL's throwaway cluster around CMD, which is checked.
    if (argv[0] === 'pg_virtualenv' && argv.includes('--')) argv = argv.slice(argv.indexOf('--') + 1);
    if (argv[0] === 'npx') argv = argv.slice(1);
    if (argv[0] === 'pnpm' && argv[1] === 'exec' && argv[2] === 'levity') argv = argv.slice(2);
    const [program, ...rest] = argv;
    if (program === undefined) continue;
    if (program === 'levity') {
      const path = rest.filter(
        (word, index) =>
          index < 2 && /^[a-z][a-z-]*$/.test(word) && !rest.slice(0, index).some((w) => w.startsWith('-')),
      );
      let help: string;
      try {
        help = await cachedHelp(path);
      } catch {
        // `cp show CP001`: the second word may be an argument, not a subcommand.
        help = await cachedHelp(path.slice(0, 1)).catch(() => '');
        if (!help) return `levity ${path.join(' ')}: no such command`;
      }
      for (const flag of rest
        .filter((word) => word.startsWith('--'))
        .map((word) => word.split('=')[0] as string)) {
        const name = flag.replace(/^--no-/, '--');
        if (!help.includes(name)) return `levity ${path.join(' ')}: ${flag} is not in its --help`;
      }
      continue;
    }
    if (program === 'npm') {
      const script = rest[0] === 'run' ? rest[1] : rest[0];
      if (!script || !(script in (await scriptsOf('.')))) return `npm script ${script} does not exist`;
      continue;
    }
    if (program === 'pnpm') {
      if (rest[0] === '--filter') {
        const dir = await packageDirByName(rest[1] ?? '');
        if (!dir) return `pnpm --filter ${rest[1]}: no such package`;
        const script = rest[2] === 'run' ? rest[3] : rest[2];
        if (script !== 'exec' && !(script && script in (await scriptsOf(dir))))
          return `${rest[1]} has no script ${script}`;
        continue;
      }
      if (rest[0] === 'exec' && rest[1] === 'vitest') {
        for (let i = 0; i < rest.length; i++) {
          if (rest[i] === '--project' && !projects.has(rest[i + 1] ?? ''))
            return `no vitest project ${rest[i + 1]}`;
        }
        continue;
      }
      const script = rest[0] === 'run' ? rest[1] : rest[0];
      if (!script || !(script in (await scriptsOf('.')))) return `pnpm script ${script} does not exist`;
      continue;
    }
    if (!EXTERNAL_TOOLS.has(program)) return `${program} is neither Levity's nor an allowed external tool`;
  }
  return undefined;
}

describe('the commands in the README and docs/', () => {
  let blocks: Block[];
  let projects: Set<string>;

  beforeAll(async () => {
    blocks = [];
    for (const file of await docFiles())
      blocks.push(...shellBlocks(file, await readFile(join(root, file), 'utf8')));
    projects = await vitestProjects();
  });

  it('are ones Levity has: levity subcommands and flags, scripts, vitest projects, or allowed tools', async () => {
    const problems: string[] = [];
    for (const block of blocks) {
      for (const command of block.commands) {
        const problem = await problemWith(command, projects);
        if (problem) problems.push(`${block.file}:${block.line}: ${command}\n  ${problem}`);
      }
    }
    expect(problems).toStrictEqual([]);
    expect(blocks.filter((block) => block.runnable).length).toBeGreaterThan(3);
  }, 120_000);

  describe('marked runnable, run against a levity started here', () => {
    let work: string;
    let server: ChildProcess;
    let port: number;
    let chargePoint: SimulatedChargePoint;

    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), 'levity-docs-'));
      const shims = join(work, 'bin');
      await run('mkdir', [shims]);
      await writeFile(join(shims, 'levity'), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`);
      await chmod(join(shims, 'levity'), 0o755);
      server = spawn(
        process.execPath,
        [bin, '--port', '0', '--host', '127.0.0.1', '--db', 'levity.db', '--log-file', ''],
        {
          cwd: work,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      port = await new Promise<number>((resolve, reject) => {
        let output = '';
        server.stdout?.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /"port":(\d+)/.exec(output);
          if (match) resolve(Number(match[1]));
        });
        server.once('exit', (code) => reject(new Error(`levity exited with ${code}: ${output}`)));
      });
      chargePoint = createSimulatedChargePoint({
        url: `ws://127.0.0.1:${port}/ws`,
        id: 'CP001',
        connectors: 1,
      });
      // Answered without the simulated reboot, so that the next command still finds it connected.
      chargePoint.setBehaviour('Reset', () => ({ status: 'Accepted' }));
      await chargePoint.start();
      await chargePoint.startTransaction({ connectorId: 1, idTag: 'DOCS' });
    }, 60_000);

    afterAll(async () => {
      await chargePoint?.close();
      if (server && server.exitCode === null) {
        server.kill('SIGTERM');
        await new Promise((resolve) => server.once('exit', resolve));
      }
      if (work) await rm(work, { recursive: true, force: true });
    });

    it('exits 0 for each block, in the order of the docs', async () => {
      const runnable = blocks.filter((block) => block.runnable);
      for (const block of runnable) {
        const script = block.commands
          .join('\n')
          .replaceAll(/(localhost|127\.0\.0\.1):9000/g, `127.0.0.1:${port}`)
          .replaceAll('pnpm exec levity', 'levity');
        const result = await run('bash', ['-euo', 'pipefail', '-c', script], {
          cwd: work,
          // A block that starts a server by mistake must fail here, not hang the suite.
          timeout: 90_000,
          killSignal: 'SIGKILL',
          env: {
            ...process.env,
            PATH: `${join(work, 'bin')}:${process.env.PATH}`,
            LEVITY_URL: `http://127.0.0.1:${port}`,
            PASSWORD: 'docs-password-0123',
            // What an earlier block of the same page set (`TOKEN=$(cat levity.db.token)`).
            TOKEN: (await readFile(join(work, 'levity.db.token'), 'utf8')).trim(),
          },
        }).then(
          () => undefined,
          // The end of the output: the failing command's message.
          (error: { stderr?: string; stdout?: string }) =>
            `${error.stdout ?? ''}${error.stderr ?? ''}`.slice(-600),
        );
        expect(result, `${block.file}:${block.line}`).toBeUndefined();
      }
    }, 420_000);
  });
});
