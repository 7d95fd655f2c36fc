import { describe, expect, it } from 'vitest';
import { redactParams, redactResponse } from './redaction.js';

describe('redaction for the command log', () => {
  it('replaces the AuthorizationKey value of ChangeConfiguration, in any case, and nothing else', () => {
    expect(redactParams('ChangeConfiguration', { key: 'authorizationKEY', value: '00ff' })).toStrictEqual({
      key: 'authorizationKEY',
      value: '[redacted]',
    });
    const other = { key: 'HeartbeatInterval', value: '60' };
    expect(redactParams('ChangeConfiguration', other)).toBe(other);
    const reset = { type: 'Soft' as const };
    expect(redactParams('Reset', reset)).toBe(reset);
  });

  it('replaces an AuthorizationKey a charge point reports in GetConfiguration', () => {
    expect(
      redactResponse('GetConfiguration', {
        configurationKey: [
          { key: 'AuthorizationKey', readonly: false, value: 'secret' },
          { key: 'HeartbeatInterval', readonly: false, value: '60' },
        ],
      }),
    ).toStrictEqual({
      configurationKey: [
        { key: 'AuthorizationKey', readonly: false, value: '[redacted]' },
        { key: 'HeartbeatInterval', readonly: false, value: '60' },
      ],
    });
    const clean = { configurationKey: [{ key: 'AuthorizationKey', readonly: false }] };
    expect(redactResponse('GetConfiguration', clean)).toBe(clean);
  });
});
