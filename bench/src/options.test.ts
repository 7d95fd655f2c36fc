import { describe, expect, it } from 'vitest';
import { parseBenchOptions, SCENARIOS } from './options.js';

describe('the bench flags', () => {
  it('run every scenario against both servers by default', () => {
    const options = parseBenchOptions([]);
    expect(options).toMatchObject({
      scenarios: [...SCENARIOS],
      servers: ['levity', 'reference'],
      fleet: 19_500,
    });
  });

  it('shorten everything with --quick, explicit flags still winning', () => {
    expect(parseBenchOptions(['--quick', '--fleet', '8000'])).toMatchObject({
      fleet: 8000,
      stepSeconds: 2,
      refine: 0,
    });
  });

  it('refuse an unknown scenario or a bad number with a reason', () => {
    expect(() => parseBenchOptions(['--scenario', 'meter,nope'])).toThrow('--scenario: unknown nope');
    expect(() => parseBenchOptions(['--cps', '0'])).toThrow('--cps expects an integer ≥ 1, got "0"');
  });

  it('pass extra node and levity flags through as lists', () => {
    expect(
      parseBenchOptions(['--node-args=--cpu-prof --cpu-prof-dir=/tmp/p', '--levity-args=--log-level warn']),
    ).toMatchObject({
      nodeArgs: ['--cpu-prof', '--cpu-prof-dir=/tmp/p'],
      levityArgs: ['--log-level', 'warn'],
    });
  });
});
