import { describe, expect, it } from 'vitest';
import { parseBenchOptions, postgresUrlFromEnvironment, runnableServers, SCENARIOS } from './options.js';

describe('the bench flags', () => {
  it('run every scenario against both servers by default', () => {
    const options = parseBenchOptions([], {});
    expect(options).toMatchObject({
      scenarios: [...SCENARIOS],
      servers: ['levity', 'reference'],
      fleet: 19_500,
      pgUrl: null,
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

  it('select the PostgreSQL servers by name, with the server from --pg-url first', () => {
    expect(
      parseBenchOptions(
        [
          '--server',
          'levity,levity-pg,levity-pg2,reference',
          '--pg-url',
          'postgres://me:pw@db:5432/postgres',
        ],
        { LEVITY_BENCH_PG_URL: 'postgres://other/postgres', PGHOST: 'elsewhere' },
      ),
    ).toMatchObject({
      servers: ['levity', 'levity-pg', 'levity-pg2', 'reference'],
      pgUrl: 'postgres://me:pw@db:5432/postgres',
    });
    expect(
      parseBenchOptions([], { LEVITY_BENCH_PG_URL: 'postgres://other/postgres', PGHOST: 'x' }),
    ).toMatchObject({
      pgUrl: 'postgres://other/postgres',
    });
    expect(() => parseBenchOptions(['--pg-url', 'db.sqlite'], {})).toThrow(
      '--pg-url expects a postgres:// URL, got "db.sqlite"',
    );
  });

  it("build the PostgreSQL URL from libpq's variables when PGHOST is set, as pg_virtualenv does", () => {
    expect(
      postgresUrlFromEnvironment({
        PGHOST: 'localhost',
        PGPORT: '5433',
        PGUSER: 'postgres',
        PGPASSWORD: 'p@ss/word',
        PGDATABASE: 'postgres',
      }),
    ).toBe('postgres://postgres:p%40ss%2Fword@localhost:5433/postgres');
    expect(
      postgresUrlFromEnvironment({ PGHOST: '/var/run/postgresql', PGUSER: 'me', PGSSLMODE: 'disable' }),
    ).toBe('postgres://me@localhost/postgres?host=%2Fvar%2Frun%2Fpostgresql&sslmode=disable');
    expect(postgresUrlFromEnvironment({ PGHOST: '::1', PGPORT: '5432' })).toBe(
      'postgres://postgres@[::1]:5432/postgres',
    );
    expect(postgresUrlFromEnvironment({ PGPORT: '5433', PGUSER: 'postgres' })).toBeNull();
  });

  it('skip the PostgreSQL servers with one line when there is no PostgreSQL, and keep the others', () => {
    expect(runnableServers(['levity', 'levity-pg', 'levity-pg2', 'reference'], null)).toEqual({
      servers: ['levity', 'reference'],
      skipped: expect.stringMatching(/^levity-pg, levity-pg2 skipped: no PostgreSQL \(give --pg-url/),
    });
    expect(runnableServers(['levity', 'levity-pg'], 'postgres://db/postgres')).toEqual({
      servers: ['levity', 'levity-pg'],
      skipped: null,
    });
    expect(runnableServers(['levity', 'reference'], null)).toEqual({
      servers: ['levity', 'reference'],
      skipped: null,
    });
  });
});
