import { describe, expect, it } from 'vitest';
import { parseChargePointPath } from './upgrade-guard.js';

describe('parseChargePointPath', () => {
  it('reads the percent-decoded last segment under the base path', () => {
    expect(parseChargePointPath('/ws/CP001', '/ws')).toEqual({ ok: true, chargePointId: 'CP001' });
    expect(parseChargePointPath('/ws/CP%20001?x=1', '/ws')).toEqual({ ok: true, chargePointId: 'CP 001' });
    expect(parseChargePointPath('/ocpp/v16/A%2FB', '/ocpp/v16')).toEqual({ ok: true, chargePointId: 'A/B' });
  });

  it('refuses other paths with 404', () => {
    for (const url of ['/', '/ws', '/wsx/CP1', '/ws/a/b', '//ws/CP1', undefined]) {
      expect(parseChargePointPath(url, '/ws')).toMatchObject({ ok: false, status: 404 });
    }
  });

  it('refuses empty ids and broken percent-encoding with 400', () => {
    expect(parseChargePointPath('/ws/', '/ws')).toMatchObject({ ok: false, status: 400 });
    expect(parseChargePointPath('/ws/%E0%A4%A', '/ws')).toMatchObject({ ok: false, status: 400 });
    expect(parseChargePointPath('/ws/%', '/ws')).toMatchObject({ ok: false, status: 400 });
  });
});
