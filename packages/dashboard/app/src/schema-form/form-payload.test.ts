import { describe, expect, it } from 'vitest';
import { toPayload } from './form-payload.js';
import type { JsonSchema } from './json-schema.js';
import { emptyState, setIn } from './json-schema.js';

// Shapes of OCPP 1.6 request schemas (RemoteStartTransaction, SendLocalList, InstallCertificate).
const remoteStart: JsonSchema = {
  type: 'object',
  properties: {
    connectorId: { type: 'integer' },
    idTag: { type: 'string', maxLength: 20 },
    chargingProfile: {
      type: 'object',
      properties: {
        chargingProfileId: { type: 'integer' },
        chargingProfilePurpose: {
          type: 'string',
          enum: ['ChargePointMaxProfile', 'TxDefaultProfile', 'TxProfile'],
        },
        validFrom: { type: 'string', format: 'date-time' },
        chargingSchedule: {
          type: 'object',
          properties: {
            chargingSchedulePeriod: {
              type: 'array',
              items: {
                type: 'object',
                properties: { startPeriod: { type: 'integer' }, limit: { type: 'number' } },
                required: ['startPeriod', 'limit'],
              },
            },
          },
          required: ['chargingSchedulePeriod'],
        },
      },
      required: ['chargingProfileId', 'chargingProfilePurpose', 'chargingSchedule'],
    },
  },
  required: ['idTag'],
};

describe('toPayload', () => {
  it('converts numbers and leaves out empty optional fields and objects', () => {
    const state = {
      ...(emptyState(remoteStart, remoteStart) as object),
      idTag: 'DRIVER-1',
      connectorId: '1',
    };
    expect(toPayload(remoteStart, state)).toEqual({
      value: { connectorId: 1, idTag: 'DRIVER-1' },
      errors: [],
    });
  });

  it('names each missing required field, and nothing inside an optional object left empty', () => {
    expect(toPayload(remoteStart, emptyState(remoteStart, remoteStart)).errors).toEqual([
      { path: 'idTag', message: 'is required' },
    ]);
  });

  it('asks for the required fields of an optional object once part of it is filled in', () => {
    let state = emptyState(remoteStart, remoteStart);
    state = setIn(state, ['idTag'], 'A');
    state = setIn(state, ['chargingProfile', 'chargingProfileId'], '7');
    const paths = toPayload(remoteStart, state).errors.map((error) => error.path);
    expect(paths).toEqual(['chargingProfile.chargingProfilePurpose']);
  });

  it('refuses text where a whole number belongs and over-long strings', () => {
    const state = { idTag: 'X'.repeat(21), connectorId: '1.5', chargingProfile: {} };
    expect(toPayload(remoteStart, state).errors).toEqual([
      { path: 'connectorId', message: 'must be a whole number' },
      { path: 'idTag', message: 'must be at most 20 characters' },
    ]);
  });

  it('builds arrays of objects and sends local date-times as UTC', () => {
    let state = emptyState(remoteStart, remoteStart);
    state = setIn(state, ['idTag'], 'A');
    state = setIn(state, ['chargingProfile', 'chargingProfileId'], '1');
    state = setIn(state, ['chargingProfile', 'chargingProfilePurpose'], 'TxProfile');
    state = setIn(state, ['chargingProfile', 'validFrom'], '2026-03-01T10:00');
    state = setIn(
      state,
      ['chargingProfile', 'chargingSchedule', 'chargingSchedulePeriod'],
      [{ startPeriod: '0', limit: '16.5' }],
    );
    const { value, errors } = toPayload(remoteStart, state);
    expect(errors).toEqual([]);
    expect(value).toEqual({
      idTag: 'A',
      chargingProfile: {
        chargingProfileId: 1,
        chargingProfilePurpose: 'TxProfile',
        validFrom: new Date('2026-03-01T10:00').toISOString(),
        chargingSchedule: { chargingSchedulePeriod: [{ startPeriod: 0, limit: 16.5 }] },
      },
    });
  });

  it('follows $ref into the schema definitions', () => {
    const install: JsonSchema = {
      type: 'object',
      definitions: {
        Use: { type: 'string', enum: ['CentralSystemRootCertificate', 'ManufacturerRootCertificate'] },
      },
      properties: { certificateType: { $ref: '#/definitions/Use' }, certificate: { type: 'string' } },
      required: ['certificateType', 'certificate'],
    };
    expect(toPayload(install, { certificateType: 'Other', certificate: 'PEM' }).errors).toEqual([
      {
        path: 'certificateType',
        message: 'must be one of CentralSystemRootCertificate, ManufacturerRootCertificate',
      },
    ]);
  });

  it('sends an empty object for actions without parameters', () => {
    const clearCache: JsonSchema = { type: 'object', properties: {} };
    expect(toPayload(clearCache, {})).toEqual({ value: {}, errors: [] });
  });
});
