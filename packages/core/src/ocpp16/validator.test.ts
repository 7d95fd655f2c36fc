import { describe, expect, it } from 'vitest';
import { ocpp16Validator } from './validator.js';

const failure = (schemaId: string, params: unknown) => {
  try {
    ocpp16Validator.validate(schemaId, params);
  } catch (error) {
    return error as { rpcErrorCode: string; details: { field: string }; message: string };
  }
  throw new Error('expected a validation failure');
};

describe('the OCPP 1.6 validator', () => {
  it('accepts valid payloads, including both spellings of Celsius', () => {
    expect(ocpp16Validator.validate('urn:Heartbeat.req', {})).toBe(true);
    for (const unit of ['Celcius', 'Celsius']) {
      expect(
        ocpp16Validator.validate('urn:MeterValues.req', {
          connectorId: 1,
          meterValue: [
            { timestamp: '2025-01-01T00:00:00.123456+05:30', sampledValue: [{ value: '20', unit }] },
          ],
        }),
      ).toBe(true);
    }
  });

  it('accepts smart charging limits that floating point would call no multiple of 0.1', () => {
    expect(
      ocpp16Validator.validate('urn:SetChargingProfile.req', {
        connectorId: 1,
        csChargingProfiles: {
          chargingProfileId: 1,
          stackLevel: 0,
          chargingProfilePurpose: 'TxDefaultProfile',
          chargingProfileKind: 'Absolute',
          chargingSchedule: {
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 16.3 }],
          },
        },
      }),
    ).toBe(true);
  });

  it('maps each kind of violation to its 1.6 code and names the field', () => {
    expect(failure('urn:Authorize.req', {})).toMatchObject({
      rpcErrorCode: 'OccurenceConstraintViolation',
      details: { field: '/idTag' },
    });
    expect(failure('urn:Authorize.req', { idTag: 1 })).toMatchObject({
      rpcErrorCode: 'TypeConstraintViolation',
    });
    expect(failure('urn:Authorize.req', { idTag: 'x'.repeat(21) })).toMatchObject({
      rpcErrorCode: 'PropertyConstraintViolation',
    });
    expect(failure('urn:Reset.req', { type: 'Medium' })).toMatchObject({
      rpcErrorCode: 'PropertyConstraintViolation',
    });
    expect(failure('urn:Authorize.req', { idTag: 'a', extra: 1 })).toMatchObject({
      rpcErrorCode: 'FormationViolation',
      details: { field: '/extra' },
    });
    expect(failure('urn:Authorize.req', [])).toMatchObject({ rpcErrorCode: 'FormationViolation' });
  });

  it('answers NotImplemented for an action OCPP 1.6 does not have', () => {
    expect(failure('urn:Teleport.req', {})).toMatchObject({ rpcErrorCode: 'NotImplemented' });
  });

  it('cuts a field name from the charge point to 64 characters in what it echoes back', () => {
    const name = 'n'.repeat(500_000);
    const error = failure('urn:Authorize.req', { idTag: 'a', [name]: 1 }) as {
      message: string;
      details: { field: string };
    };
    expect(error.details.field).toBe(`/${'n'.repeat(63)}…`);
    expect(error.message.length).toBeLessThan(200);
  });
});
