import type { RetentionKind } from '@levity/core';
import { AUTHORIZATION_POLICIES, BOOT_POLICIES, DEFAULT_RETENTION } from '@levity/core';
import yargs from 'yargs';
import { SUBCOMMANDS } from './commands/index.js';
import { parseDuration } from './duration.js';
import { parseArgs } from './parse-args.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export const LOG_FORMATS = ['pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** The retention flags and the history each shortens. */
export const RETENTION_FLAGS = {
  'retention-meter-values': 'meterValues',
  'retention-command-log': 'commands',
  'retention-status-reports': 'statusReports',
  'retention-data-transfers': 'dataTransfers',
  'retention-security-events': 'securityEvents',
  'retention-error-events': 'errors',
  'retention-connection-refusals': 'connectionRefusals',
} as const satisfies Record<string, RetentionKind>;

/** What the retention flags set (milliseconds; 0 keeps for ever). */
export interface CliRetention {
  readonly keep: Readonly<Record<RetentionKind, number>>;
  /** Between two pruning passes. */
  readonly intervalMs: number;
  /** From start-up to the first pass. */
  readonly startDelayMs: number;
}
export type AuthPolicyName = (typeof AUTHORIZATION_POLICIES)[number];
export type BootPolicyName = (typeof BOOT_POLICIES)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What `levity` runs with, validated. */
export interface CliOptions {
  readonly host: string;
  readonly port: number;
  /**
   * The SQLite file as given (relative to the working directory), `:memory:`, or a
   * `postgres://` / `postgresql://` URL (PostgreSQL).
   */
  readonly db: string;
  /** How many connections to PostgreSQL at most (unused with SQLite). */
  readonly dbPoolSize: number;
  /** This node's name in a cluster (logs, command journal, API); `null`: host name and process id. */
  readonly nodeId: string | null;
  readonly logLevel: LogLevel;
  /** `null` when `--log-file ''` turned the log file off. */
  readonly logFile: string | null;
  /** How stdout shows log lines; `null`: pretty on a terminal, JSON otherwise (see `consoleLogFormat`). */
  readonly logFormat: LogFormat | null;
  /** How long each history is kept, and when the pruner runs. */
  readonly retention: CliRetention;
  readonly heartbeatInterval: number;
  readonly pingInterval: number;
  readonly authPolicy: AuthPolicyName;
  readonly bootPolicy: BootPolicyName;
  readonly bootRetryInterval: number;
  /** `null`: the built-in pattern of @levity/core. */
  readonly chargePointIdPattern: RegExp | null;
  /** Whether to serve the HTTP management API. */
  readonly http: boolean;
  /** The API's own port; `null`: the same port as the WebSocket endpoint. */
  readonly httpPort: number | null;
  /**
   * The API's bearer token; `null`: read from (or generated into) the token file beside
   * the SQLite database, or `levity.token` in the working directory (PostgreSQL, `:memory:`).
   */
  readonly apiToken: string | null;
  /** Whether to serve the web dashboard at `/` (with the HTTP API). */
  readonly dashboard: boolean;
  /** Whether `/metrics` (Prometheus, served with the HTTP API) needs no token. */
  readonly metricsPublic: boolean;
  /** The lowest security profile any charge point may connect with (0-3). */
  readonly securityProfile: 0 | 1 | 2 | 3;
  /** PEM files of the TLS server certificate and key (`wss://`, `https://`); `null` when not serving TLS. */
  readonly tlsCert: string | null;
  readonly tlsKey: string | null;
  /** PEM file of the CA bundle charge point client certificates must chain to (profile 3). */
  readonly tlsCa: string | null;
  /** PEM files of the CA certificate and key that sign SignCertificate CSRs. */
  readonly csrCaCert: string | null;
  readonly csrCaKey: string | null;
  /** Failed authentications per minute (from an address, or for an id) before a back-off; 0: never. */
  readonly authFailureLimit: number;
  /** The first back-off in seconds. */
  readonly authBackoff: number;
  /** The limits against abuse. */
  readonly limits: CliLimits;
}

/** The limits against abuse, as the flags set them (units as in the flag names). */
export interface CliLimits {
  /** Bytes; a bigger WebSocket message closes the connection with 1009. */
  readonly maxFrameSize: number;
  /** Charge point connections at once; 0: no limit. */
  readonly maxConnections: number;
  /** Seconds from a new TCP connection (or an upgrade request) to an open WebSocket or a complete request. */
  readonly handshakeTimeout: number;
  /** Seconds a new connection has to boot; 0: no limit. */
  readonly bootTimeout: number;
  /** Bytes that may wait unsent for one client (charge point or event stream). */
  readonly maxSendBuffer: number;
  /** Characters of a string field the OCPP schemas leave unbounded. */
  readonly maxFieldLength: number;
  /** Seconds a charge point that never booted is kept after it was last seen; 0: for ever. */
  readonly unbootedRetention: number;
  /** Bytes of an HTTP API request body. */
  readonly httpBodyLimit: number;
  /** Seconds a client has to send a whole HTTP API request. */
  readonly httpRequestTimeout: number;
}

/** The outcome of reading the command line: run, print something and exit 0, or a usage error (exit 2). */
export type CommandLine =
  | { readonly kind: 'run'; readonly options: CliOptions }
  | { readonly kind: 'print'; readonly output: string }
  | { readonly kind: 'usage-error'; readonly message: string };

/** A flag's value, or what was expected instead. */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly expected: string };

export interface FlagSpec<T> {
  readonly describe: string;
  readonly default: string;
  /** The value, or what was expected instead. */
  readonly parse: (raw: string) => Parsed<T>;
}

export const integer =
  (min: number, max: number) =>
  (raw: string): Parsed<number> =>
    /^\d+$/.test(raw) && Number(raw) >= min && Number(raw) <= max
      ? { ok: true, value: Number(raw) }
      : { ok: false, expected: `expected an integer from ${min} to ${max}` };

export const nonEmpty =
  (expected: string) =>
  (raw: string): Parsed<string> =>
    raw.trim() === '' ? { ok: false, expected } : { ok: true, value: raw };

const logLevel = (raw: string): Parsed<LogLevel> => {
  const level = LOG_LEVELS.find((candidate) => candidate === raw.toLowerCase());
  return level
    ? { ok: true, value: level }
    : { ok: false, expected: `expected one of ${LOG_LEVELS.join(', ')}` };
};

const oneOf =
  <T extends string>(names: readonly T[]) =>
  (raw: string): Parsed<T> => {
    const name = names.find((candidate) => candidate === raw.toLowerCase());
    return name ? { ok: true, value: name } : { ok: false, expected: `expected one of ${names.join(', ')}` };
  };

const BOOLEANS: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  on: true,
  off: false,
  '1': true,
  '0': false,
};

const boolean = (raw: string): Parsed<boolean> => {
  const value = BOOLEANS[raw.toLowerCase()];
  return value === undefined ? { ok: false, expected: 'expected true or false' } : { ok: true, value };
};

const days = (ms: number) => `${ms / 86_400_000}d`;

const duration =
  (minMs: number) =>
  (raw: string): Parsed<number> => {
    const ms = parseDuration(raw);
    if (ms !== undefined && ms >= minMs) return { ok: true, value: ms };
    return {
      ok: false,
      expected:
        minMs === 0
          ? 'expected a duration such as 400d, 12h, 30m or 45s (0: keep for ever)'
          : `expected a duration of at least ${minMs / 1000}s, such as 1h or 30m`,
    };
  };

const retentionFlag = (kind: RetentionKind, what: string): FlagSpec<number> => ({
  describe: `How long ${what} are kept (400d, 12h, …; 0: for ever)`,
  default: days(DEFAULT_RETENTION[kind]),
  parse: duration(0),
});

const optionalLogFormat = (raw: string): Parsed<LogFormat | null> =>
  raw === '' ? { ok: true, value: null } : oneOf(LOG_FORMATS)(raw);

const optionalPort = (raw: string): Parsed<number | null> =>
  raw === '' ? { ok: true, value: null } : integer(0, 65_535)(raw);

/** Visible ASCII without spaces: what fits in `Authorization: Bearer <token>`. */
const apiToken = (raw: string): Parsed<string | null> =>
  raw === ''
    ? { ok: true, value: null }
    : /^[\x21-\x7e]+$/.test(raw)
      ? { ok: true, value: raw }
      : { ok: false, expected: 'expected visible ASCII characters without spaces' };

const optionalFile = (raw: string): Parsed<string | null> => ({ ok: true, value: raw === '' ? null : raw });

const pattern = (raw: string): Parsed<RegExp | null> => {
  if (raw === '') return { ok: true, value: null };
  try {
    // Anchored, so that the pattern describes whole ids, not a part of one.
    return { ok: true, value: new RegExp(`^(?:${raw})$`, 'u') };
  } catch (error) {
    return { ok: false, expected: `expected a regular expression (${(error as Error).message})` };
  }
};

const FLAGS = {
  host: {
    describe: 'Interface to listen on',
    default: '0.0.0.0',
    parse: nonEmpty('expected a host name or an IP address'),
  },
  port: {
    describe: 'Port to listen on; 0 picks a free one (the start-up log line says which)',
    default: '9000',
    parse: integer(0, 65_535),
  },
  db: {
    describe:
      'SQLite database file, created and migrated when needed; or a PostgreSQL URL, postgres://user:password@host:5432/database (migrated on start)',
    default: 'levity.db',
    parse: nonEmpty('expected a file path or a postgres:// URL'),
  },
  'db-pool-size': {
    describe: 'Most connections to PostgreSQL at once (with a postgres:// --db)',
    default: '10',
    parse: integer(1, 1000),
  },
  'node-id': {
    describe:
      "This node's name when several nodes share one PostgreSQL database (unique per node; in logs and GET /api/charge-points); default: host name and process id",
    default: '',
    parse: (raw: string): Parsed<string | null> =>
      raw === ''
        ? { ok: true, value: null }
        : raw.length <= 128 && /^[\x21-\x7e]+$/.test(raw)
          ? { ok: true, value: raw }
          : { ok: false, expected: 'expected up to 128 printable ASCII characters without spaces' },
  },
  'log-level': {
    describe: `Lowest level logged: ${LOG_LEVELS.join(', ')}`,
    default: 'info',
    parse: logLevel,
  },
  'log-file': {
    describe: "File the logs are appended to, besides stdout; '' for none",
    default: 'levity.log',
    parse: (raw: string): Parsed<string | null> => ({ ok: true, value: raw === '' ? null : raw }),
  },
  'log-format': {
    describe:
      "How stdout shows log lines: pretty (readable) or json; '' for pretty on a terminal and json otherwise (the log file is always json)",
    default: '',
    parse: optionalLogFormat,
  },
  'retention-meter-values': retentionFlag(
    'meterValues',
    'meter values (those of a transaction that make its energy, Energy.Active.Import.Register, always stay)',
  ),
  'retention-command-log': retentionFlag('commands', 'entries of the command log'),
  'retention-status-reports': retentionFlag('statusReports', 'firmware/diagnostics/log status reports'),
  'retention-data-transfers': retentionFlag('dataTransfers', 'DataTransfer messages'),
  'retention-security-events': retentionFlag('securityEvents', 'security events'),
  'retention-error-events': retentionFlag('errors', 'error events (StatusNotifications with an error)'),
  'retention-connection-refusals': retentionFlag('connectionRefusals', 'refused connection attempts'),
  'prune-interval': {
    describe: 'Time between two passes of the pruner that applies the retention flags',
    default: '1h',
    parse: duration(1000),
  },
  'prune-delay': {
    describe: 'Time from start-up to the first pass of the pruner',
    default: '1m',
    parse: duration(0),
  },
  'heartbeat-interval': {
    describe: 'Heartbeat interval in seconds told to booting charge points',
    default: '300',
    parse: integer(1, 86_400),
  },
  'ping-interval': {
    describe: 'WebSocket ping interval in seconds; 0 turns pings off',
    default: '60',
    parse: integer(0, 86_400),
  },
  'auth-policy': {
    describe: 'Id tag authorization: accept-all, or id-tags (only valid tags of the id-tag store)',
    default: 'accept-all',
    parse: oneOf(AUTHORIZATION_POLICIES),
  },
  'boot-policy': {
    describe:
      'Charge point admission: accept-all, known-only (registered beforehand), or pending (until the operator accepts)',
    default: 'accept-all',
    parse: oneOf(BOOT_POLICIES),
  },
  'boot-retry-interval': {
    describe: 'Seconds a Pending or Rejected charge point waits before booting again',
    default: '60',
    parse: integer(0, 86_400),
  },
  'charge-point-id-pattern': {
    describe: "Regular expression whole charge point ids must match; '' for the built-in one",
    default: '',
    parse: pattern,
  },
  http: {
    describe: 'Serve the HTTP management API (/api, /healthz, /readyz): true or false (--no-http)',
    default: 'true',
    parse: boolean,
  },
  'http-port': {
    describe: "Port of the HTTP API; '' for the WebSocket endpoint's port (0 picks a free one)",
    default: '',
    parse: optionalPort,
  },
  dashboard: {
    describe: 'Serve the web dashboard at / with the HTTP API: true or false (--no-dashboard)',
    default: 'true',
    parse: boolean,
  },
  'metrics-public': {
    describe:
      'Serve the Prometheus metrics at /metrics (with the HTTP API) without a token; otherwise any API token (role read and up) reads them. --metrics-public alone means true',
    default: 'false',
    parse: boolean,
  },
  'api-token': {
    describe:
      'Full-access (admin) bearer token of the HTTP API; by default generated once into <db>.token (mode 0600), or levity.token in the working directory with PostgreSQL',
    default: '',
    parse: apiToken,
  },
  'max-frame-size': {
    describe: 'Largest WebSocket message in bytes; a bigger one closes the connection (1009)',
    default: '1048576',
    parse: integer(1024, 256 * 1024 * 1024),
  },
  'max-connections': {
    describe: 'Charge point connections at once; more are refused with HTTP 503 (0: no limit)',
    default: '25000',
    parse: integer(0, 10_000_000),
  },
  'handshake-timeout': {
    describe: 'Seconds a client has from connecting to an open WebSocket (or a complete HTTP request)',
    default: '10',
    parse: integer(1, 3600),
  },
  'boot-timeout': {
    describe:
      'Seconds a new connection has to send BootNotification (any message under accept-all) unless it booted before; 0: no limit',
    default: '60',
    parse: integer(0, 86_400),
  },
  'max-send-buffer': {
    describe:
      'Bytes that may wait unsent for one charge point or event stream; a client that stops reading is dropped',
    default: '8388608',
    parse: integer(64 * 1024, 1024 * 1024 * 1024),
  },
  'max-field-length': {
    describe:
      'Characters of a DataTransfer data or sampled value: longer ones are cut (transaction messages) or refused',
    default: '8192',
    parse: integer(1, 256 * 1024 * 1024),
  },
  'unbooted-retention': {
    describe: 'Seconds a charge point that never booted is kept after it was last seen; 0: for ever',
    default: '3600',
    parse: integer(0, 365 * 86_400),
  },
  'http-body-limit': {
    describe: 'Largest HTTP API request body in bytes (413 beyond)',
    default: '1048576',
    parse: integer(1024, 1024 * 1024 * 1024),
  },
  'http-request-timeout': {
    describe: 'Seconds a client has to send a whole HTTP API request (408 beyond)',
    default: '30',
    parse: integer(1, 3600),
  },
  'security-profile': {
    describe:
      'Lowest OCPP security profile a charge point may connect with: 0 none, 1 Basic auth, 2 TLS + Basic auth, 3 TLS + client certificate',
    default: '0',
    parse: integer(0, 3),
  },
  'tls-cert': {
    describe: 'PEM server certificate (chain): serve wss:// and https:// (with --tls-key); SIGHUP reloads it',
    default: '',
    parse: optionalFile,
  },
  'tls-key': {
    describe: 'PEM private key of --tls-cert',
    default: '',
    parse: optionalFile,
  },
  'tls-ca': {
    describe: 'PEM CA bundle that signs charge point client certificates (security profile 3)',
    default: '',
    parse: optionalFile,
  },
  'csr-ca-cert': {
    describe: 'PEM CA certificate that signs SignCertificate requests (with --csr-ca-key)',
    default: '',
    parse: optionalFile,
  },
  'csr-ca-key': {
    describe: 'PEM private key of --csr-ca-cert',
    default: '',
    parse: optionalFile,
  },
  'auth-failure-limit': {
    describe:
      'Failed authentications in a minute, from one address or for one id, before upgrades get 429; 0: never',
    default: '5',
    parse: integer(0, 1_000_000),
  },
  'auth-backoff': {
    describe: 'Seconds of the first 429 back-off; it doubles while failures go on, up to 16 times',
    default: '30',
    parse: integer(1, 86_400),
  },
} satisfies Record<string, FlagSpec<unknown>>;

export type Flag = keyof typeof FLAGS;

/** A flag or environment variable with a bad value. */
export class CliFlagError extends Error {}

class UsageError extends CliFlagError {}

/** Flags that only make sense together. */
function checkSecurityFlags(options: CliOptions): void {
  if ((options.tlsCert === null) !== (options.tlsKey === null))
    throw new UsageError('--tls-cert and --tls-key go together');
  if (options.tlsCa !== null && options.tlsCert === null)
    throw new UsageError('--tls-ca needs --tls-cert and --tls-key (client certificates come over TLS)');
  if (options.securityProfile >= 2 && options.tlsCert === null)
    throw new UsageError(`--security-profile ${options.securityProfile} needs --tls-cert and --tls-key`);
  if (options.securityProfile === 3 && options.tlsCa === null)
    throw new UsageError('--security-profile 3 needs --tls-ca (the CA of the charge point certificates)');
  if ((options.csrCaCert === null) !== (options.csrCaKey === null))
    throw new UsageError('--csr-ca-cert and --csr-ca-key go together');
}

/**
 * The retention flags through `read` (a flag, its environment variable, or its default):
 * shared by the server and `levity prune`.
 */
export function readRetention(read: <T>(flag: Flag, spec: FlagSpec<T>) => T): CliRetention {
  const keep = Object.fromEntries(
    Object.entries(RETENTION_FLAGS).map(([flag, kind]) => [
      kind,
      read(flag as Flag, FLAGS[flag as keyof typeof RETENTION_FLAGS]),
    ]),
  ) as Record<RetentionKind, number>;
  return {
    keep,
    intervalMs: read('prune-interval', FLAGS['prune-interval']),
    startDelayMs: read('prune-delay', FLAGS['prune-delay']),
  };
}

/**
 * Reads one flag from parsed arguments, then its environment variable, then its default;
 * throws a `CliFlagError` naming where a bad value came from.
 */
export function flagReader(parsed: Readonly<Record<string, unknown>>, env: NodeJS.ProcessEnv) {
  return <T>(flag: Flag, spec: FlagSpec<T>): T => {
    const fromFlag = parsed[flag];
    const fromEnv = env[envName(flag)];
    const [raw, source] =
      fromFlag !== undefined
        ? [String(fromFlag), `--${flag}`]
        : fromEnv !== undefined
          ? [fromEnv, envName(flag)]
          : [spec.default, `--${flag}`];
    const result = spec.parse(raw);
    if (!result.ok) throw new CliFlagError(`invalid ${source} ${JSON.stringify(raw)}: ${result.expected}`);
    return result.value;
  };
}

/** `log-level` → `LEVITY_LOG_LEVEL`. */
export const envName = (flag: string): string => `LEVITY_${flag.toUpperCase().replaceAll('-', '_')}`;

const camel = (flag: string): string => flag.replace(/-(.)/g, (_, letter: string) => letter.toUpperCase());

const KNOWN_KEYS = new Set([
  '_',
  '$0',
  'help',
  'h',
  'version',
  'no-http',
  'noHttp',
  'no-dashboard',
  'noDashboard',
  ...Object.keys(FLAGS).flatMap((flag) => [flag, camel(flag)]),
]);

/**
 * Reads `levity`'s flags (`argv` without the node and script paths), falling back to
 * `LEVITY_<FLAG>` environment variables, then to the defaults. Never prints and never exits.
 *
 * @example
 * const line = parseCommandLine(['--port', '0'], { LEVITY_LOG_LEVEL: 'DEBUG' });
 * if (line.kind === 'run') line.options.logLevel; // 'debug'
 */
export function parseCommandLine(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  version: string,
): CommandLine {
  // Environment variables are read here rather than with yargs' .env('LEVITY'): that
  // would turn any unrelated LEVITY_* variable into an unknown option (or into --help),
  // could not name the variable in an error, and reads process.env only.
  const parser = yargs()
    .scriptName('levity')
    .usage(
      '$0 [options]\n\nRuns an OCPP 1.6-J Central System on SQLite or PostgreSQL. Charge points connect to ws://HOST:PORT/ws/{id}.\n' +
        'Simulated charge points to try it with: levity simulate --help',
    )
    .parserConfiguration({ 'duplicate-arguments-array': false, 'boolean-negation': false })
    .locale('en')
    .exitProcess(false)
    .strict(false)
    .wrap(100)
    .epilogue(
      [
        'Every option can also be set through an environment variable, e.g. LEVITY_PORT=9000 or LEVITY_LOG_FILE=; flags take precedence.',
        '',
        'Commands (levity COMMAND --help tells more; prune and backup work on the database, the others on a running server):',
        ...Object.entries(SUBCOMMANDS).map(
          ([name, command]) => `  levity ${name.padEnd(8)}${command.summary}`,
        ),
      ].join('\n'),
    );
  for (const [flag, spec] of Object.entries(FLAGS)) {
    parser.option(flag, {
      type: 'string',
      describe: `${spec.describe} [env ${envName(flag)}]`,
      defaultDescription: spec.default === '' ? "''" : spec.default,
    });
  }

  parser.option('no-http', {
    type: 'boolean',
    describe: 'Do not serve the HTTP management API (same as --http false)',
  });
  parser.option('no-dashboard', {
    type: 'boolean',
    describe: 'Do not serve the web dashboard (same as --dashboard false)',
  });

  parser.version(version).help().alias('h', 'help');

  const result = parseArgs(parser, argv, KNOWN_KEYS, 'levity');
  if (result.kind !== 'parsed') return result;
  const parsed = result.args;

  const read = flagReader(parsed, env);
  try {
    const options: CliOptions = {
      host: read('host', FLAGS.host),
      port: read('port', FLAGS.port),
      db: read('db', FLAGS.db),
      dbPoolSize: read('db-pool-size', FLAGS['db-pool-size']),
      nodeId: read('node-id', FLAGS['node-id']),
      logLevel: read('log-level', FLAGS['log-level']),
      logFile: read('log-file', FLAGS['log-file']),
      logFormat: read('log-format', FLAGS['log-format']),
      retention: readRetention(read),
      heartbeatInterval: read('heartbeat-interval', FLAGS['heartbeat-interval']),
      pingInterval: read('ping-interval', FLAGS['ping-interval']),
      authPolicy: read('auth-policy', FLAGS['auth-policy']),
      bootPolicy: read('boot-policy', FLAGS['boot-policy']),
      bootRetryInterval: read('boot-retry-interval', FLAGS['boot-retry-interval']),
      chargePointIdPattern: read('charge-point-id-pattern', FLAGS['charge-point-id-pattern']),
      // --no-http wins over --http and LEVITY_HTTP: it can only mean one thing.
      http: parsed['no-http'] === true ? false : read('http', FLAGS.http),
      httpPort: read('http-port', FLAGS['http-port']),
      apiToken: read('api-token', FLAGS['api-token']),
      // --no-dashboard wins over --dashboard and LEVITY_DASHBOARD, as --no-http does.
      dashboard: parsed['no-dashboard'] === true ? false : read('dashboard', FLAGS.dashboard),
      // A switch: `--metrics-public` with no value (yargs reads '') turns it on.
      metricsPublic: parsed['metrics-public'] === '' ? true : read('metrics-public', FLAGS['metrics-public']),
      limits: {
        maxFrameSize: read('max-frame-size', FLAGS['max-frame-size']),
        maxConnections: read('max-connections', FLAGS['max-connections']),
        handshakeTimeout: read('handshake-timeout', FLAGS['handshake-timeout']),
        bootTimeout: read('boot-timeout', FLAGS['boot-timeout']),
        maxSendBuffer: read('max-send-buffer', FLAGS['max-send-buffer']),
        maxFieldLength: read('max-field-length', FLAGS['max-field-length']),
        unbootedRetention: read('unbooted-retention', FLAGS['unbooted-retention']),
        httpBodyLimit: read('http-body-limit', FLAGS['http-body-limit']),
        httpRequestTimeout: read('http-request-timeout', FLAGS['http-request-timeout']),
      },
      securityProfile: read('security-profile', FLAGS['security-profile']) as CliOptions['securityProfile'],
      tlsCert: read('tls-cert', FLAGS['tls-cert']),
      tlsKey: read('tls-key', FLAGS['tls-key']),
      tlsCa: read('tls-ca', FLAGS['tls-ca']),
      csrCaCert: read('csr-ca-cert', FLAGS['csr-ca-cert']),
      csrCaKey: read('csr-ca-key', FLAGS['csr-ca-key']),
      authFailureLimit: read('auth-failure-limit', FLAGS['auth-failure-limit']),
      authBackoff: read('auth-backoff', FLAGS['auth-backoff']),
    };
    checkSecurityFlags(options);
    return { kind: 'run', options };
  } catch (error) {
    if (error instanceof CliFlagError) return { kind: 'usage-error', message: error.message };
    throw error;
  }
}
