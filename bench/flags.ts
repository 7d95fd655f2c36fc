import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { LoadOptions } from './load.js';

export const defaultLoadOptions: Omit<LoadOptions, 'url'> = {
  cps: 1000,
  durationSeconds: 30,
  rate: 0,
  batchSize: 200,
  sourceAddresses: ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4'],
  meterValuesPerSession: 5,
};

/** Whether the module at `url` is the script node was started with. */
export function isMain(url: string): boolean {
  const script = process.argv[1];
  return script !== undefined && realpathSync(script) === fileURLToPath(url);
}

function positiveNumber(flag: string, text: string | undefined, fallback: number, min = 0): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min)
    throw new Error(`--${flag} expects a number ≥ ${min}, got "${text}"`);
  return value;
}

/** The flags shared by run.ts and load.ts. */
export function parseFlags(args = process.argv.slice(2)): Omit<LoadOptions, 'url'> & { url?: string } {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: 'string' },
      cps: { type: 'string' },
      duration: { type: 'string' },
      rate: { type: 'string' },
      batch: { type: 'string' },
      addresses: { type: 'string' },
      'meter-values': { type: 'string' },
    },
  });
  const defaults = defaultLoadOptions;
  return {
    ...(values.url ? { url: values.url } : {}),
    cps: positiveNumber('cps', values.cps, defaults.cps, 1),
    durationSeconds: positiveNumber('duration', values.duration, defaults.durationSeconds, 1),
    rate: positiveNumber('rate', values.rate, defaults.rate),
    batchSize: positiveNumber('batch', values.batch, defaults.batchSize, 1),
    sourceAddresses: values.addresses ? values.addresses.split(',') : defaults.sourceAddresses,
    meterValuesPerSession: positiveNumber(
      'meter-values',
      values['meter-values'],
      defaults.meterValuesPerSession,
      1,
    ),
  };
}

/** The same options as flags, to hand to a child process. */
export function toFlags(options: Omit<LoadOptions, 'url'> & { url?: string }): string[] {
  return [
    ...(options.url ? ['--url', options.url] : []),
    ...[
      '--cps',
      String(options.cps),
      '--duration',
      String(options.durationSeconds),
      '--rate',
      String(options.rate),
    ],
    ...['--batch', String(options.batchSize), '--addresses', options.sourceAddresses.join(',')],
    ...['--meter-values', String(options.meterValuesPerSession)],
  ];
}
