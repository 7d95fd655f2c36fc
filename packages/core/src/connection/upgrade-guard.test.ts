import { describe, expect, it } from 'vitest';
import { DEFAULT_CHARGE_POINT_ID_PATTERN } from '../options.js';
import { parseChargePointPath } from './upgrade-guard.js';

const parse = (url: string | undefined, basePath = '/ws', pattern = DEFAULT_CHARGE_POINT_ID_PATTERN) =>
  parseChargePointPath(url, basePath, pattern);

describe('parseChargePointPath', () => {
  it('reads the percent-decoded last segment under the base path', () => {
    expect(parse('/ws/CP001')).toEqual({ ok: true, chargePointId: 'CP001' });
    expect(parse('/ws/CP%20001?x=1')).toEqual({ ok: true, chargePointId: 'CP 001' });
    expect(parse('/ocpp/v16/Ladesäule-1', '/ocpp/v16')).toEqual({ ok: true, chargePointId: 'Ladesäule-1' });
  });

  it('refuses other paths with 404', () => {
    for (const url of ['/', '/ws', '/wsx/CP1', '/ws/a/b', '//ws/CP1', undefined]) {
      expect(parse(url)).toMatchObject({ ok: false, status: 404 });
    }
  });

  it('refuses empty ids and broken percent-encoding with 400', () => {
    expect(parse('/ws/')).toMatchObject({ ok: false, status: 400 });
    expect(parse('/ws/%E0%A4%A')).toMatchObject({ ok: false, status: 400 });
    expect(parse('/ws/%')).toMatchObject({ ok: false, status: 400 });
  });

  it('refuses by default ids that are too long, hold control characters or play path tricks', () => {
    for (const id of ['x'.repeat(49), 'CP%0A1', 'CP%001', '..', '.', 'a%2Fb', 'a%5Cb', 'CP%E2%80%8B1']) {
      expect(parse(`/ws/${id}`)).toMatchObject({ ok: false, status: 400 });
    }
    expect(parse(`/ws/${'x'.repeat(48)}`)).toMatchObject({ ok: true });
    expect(parse('/ws/...')).toMatchObject({ ok: true, chargePointId: '...' });
  });

  it('applies a configured pattern', () => {
    const pattern = /^CP\d{3}$/;
    expect(parse('/ws/CP001', '/ws', pattern)).toMatchObject({ ok: true });
    expect(parse('/ws/XY001', '/ws', pattern)).toMatchObject({ ok: false, status: 400 });
  });
});
