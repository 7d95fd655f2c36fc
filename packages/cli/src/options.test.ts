import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './index.js';
import type { CliOptions, CommandLine } from './options.js';
import { envName, parseCommandLine } from './options.js';

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}): CommandLine =>
  parseCommandLine(argv, env, '1.2.3');

function options(argv: string[], env: NodeJS.ProcessEnv = {}): CliOptions {
  const line = parse(argv, env);
  if (line.kind !== 'run') throw new Error(`expected options, got ${JSON.stringify(line)}`);
  return line.options;
}

function usageError(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  const line = parse(argv, env);
  if (line.kind !== 'usage-error') throw new Error(`expected a usage error, got ${JSON.stringify(line)}`);
  return line.message;
}

const DAY = 86_400_000;

describe('parseCommandLine', () => {
  it('applies the defaults when no flag and no variable is set', () => {
    expect(options([])).toEqual({
      host: '0.0.0.0',
      port: 9000,
      db: 'levity.db',
      dbPoolSize: 10,
      nodeId: null,
      logLevel: 'info',
      logFile: 'levity.log',
      logFormat: null,
      retention: {
        keep: {
          meterValues: 400 * DAY,
          commands: 90 * DAY,
          statusReports: 180 * DAY,
          dataTransfers: 90 * DAY,
          securityEvents: 400 * DAY,
          errors: 400 * DAY,
          connectionRefusals: 90 * DAY,
        },
        intervalMs: 3_600_000,
        startDelayMs: 60_000,
      },
      heartbeatInterval: 300,
      pingInterval: 60,
      authPolicy: 'accept-all',
      bootPolicy: 'accept-all',
      bootRetryInterval: 60,
      chargePointIdPattern: null,
      http: true,
      httpPort: null,
      apiToken: null,
      dashboard: true,
      metricsPublic: false,
      limits: {
        maxFrameSize: 1_048_576,
        maxConnections: 25_000,
        handshakeTimeout: 10,
        bootTimeout: 60,
        maxSendBuffer: 8_388_608,
        maxFieldLength: 8192,
        unbootedRetention: 3600,
        httpBodyLimit: 1_048_576,
        httpRequestTimeout: 30,
      },
      securityProfile: 0,
      tlsCert: null,
      tlsKey: null,
      tlsCa: null,
      csrCaCert: null,
      csrCaKey: null,
      authFailureLimit: 5,
      authBackoff: 30,
    });
  });

  it('reads every flag', () => {
    expect(
      options([
        '--host',
        '127.0.0.1',
        '--port=8080',
        '--db',
        'data/x.db',
        '--db-pool-size',
        '25',
        '--node-id',
        'node-a',
        '--log-level',
        'warn',
        '--log-file',
        'x.log',
        '--heartbeat-interval',
        '60',
        '--ping-interval',
        '0',
        '--auth-policy',
        'id-tags',
        '--boot-policy',
        'known-only',
        '--boot-retry-interval',
        '600',
        '--charge-point-id-pattern',
        'CP-\\d+',
        '--http',
        'false',
        '--http-port',
        '9001',
        '--api-token',
        's3cret-T0ken',
        '--dashboard',
        'false',
        '--metrics-public',
        'true',
        '--max-frame-size',
        '65536',
        '--max-connections',
        '0',
        '--handshake-timeout',
        '5',
        '--boot-timeout',
        '0',
        '--max-send-buffer',
        '1048576',
        '--max-field-length',
        '100',
        '--unbooted-retention',
        '0',
        '--http-body-limit',
        '2048',
        '--http-request-timeout',
        '5',
        '--security-profile',
        '3',
        '--tls-cert',
        'server.pem',
        '--tls-key',
        'server.key',
        '--tls-ca',
        'ca.pem',
        '--csr-ca-cert',
        'csr-ca.pem',
        '--csr-ca-key',
        'csr-ca.key',
        '--auth-failure-limit',
        '0',
        '--auth-backoff',
        '120',
        '--log-format',
        'JSON',
        '--retention-meter-values',
        '30d',
        '--retention-command-log',
        '0',
        '--retention-status-reports',
        '12h',
        '--retention-data-transfers',
        '1w',
        '--retention-security-events',
        '90m',
        '--retention-error-events',
        '45s',
        '--retention-connection-refusals',
        '2d',
        '--prune-interval',
        '10m',
        '--prune-delay',
        '0',
      ]),
    ).toEqual({
      host: '127.0.0.1',
      port: 8080,
      db: 'data/x.db',
      dbPoolSize: 25,
      nodeId: 'node-a',
      logLevel: 'warn',
      logFile: 'x.log',
      logFormat: 'json',
      retention: {
        keep: {
          meterValues: 30 * DAY,
          commands: 0,
          statusReports: 12 * 3_600_000,
          dataTransfers: 7 * DAY,
          securityEvents: 90 * 60_000,
          errors: 45_000,
          connectionRefusals: 2 * DAY,
        },
        intervalMs: 600_000,
        startDelayMs: 0,
      },
      heartbeatInterval: 60,
      pingInterval: 0,
      authPolicy: 'id-tags',
      bootPolicy: 'known-only',
      bootRetryInterval: 600,
      chargePointIdPattern: /^(?:CP-\d+)$/u,
      http: false,
      httpPort: 9001,
      apiToken: 's3cret-T0ken',
      dashboard: false,
      metricsPublic: true,
      limits: {
        maxFrameSize: 65_536,
        maxConnections: 0,
        handshakeTimeout: 5,
        bootTimeout: 0,
        maxSendBuffer: 1_048_576,
        maxFieldLength: 100,
        unbootedRetention: 0,
        httpBodyLimit: 2048,
        httpRequestTimeout: 5,
      },
      securityProfile: 3,
      tlsCert: 'server.pem',
      tlsKey: 'server.key',
      tlsCa: 'ca.pem',
      csrCaCert: 'csr-ca.pem',
      csrCaKey: 'csr-ca.key',
      authFailureLimit: 0,
      authBackoff: 120,
    });
  });

  it('reads every flag from its LEVITY_ environment variable', () => {
    const env = {
      LEVITY_HOST: '::1',
      LEVITY_PORT: '0',
      LEVITY_DB: ':memory:',
      LEVITY_DB_POOL_SIZE: '3',
      LEVITY_NODE_ID: 'env-node',
      LEVITY_LOG_LEVEL: 'error',
      LEVITY_LOG_FILE: 'env.log',
      LEVITY_HEARTBEAT_INTERVAL: '30',
      LEVITY_PING_INTERVAL: '15',
      LEVITY_AUTH_POLICY: 'ID-TAGS',
      LEVITY_BOOT_POLICY: 'pending',
      LEVITY_BOOT_RETRY_INTERVAL: '0',
      LEVITY_CHARGE_POINT_ID_PATTERN: '[A-Z]{2}\\d{4}',
      LEVITY_HTTP: 'no',
      LEVITY_HTTP_PORT: '0',
      LEVITY_API_TOKEN: 'env-token',
      LEVITY_DASHBOARD: 'off',
      LEVITY_METRICS_PUBLIC: 'on',
      LEVITY_MAX_FRAME_SIZE: '2048',
      LEVITY_MAX_CONNECTIONS: '5',
      LEVITY_HANDSHAKE_TIMEOUT: '3',
      LEVITY_BOOT_TIMEOUT: '120',
      LEVITY_MAX_SEND_BUFFER: '65536',
      LEVITY_MAX_FIELD_LENGTH: '16384',
      LEVITY_UNBOOTED_RETENTION: '60',
      LEVITY_HTTP_BODY_LIMIT: '4096',
      LEVITY_HTTP_REQUEST_TIMEOUT: '10',
      LEVITY_SECURITY_PROFILE: '2',
      LEVITY_TLS_CERT: 'env.pem',
      LEVITY_TLS_KEY: 'env.key',
      LEVITY_TLS_CA: '',
      LEVITY_CSR_CA_CERT: 'ca.pem',
      LEVITY_CSR_CA_KEY: 'ca.key',
      LEVITY_AUTH_FAILURE_LIMIT: '10',
      LEVITY_AUTH_BACKOFF: '5',
      LEVITY_LOG_FORMAT: 'pretty',
      LEVITY_RETENTION_METER_VALUES: '800d',
      LEVITY_RETENTION_DATA_TRANSFERS: '0',
      LEVITY_PRUNE_INTERVAL: '30m',
      LEVITY_PRUNE_DELAY: '5m',
    };
    expect(options([], env)).toEqual({
      host: '::1',
      port: 0,
      db: ':memory:',
      dbPoolSize: 3,
      nodeId: 'env-node',
      logLevel: 'error',
      logFile: 'env.log',
      logFormat: 'pretty',
      retention: {
        keep: {
          meterValues: 800 * DAY,
          commands: 90 * DAY,
          statusReports: 180 * DAY,
          dataTransfers: 0,
          securityEvents: 400 * DAY,
          errors: 400 * DAY,
          connectionRefusals: 90 * DAY,
        },
        intervalMs: 1_800_000,
        startDelayMs: 300_000,
      },
      heartbeatInterval: 30,
      pingInterval: 15,
      authPolicy: 'id-tags',
      bootPolicy: 'pending',
      bootRetryInterval: 0,
      chargePointIdPattern: /^(?:[A-Z]{2}\d{4})$/u,
      http: false,
      httpPort: 0,
      apiToken: 'env-token',
      dashboard: false,
      metricsPublic: true,
      limits: {
        maxFrameSize: 2048,
        maxConnections: 5,
        handshakeTimeout: 3,
        bootTimeout: 120,
        maxSendBuffer: 65_536,
        maxFieldLength: 16_384,
        unbootedRetention: 60,
        httpBodyLimit: 4096,
        httpRequestTimeout: 10,
      },
      securityProfile: 2,
      tlsCert: 'env.pem',
      tlsKey: 'env.key',
      tlsCa: null,
      csrCaCert: 'ca.pem',
      csrCaKey: 'ca.key',
      authFailureLimit: 10,
      authBackoff: 5,
    });
  });

  it('takes a PostgreSQL URL for --db and LEVITY_DB, as given', () => {
    expect(options(['--db', 'postgres://levity:pw@db:5432/levity'])).toMatchObject({
      db: 'postgres://levity:pw@db:5432/levity',
    });
    expect(options([], { LEVITY_DB: 'postgresql://db/levity?sslmode=require' })).toMatchObject({
      db: 'postgresql://db/levity?sslmode=require',
    });
  });

  it('refuses security flags that do not go together, in one line', () => {
    expect(usageError(['--tls-cert', 'a.pem'])).toBe('--tls-cert and --tls-key go together');
    expect(usageError(['--tls-ca', 'ca.pem'])).toMatch(/^--tls-ca needs --tls-cert and --tls-key/);
    expect(usageError(['--security-profile', '2'])).toBe(
      '--security-profile 2 needs --tls-cert and --tls-key',
    );
    expect(usageError(['--security-profile', '3', '--tls-cert', 'a', '--tls-key', 'b'])).toMatch(
      /^--security-profile 3 needs --tls-ca/,
    );
    expect(usageError(['--security-profile', '4'])).toBe(
      'invalid --security-profile "4": expected an integer from 0 to 3',
    );
    expect(usageError(['--csr-ca-key', 'k.pem'])).toBe('--csr-ca-cert and --csr-ca-key go together');
  });

  it('refuses an unknown policy and a broken id pattern with a one-line message', () => {
    expect(usageError(['--auth-policy', 'open-bar'])).toBe(
      'invalid --auth-policy "open-bar": expected one of accept-all, id-tags',
    );
    expect(usageError([], { LEVITY_BOOT_POLICY: 'maybe' })).toBe(
      'invalid LEVITY_BOOT_POLICY "maybe": expected one of accept-all, known-only, pending',
    );
    expect(usageError(['--charge-point-id-pattern', '(['])).toMatch(
      /^invalid --charge-point-id-pattern "\(\[": expected a regular expression/,
    );
  });

  it('turns the dashboard off with --no-dashboard, whatever --dashboard or LEVITY_DASHBOARD say', () => {
    expect(options(['--no-dashboard']).dashboard).toBe(false);
    expect(options(['--no-dashboard', '--dashboard', 'true']).dashboard).toBe(false);
    expect(options(['--no-dashboard'], { LEVITY_DASHBOARD: 'true' }).dashboard).toBe(false);
    expect(options([], { LEVITY_DASHBOARD: 'false' }).dashboard).toBe(false);
  });

  it('makes /metrics public with --metrics-public alone, with a value, or LEVITY_METRICS_PUBLIC', () => {
    expect(options(['--metrics-public']).metricsPublic).toBe(true);
    expect(options(['--metrics-public', '--port', '1']).metricsPublic).toBe(true);
    expect(options(['--metrics-public', 'false']).metricsPublic).toBe(false);
    expect(options([], { LEVITY_METRICS_PUBLIC: 'yes' }).metricsPublic).toBe(true);
    expect(options(['--metrics-public', 'false'], { LEVITY_METRICS_PUBLIC: 'true' }).metricsPublic).toBe(
      false,
    );
    expect(usageError(['--metrics-public', 'maybe'])).toBe(
      'invalid --metrics-public "maybe": expected true or false',
    );
  });

  it('turns the HTTP API off with --no-http, whatever --http or LEVITY_HTTP say', () => {
    expect(options(['--no-http']).http).toBe(false);
    expect(options(['--no-http', '--http', 'true']).http).toBe(false);
    expect(options(['--no-http'], { LEVITY_HTTP: 'true' }).http).toBe(false);
    expect(options([], { LEVITY_HTTP: 'FALSE' }).http).toBe(false);
    expect(options(['--http', 'true'], { LEVITY_HTTP: 'false' }).http).toBe(true);
  });

  it('serves the API on the WebSocket port unless --http-port names another', () => {
    expect(options([]).httpPort).toBeNull();
    expect(options(['--http-port', '8080']).httpPort).toBe(8080);
    expect(options(['--http-port', '']).httpPort).toBeNull();
  });

  it('refuses a bad --http, --http-port or --api-token', () => {
    expect(usageError(['--http', 'maybe'])).toBe('invalid --http "maybe": expected true or false');
    expect(usageError(['--http-port', '70000'])).toBe(
      'invalid --http-port "70000": expected an integer from 0 to 65535',
    );
    expect(usageError([], { LEVITY_API_TOKEN: 'has space' })).toBe(
      'invalid LEVITY_API_TOKEN "has space": expected visible ASCII characters without spaces',
    );
  });

  it('refuses limits out of their range, naming the flag or variable', () => {
    expect(usageError(['--max-frame-size', '100'])).toBe(
      'invalid --max-frame-size "100": expected an integer from 1024 to 268435456',
    );
    expect(usageError(['--handshake-timeout', '0'])).toBe(
      'invalid --handshake-timeout "0": expected an integer from 1 to 3600',
    );
    expect(usageError([], { LEVITY_MAX_CONNECTIONS: '-1' })).toBe(
      'invalid LEVITY_MAX_CONNECTIONS "-1": expected an integer from 0 to 10000000',
    );
  });

  it('anchors the id pattern so it describes whole ids', () => {
    const pattern = options(['--charge-point-id-pattern', 'CP\\d+']).chargePointIdPattern;
    expect(pattern?.test('CP12')).toBe(true);
    expect(pattern?.test('xCP12')).toBe(false);
  });

  it('refuses a retention without a unit, and a pruner interval under a second', () => {
    for (const argv of [
      ['--retention-meter-values', '400'],
      ['--retention-command-log=-1d'],
      ['--prune-interval', '0'],
      ['--log-format', 'text'],
    ]) {
      const line = parseCommandLine(argv, {}, '0.0.0');
      expect(line.kind, argv.join(' ')).toBe('usage-error');
      if (line.kind === 'usage-error') expect(line.message).toContain(argv[0]?.split('=')[0]);
    }
  });

  it('names each variable after its flag', () => {
    expect(envName('log-level')).toBe('LEVITY_LOG_LEVEL');
    expect(envName('heartbeat-interval')).toBe('LEVITY_HEARTBEAT_INTERVAL');
  });

  it('lets a flag win over its environment variable', () => {
    const env = { LEVITY_PORT: '7000', LEVITY_LOG_LEVEL: 'error', LEVITY_LOG_FILE: 'env.log' };
    expect(options(['--port', '7001', '--log-level', 'debug', '--log-file', ''], env)).toMatchObject({
      port: 7001,
      logLevel: 'debug',
      logFile: null,
    });
  });

  it('does not validate a variable that a flag overrides', () => {
    expect(options(['--port', '1'], { LEVITY_PORT: 'abc' }).port).toBe(1);
  });

  it('accepts a log level in any case', () => {
    expect(options(['--log-level', 'DEBUG']).logLevel).toBe('debug');
    expect(options([], { LEVITY_LOG_LEVEL: 'Warn' }).logLevel).toBe('warn');
  });

  it('turns the log file off when it is empty, as a flag or a variable', () => {
    expect(options(['--log-file', '']).logFile).toBeNull();
    expect(options(['--log-file=']).logFile).toBeNull();
    expect(options([], { LEVITY_LOG_FILE: '' }).logFile).toBeNull();
  });

  it('accepts port 0 and port 65535', () => {
    expect(options(['--port', '0']).port).toBe(0);
    expect(options(['--port', '65535']).port).toBe(65_535);
  });

  it('takes the last of a repeated flag', () => {
    expect(options(['--port', '1', '--port', '2']).port).toBe(2);
  });

  it('ignores LEVITY_ variables that are not options', () => {
    expect(options([], { LEVITY_FOO: '1', LEVITY_HELP: '1', LEVITY_VERSION: '1' })).toMatchObject({
      port: 9000,
    });
  });

  it.each([
    [['--port', 'abc'], 'invalid --port "abc": expected an integer from 0 to 65535'],
    [['--port', '65536'], 'invalid --port "65536": expected an integer from 0 to 65535'],
    [['--port=-1'], 'invalid --port "-1": expected an integer from 0 to 65535'],
    [['--port', '1.5'], 'invalid --port "1.5": expected an integer from 0 to 65535'],
    [['--port', ' 80'], 'invalid --port " 80": expected an integer from 0 to 65535'],
    [['--port'], 'invalid --port "": expected an integer from 0 to 65535'],
    [['--log-level', 'verbose'], 'invalid --log-level "verbose": expected one of debug, info, warn, error'],
    [['--heartbeat-interval', '0'], 'invalid --heartbeat-interval "0": expected an integer from 1 to 86400'],
    [['--ping-interval', 'x'], 'invalid --ping-interval "x": expected an integer from 0 to 86400'],
    [['--host', ''], 'invalid --host "": expected a host name or an IP address'],
    [['--db', ''], 'invalid --db "": expected a file path or a postgres:// URL'],
    [['--db-pool-size', '0'], 'invalid --db-pool-size "0": expected an integer from 1 to 1000'],
    [
      ['--node-id', 'a b'],
      'invalid --node-id "a b": expected up to 128 printable ASCII characters without spaces',
    ],
    [['--bogus'], 'unknown option --bogus (see levity --help)'],
    [['--logLevl', 'info'], 'unknown option --logLevl (see levity --help)'],
    [['-p', '9000'], 'unknown option -p (see levity --help)'],
    [['--no-log-file'], 'unknown option --no-log-file (see levity --help)'],
    [['serve'], 'unexpected argument "serve" (see levity --help)'],
  ])('refuses %j: %s', (argv, message) => {
    expect(usageError(argv)).toBe(message);
  });

  it('names the environment variable a bad value came from', () => {
    expect(usageError([], { LEVITY_PORT: 'abc' })).toBe(
      'invalid LEVITY_PORT "abc": expected an integer from 0 to 65535',
    );
    expect(usageError([], { LEVITY_LOG_LEVEL: 'loud' })).toBe(
      'invalid LEVITY_LOG_LEVEL "loud": expected one of debug, info, warn, error',
    );
  });

  it('prints the help, with every flag and its variable', () => {
    for (const flag of ['--help', '-h']) {
      const line = parse([flag]);
      expect(line.kind).toBe('print');
      const output = line.kind === 'print' ? line.output : '';
      expect(output).toMatch(/^levity \[options\]/);
      for (const name of [
        'host',
        'port',
        'db',
        'db-pool-size',
        'log-level',
        'log-file',
        'heartbeat-interval',
        'ping-interval',
        'http',
        'http-port',
        'api-token',
      ]) {
        expect(output).toContain(`--${name}`);
        expect(output).toContain(envName(name));
      }
    }
  });

  it('prints the version it is given', () => {
    expect(parse(['--version'])).toEqual({ kind: 'print', output: '1.2.3' });
  });
});

describe('main', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  function capture() {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const text = (spy: typeof stdout) => spy.mock.calls.map(([chunk]) => String(chunk)).join('');
    return { stdout: () => text(stdout), stderr: () => text(stderr) };
  }

  it.each([
    [['--port', 'abc'], 'levity: invalid --port "abc": expected an integer from 0 to 65535\n'],
    [['--port', '70000'], 'levity: invalid --port "70000": expected an integer from 0 to 65535\n'],
    [
      ['--log-level', 'trace'],
      'levity: invalid --log-level "trace": expected one of debug, info, warn, error\n',
    ],
    [['--unknown'], 'levity: unknown option --unknown (see levity --help)\n'],
  ])('exits 2 with one line on stderr for %j', async (argv, message) => {
    const output = capture();
    expect(await main(['node', 'levity', ...argv], {})).toBe(2);
    expect(output.stderr()).toBe(message);
    expect(output.stdout()).toBe('');
  });

  it('exits 2 for a bad environment variable', async () => {
    const output = capture();
    expect(await main(['node', 'levity'], { LEVITY_PORT: '-5' })).toBe(2);
    expect(output.stderr()).toBe('levity: invalid LEVITY_PORT "-5": expected an integer from 0 to 65535\n');
  });

  it('prints the version of the package and exits 0', async () => {
    const output = capture();
    const { version } = await import('../package.json', { with: { type: 'json' } }).then(
      (module) => module.default,
    );
    expect(await main(['node', 'levity', '--version'], {})).toBe(0);
    expect(output.stdout()).toBe(`${version}\n`);
    expect(output.stderr()).toBe('');
  });

  it('prints the help and exits 0', async () => {
    const output = capture();
    expect(await main(['node', 'levity', '--help'], {})).toBe(0);
    expect(output.stdout()).toContain('--log-file');
  });
});
