import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact.js';

describe('redactSecrets', () => {
  it('cuts token-like query parameters and credentials out of any text', () => {
    expect(redactSecrets('/api/events?token=abc&chargePointId=CP1')).toBe(
      '/api/events?token=[redacted]&chargePointId=CP1',
    );
    expect(redactSecrets('GET /x?a=1&api_token=zz;password=p')).toBe(
      'GET /x?a=1&api_token=[redacted];password=[redacted]',
    );
    expect(redactSecrets('Authorization: Bearer abc')).toBe('Authorization: Bearer [redacted]');
    expect(redactSecrets('Basic dXNlcjpwYXNz')).toBe('Basic [redacted]');
    expect(redactSecrets('authorization: bearer abcdefghijklmnop')).toBe('authorization: bearer [redacted]');
  });

  it('leaves prose and look-alike parameters alone', () => {
    const prose = 'HTTP API at http://127.0.0.1:9000/api; bearer token in /srv/levity.db.token';
    expect(redactSecrets(prose)).toBe(prose);
    expect(redactSecrets('/x?mytoken=1')).toBe('/x?mytoken=1');
  });
});
