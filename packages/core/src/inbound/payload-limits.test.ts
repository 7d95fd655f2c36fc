import { describe, expect, it } from 'vitest';
import type { OcppError } from '../ocpp16/error-codes.js';
import { cutText, limitPayload } from './payload-limits.js';

const limits = { maxFieldLength: 10 };
const timestamp = '2025-01-01T00:00:00Z';

describe('limitPayload', () => {
  it('clamps integers beyond 2^53 − 1 in every integer field', () => {
    const { params, adjustments } = limitPayload(
      'StopTransaction',
      { transactionId: -1e21, meterStop: 1e21, timestamp },
      limits,
    );
    expect(params).toEqual({
      transactionId: -Number.MAX_SAFE_INTEGER,
      meterStop: Number.MAX_SAFE_INTEGER,
      timestamp,
    });
    expect(adjustments.clamped).toEqual(['/meterStop', '/transactionId']);
  });

  it('clamps integers of the security extension too (requestId)', () => {
    const { params } = limitPayload('LogStatusNotification', { status: 'Idle', requestId: 1e300 }, limits);
    expect(params).toEqual({ status: 'Idle', requestId: Number.MAX_SAFE_INTEGER });
  });

  it('cuts long sampled values of transaction messages, item by item, without touching the rest', () => {
    const meterValue = [
      { timestamp, sampledValue: [{ value: '1' }, { value: 'x'.repeat(50) }] },
      { timestamp, sampledValue: [{ value: '2' }] },
    ];
    const original = { connectorId: 1, meterValue };
    const { params, adjustments } = limitPayload('MeterValues', original, limits);
    expect(params).toEqual({
      connectorId: 1,
      meterValue: [
        { timestamp, sampledValue: [{ value: '1' }, { value: 'x'.repeat(10) }] },
        { timestamp, sampledValue: [{ value: '2' }] },
      ],
    });
    expect(adjustments.cut).toEqual(['/meterValue/0/sampledValue/1/value']);
    // The request as received is left as it was.
    expect(original.meterValue[0]?.sampledValue[1]?.value).toHaveLength(50);
  });

  it('answers a long DataTransfer data with PropertyConstraintViolation', () => {
    expect(() => limitPayload('DataTransfer', { vendorId: 'v', data: 'y'.repeat(11) }, limits)).toThrow(
      expect.objectContaining({
        errorCode: 'PropertyConstraintViolation',
        details: { field: '/data' },
      }) as OcppError,
    );
  });

  it('returns the very same params when nothing is over a limit', () => {
    const params = { vendorId: 'v', data: 'short' };
    expect(limitPayload('DataTransfer', params, limits).params).toBe(params);
  });

  it('leaves strings with a schema maximum alone (the schema bounds them)', () => {
    const params = { chargePointVendor: 'a'.repeat(20), chargePointModel: 'b'.repeat(20) };
    expect(limitPayload('BootNotification', params, limits).params).toBe(params);
  });
});

describe('cutText', () => {
  it('never splits a surrogate pair', () => {
    expect(cutText('ab😀c', 3)).toBe('ab');
    expect(cutText('ab😀c', 4)).toBe('ab😀');
  });
});
