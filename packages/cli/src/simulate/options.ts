import yargs from 'yargs';
import type { Parsed } from '../options.js';
import { integer, nonEmpty } from '../options.js';
import { parseArgs } from '../parse-args.js';

/** What `levity simulate` runs with, validated. */
export interface SimulateOptions {
  /** The central system's base URL; charge points connect to `{url}/{id}`. */
  readonly url: string;
  /** How many charge points. */
  readonly cps: number;
  readonly connectors: number;
  /** Seconds to run; `null`: until SIGINT or SIGTERM. */
  readonly duration: number | null;
  readonly idPrefix: string;
  readonly sessionSeconds: number;
  /** MeterValueSampleInterval of every charge point, in seconds; 0: no periodic meter values. */
  readonly meterInterval: number;
  /** Basic auth password (AuthorizationKey) of every charge point; `null`: none. */
  readonly password: string | null;
  /** PEM files: the CA to trust for wss://, and a client certificate and key (security profile 3). */
  readonly ca: string | null;
  readonly cert: string | null;
  readonly key: string | null;
}

export type SimulateCommandLine =
  | { readonly kind: 'run'; readonly options: SimulateOptions }
  | { readonly kind: 'print'; readonly output: string }
  | { readonly kind: 'usage-error'; readonly message: string };

interface FlagSpec<T> {
  readonly describe: string;
  /** `undefined`: the flag is required. */
  readonly default: string | undefined;
  readonly parse: (raw: string) => Parsed<T>;
}

const websocketUrl = (raw: string): Parsed<string> =>
  /^wss?:\/\/[^/\s]+/.test(raw) && URL.canParse(raw)
    ? { ok: true, value: raw.replace(/\/+$/, '') }
    : { ok: false, expected: 'expected a ws:// or wss:// URL such as ws://127.0.0.1:9000/ws' };

const seconds = (raw: string): Parsed<number> =>
  /^\d+(\.\d+)?$/.test(raw) && Number(raw) > 0 && Number(raw) <= 86_400
    ? { ok: true, value: Number(raw) }
    : { ok: false, expected: 'expected a number of seconds above 0, at most 86400' };

const optional = (raw: string): Parsed<string | null> => ({ ok: true, value: raw === '' ? null : raw });

const FLAGS = {
  url: {
    describe: 'Base URL of the central system, e.g. ws://127.0.0.1:9000/ws',
    default: undefined,
    parse: websocketUrl,
  },
  cps: { describe: 'Number of charge points (required)', default: undefined, parse: integer(1, 100_000) },
  connectors: { describe: 'Connectors per charge point', default: '2', parse: integer(1, 100) },
  duration: {
    describe: 'Seconds to run; without it, until SIGINT or SIGTERM',
    default: '',
    parse: (raw: string): Parsed<number | null> =>
      raw === '' ? { ok: true, value: null } : integer(1, 31_536_000)(raw),
  },
  'id-prefix': {
    describe: 'Charge point ids are {prefix}1, {prefix}2, …',
    default: 'SIM-',
    parse: nonEmpty('expected a non-empty prefix'),
  },
  'session-seconds': { describe: 'Average length of a charging session', default: '60', parse: seconds },
  'meter-interval': {
    describe: 'Seconds between periodic meter values (MeterValueSampleInterval); 0 for none',
    default: '10',
    parse: integer(0, 86_400),
  },
  password: {
    describe: 'HTTP Basic auth password (AuthorizationKey) of every charge point (security profiles 1 and 2)',
    default: '',
    parse: optional,
  },
  ca: {
    describe: 'PEM CA certificate to trust for wss:// (else the system CAs)',
    default: '',
    parse: optional,
  },
  cert: {
    describe: 'PEM client certificate (security profile 3; its CN must be the charge point id, e.g. --cps 1)',
    default: '',
    parse: optional,
  },
  key: { describe: 'PEM private key of --cert', default: '', parse: optional },
} satisfies Record<string, FlagSpec<unknown>>;

type Flag = keyof typeof FLAGS;

class UsageError extends Error {}

const camel = (flag: string): string => flag.replace(/-(.)/g, (_, letter: string) => letter.toUpperCase());
const KNOWN_KEYS = new Set([
  '_',
  '$0',
  'help',
  'h',
  ...Object.keys(FLAGS).flatMap((flag) => [flag, camel(flag)]),
]);

/**
 * Reads `levity simulate`'s flags (the arguments after `simulate`). Never prints and never exits.
 *
 * @example
 * const line = parseSimulateCommandLine(['--url', 'ws://127.0.0.1:9000/ws', '--cps', '100']);
 * if (line.kind === 'run') line.options.connectors; // 2
 */
export function parseSimulateCommandLine(argv: readonly string[]): SimulateCommandLine {
  const parser = yargs()
    .scriptName('levity simulate')
    .usage(
      '$0 --url ws://HOST:PORT/ws --cps N [options]\n\n' +
        'Runs N simulated OCPP 1.6-J charge points against a central system: they boot, charge session after ' +
        'session with realistic meter values, and answer every central-system command as real chargers would. ' +
        'A summary line is printed to stderr every second; SIGINT or SIGTERM stops the sessions and exits.',
    )
    .parserConfiguration({ 'duplicate-arguments-array': false, 'boolean-negation': false })
    .locale('en')
    .exitProcess(false)
    .strict(false)
    .wrap(100)
    .version(false);
  for (const [flag, spec] of Object.entries(FLAGS)) {
    parser.option(flag, {
      type: 'string',
      describe: spec.describe,
      ...(spec.default === undefined
        ? {}
        : { defaultDescription: spec.default === '' ? 'none' : spec.default }),
    });
  }
  parser.help().alias('h', 'help');

  const result = parseArgs(parser, argv, KNOWN_KEYS, 'levity simulate');
  if (result.kind !== 'parsed') return result;
  const parsed = result.args;

  const read = <T>(flag: Flag, spec: FlagSpec<T>): T => {
    const given = parsed[flag];
    if (given === undefined && spec.default === undefined) {
      throw new UsageError(`missing --${flag} (see levity simulate --help)`);
    }
    const raw = given === undefined ? (spec.default ?? '') : String(given);
    const result = spec.parse(raw);
    if (!result.ok) throw new UsageError(`invalid --${flag} ${JSON.stringify(raw)}: ${result.expected}`);
    return result.value;
  };
  try {
    return {
      kind: 'run',
      options: {
        url: read('url', FLAGS.url),
        cps: read('cps', FLAGS.cps),
        connectors: read('connectors', FLAGS.connectors),
        duration: read('duration', FLAGS.duration),
        idPrefix: read('id-prefix', FLAGS['id-prefix']),
        sessionSeconds: read('session-seconds', FLAGS['session-seconds']),
        meterInterval: read('meter-interval', FLAGS['meter-interval']),
        password: read('password', FLAGS.password),
        ca: read('ca', FLAGS.ca),
        cert: read('cert', FLAGS.cert),
        key: read('key', FLAGS.key),
      },
    };
  } catch (error) {
    if (error instanceof UsageError) return { kind: 'usage-error', message: error.message };
    throw error;
  }
}
