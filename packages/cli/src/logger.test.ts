import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCliLogger } from './logger.js';

describe('createCliLogger', () => {
  let dir: string;
  let stdoutPath: string;
  let stdout: number;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'levity-cli-logger-'));
    stdoutPath = join(dir, 'stdout');
    stdout = openSync(stdoutPath, 'w');
  });
  afterEach(() => {
    closeSync(stdout);
    rmSync(dir, { recursive: true, force: true });
  });

  const lines = (path: string) =>
    readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it('writes the same JSON lines to stdout and the log file, at the chosen level and above', () => {
    const log = createCliLogger({ level: 'warn', file: join(dir, 'levity.log'), stdout });
    log.logger.info({ n: 1 }, 'dropped');
    log.logger.warn({ n: 2 }, 'kept');
    log.logger.child({ component: 'levity' }).error({ n: 3 }, 'kept too');
    log.close();

    for (const path of [stdoutPath, join(dir, 'levity.log')]) {
      expect(lines(path)).toEqual([
        expect.objectContaining({ level: 'warn', n: 2, msg: 'kept', time: expect.any(String) }),
        expect.objectContaining({ level: 'error', n: 3, component: 'levity', msg: 'kept too' }),
      ]);
    }
    expect(log.file).toBe(join(dir, 'levity.log'));
  });

  it('writes lines in batches, none left waiting for long', async () => {
    const log = createCliLogger({ level: 'info', file: join(dir, 'levity.log'), stdout });
    try {
      log.logger.info({ n: 1 }, 'batched');
      // Not written line by line: a write per line is what a reconnect storm cannot afford.
      expect(readFileSync(join(dir, 'levity.log'), 'utf8')).toBe('');
      await expect
        .poll(() => lines(join(dir, 'levity.log')), { timeout: 5000 })
        .toEqual([expect.objectContaining({ n: 1, msg: 'batched' })]);
      expect(lines(stdoutPath)).toEqual([expect.objectContaining({ n: 1, msg: 'batched' })]);
    } finally {
      log.close();
    }
  });

  it('appends to an existing log file', () => {
    for (const n of [1, 2]) {
      const log = createCliLogger({ level: 'info', file: join(dir, 'levity.log'), stdout });
      log.logger.info({ n }, 'run');
      log.close();
    }
    expect(lines(join(dir, 'levity.log')).map((line) => line.n)).toEqual([1, 2]);
  });

  it('never writes a token or a password, whatever field or text carries it', () => {
    const log = createCliLogger({ level: 'debug', file: join(dir, 'levity.log'), stdout });
    const secret = 'S3CRET-tok3n';
    log.logger.warn(
      {
        url: `/api/events?token=${secret}&chargePointId=CP1`,
        headers: { authorization: `Bearer ${secret}`, host: 'x' },
        request: { headers: { authorization: `Basic ${secret}` } },
        password: secret,
        err: new Error(`bad url /ws/CP1?api_token=${secret}`),
      },
      `GET /api/events?token=${secret}`,
    );
    log.logger.child({ component: 'http' }).info({ note: `Authorization: Bearer ${secret}` }, 'seen');
    log.close();
    for (const path of [stdoutPath, join(dir, 'levity.log')]) {
      const text = readFileSync(path, 'utf8');
      expect(text).not.toContain(secret);
      expect(text).toContain('chargePointId=CP1');
    }
    const [line] = lines(stdoutPath);
    expect(line).toMatchObject({
      url: '/api/events?token=[redacted]&chargePointId=CP1',
      headers: { authorization: '[redacted]', host: 'x' },
      msg: 'GET /api/events?token=[redacted]',
    });
  });

  it('logs debug lines at the debug level', () => {
    const log = createCliLogger({ level: 'debug', file: null, stdout });
    log.logger.debug({}, 'detail');
    log.close();
    expect(lines(stdoutPath)).toEqual([expect.objectContaining({ level: 'debug', msg: 'detail' })]);
    expect(log.file).toBeNull();
  });

  it('throws at once when the log file cannot be opened', () => {
    expect(() =>
      createCliLogger({ level: 'info', file: join(dir, 'missing', 'levity.log'), stdout }),
    ).toThrow(/ENOENT/);
  });
});
