import { describe, expect, it } from 'vitest';
import type { SimulateCommandLine, SimulateOptions } from './options.js';
import { parseSimulateCommandLine } from './options.js';

const required = ['--url', 'ws://127.0.0.1:9000/ws', '--cps', '10'];

function options(argv: string[]): SimulateOptions {
  const line: SimulateCommandLine = parseSimulateCommandLine(argv);
  if (line.kind !== 'run') throw new Error(`expected options, got ${JSON.stringify(line)}`);
  return line.options;
}

function usageError(argv: string[]): string {
  const line = parseSimulateCommandLine(argv);
  if (line.kind !== 'usage-error') throw new Error(`expected a usage error, got ${JSON.stringify(line)}`);
  return line.message;
}

describe('parseSimulateCommandLine', () => {
  it('applies the defaults to what is not given', () => {
    expect(options(required)).toEqual({
      url: 'ws://127.0.0.1:9000/ws',
      cps: 10,
      connectors: 2,
      duration: null,
      idPrefix: 'SIM-',
      sessionSeconds: 60,
      meterInterval: 10,
      password: null,
      ca: null,
      cert: null,
      key: null,
    });
  });

  it('reads every flag', () => {
    expect(
      options([
        '--url=wss://cs.example.com/ocpp/',
        '--cps',
        '1000',
        '--connectors',
        '4',
        '--duration',
        '30',
        '--id-prefix',
        'LOAD-',
        '--session-seconds',
        '0.5',
        '--meter-interval',
        '0',
        '--password',
        'sixteen-chars-ok',
        '--ca',
        'ca.pem',
        '--cert',
        'cp.pem',
        '--key',
        'cp.key',
      ]),
    ).toEqual({
      url: 'wss://cs.example.com/ocpp',
      cps: 1000,
      connectors: 4,
      duration: 30,
      idPrefix: 'LOAD-',
      sessionSeconds: 0.5,
      meterInterval: 0,
      password: 'sixteen-chars-ok',
      ca: 'ca.pem',
      cert: 'cp.pem',
      key: 'cp.key',
    });
  });

  it.each([
    [[], 'missing --url (see levity simulate --help)'],
    [['--url', 'ws://h/ws'], 'missing --cps (see levity simulate --help)'],
    [
      ['--url', 'http://h/ws', '--cps', '1'],
      'invalid --url "http://h/ws": expected a ws:// or wss:// URL such as ws://127.0.0.1:9000/ws',
    ],
    [[...required.slice(0, 2), '--cps', '0'], 'invalid --cps "0": expected an integer from 1 to 100000'],
    [[...required, '--connectors', 'two'], 'invalid --connectors "two": expected an integer from 1 to 100'],
    [[...required, '--duration', '-1'], 'invalid --duration "-1": expected an integer from 1 to 31536000'],
    [
      [...required, '--session-seconds', '0'],
      'invalid --session-seconds "0": expected a number of seconds above 0, at most 86400',
    ],
    [
      [...required, '--meter-interval', '1.5'],
      'invalid --meter-interval "1.5": expected an integer from 0 to 86400',
    ],
    [[...required, '--id-prefix', ''], 'invalid --id-prefix "": expected a non-empty prefix'],
    [[...required, '--port', '9000'], 'unknown option --port (see levity simulate --help)'],
    [[...required, 'now'], 'unexpected argument "now" (see levity simulate --help)'],
  ])('refuses %j: %s', (argv, message) => {
    expect(usageError(argv)).toBe(message);
  });

  it('prints the help with every flag', () => {
    const line = parseSimulateCommandLine(['--help']);
    expect(line.kind).toBe('print');
    const output = line.kind === 'print' ? line.output : '';
    expect(output).toMatch(/^levity simulate --url ws:\/\/HOST:PORT\/ws --cps N \[options\]/);
    for (const flag of [
      'url',
      'cps',
      'connectors',
      'duration',
      'id-prefix',
      'session-seconds',
      'meter-interval',
    ]) {
      expect(output).toContain(`--${flag}`);
    }
  });
});
