/**
 * `npm run bench`: Levity (the `levity` binary on a temporary SQLite file, default
 * settings) and a bare ocpp-rpc server, alternately, against the same load generator;
 * prints Markdown tables with the ratios. `--help` lists the flags.
 *
 * @example
 *   npm run bench                                   # every scenario (about ten minutes)
 *   npm run bench -- --quick                        # smaller and shorter (a few minutes)
 *   npm run bench -- --scenario storm,idle --fleet 10000
 */
import { writeFileSync } from 'node:fs';
import { runBench } from './bench.js';
import { parseBenchOptions, USAGE } from './options.js';
import { formatResult } from './table.js';

const args = process.argv.slice(2).filter((arg) => arg !== '--');
let options: ReturnType<typeof parseBenchOptions>;
try {
  options = parseBenchOptions(args);
} catch (error) {
  console.error(`bench: ${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (options === 'help') {
  console.log(USAGE);
  process.exit(0);
}

const started = Date.now();
const progress = (text: string) => {
  const seconds = Math.round((Date.now() - started) / 1000);
  console.error(
    `[${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}] ${text}`,
  );
};
const result = await runBench(options, progress);
const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);
const command = `npm run bench${args.length > 0 ? ` -- ${args.map(quote).join(' ')}` : ''}`;
console.log(`\n${formatResult(result, command)}`);
if (options.json) writeFileSync(options.json, `${JSON.stringify(result, null, 2)}\n`);
