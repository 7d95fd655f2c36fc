import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from './errors.js';
import { resolveOptions } from './options.js';

describe('resolveOptions', () => {
  it('applies the documented defaults', () => {
    expect(resolveOptions()).toMatchObject({
      heartbeatIntervalSeconds: 300,
      pingIntervalSeconds: 60,
      callTimeoutSeconds: 30,
      maxPayloadBytes: 1024 * 1024,
      basePath: '/ws',
    });
  });

  it('applies the documented defaults of the limits against abuse', () => {
    expect(resolveOptions()).toMatchObject({
      maxConnections: 25_000,
      handshakeTimeoutSeconds: 10,
      bootTimeoutSeconds: 60,
      maxSendBufferBytes: 8 * 1024 * 1024,
      maxFieldLength: 8192,
      unbootedRetentionSeconds: 3600,
      logLinesPerMinute: 30,
    });
  });

  it('rejects limits out of their range, naming the option', () => {
    expect(() => resolveOptions({ maxConnections: -1 })).toThrow(/maxConnections/);
    expect(() => resolveOptions({ handshakeTimeoutSeconds: 0 })).toThrow(/handshakeTimeoutSeconds/);
    expect(() => resolveOptions({ maxSendBufferBytes: 1000 })).toThrow(/maxSendBufferBytes/);
    expect(() => resolveOptions({ maxFieldLength: 0 })).toThrow(/maxFieldLength/);
    expect(() => resolveOptions({ bootTimeoutSeconds: 0.5 })).toThrow(/bootTimeoutSeconds/);
  });

  it('rejects bad values with an error naming the option', () => {
    expect(() => resolveOptions({ heartbeatIntervalSeconds: 0 })).toThrow(/heartbeatIntervalSeconds/);
    expect(() => resolveOptions({ pingIntervalSeconds: -1 })).toThrow(InvalidOptionError);
    expect(() => resolveOptions({ callTimeoutSeconds: 1.5 })).toThrow(/callTimeoutSeconds/);
    expect(() => resolveOptions({ basePath: 'ws/' })).toThrow(/basePath/);
    expect(() => resolveOptions({ bootPolicy: 'maybe' as never })).toThrow(
      /'accept-all', 'known-only', 'pending'/,
    );
    expect(() => resolveOptions({ chargePointIdPattern: '^CP' as never })).toThrow(/chargePointIdPattern/);
    expect(() => resolveOptions({ certificateSigner: {} as never })).toThrow(/certificateSigner/);
    expect(() => resolveOptions({ authorizationPolicy: 'yes' as never })).toThrow(/authorizationPolicy/);
  });

  it('allows turning pings off', () => {
    expect(resolveOptions({ pingIntervalSeconds: 0 }).pingIntervalSeconds).toBe(0);
  });
});
