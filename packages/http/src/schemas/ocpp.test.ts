import { CENTRAL_SYSTEM_ACTIONS } from '@levity/core';
import { describe, expect, it } from 'vitest';
import { ocppEnum, ocppRequestSchema, ocppResponseSchema } from './ocpp.js';

describe('OCPP route schemas', () => {
  it('exist for every action a central system sends, with no references left', () => {
    for (const action of CENTRAL_SYSTEM_ACTIONS) {
      for (const schema of [ocppRequestSchema(action), ocppResponseSchema(action)]) {
        const text = JSON.stringify(schema);
        expect(text, action).not.toContain('$ref');
        expect(text, action).not.toContain('$id');
        expect(text, action).not.toContain('$schema');
        expect(schema.type, action).toBe('object');
      }
    }
  });

  it('inline the definitions of the security extension', () => {
    expect(ocppRequestSchema('DeleteCertificate')).toMatchObject({
      properties: {
        certificateHashData: {
          type: 'object',
          properties: { hashAlgorithm: { type: 'string', enum: ['SHA256', 'SHA384', 'SHA512'] } },
        },
      },
    });
  });

  it('find enumerations, also inside arrays', () => {
    expect(ocppEnum('urn:Reset.req', ['type'])).toEqual(['Hard', 'Soft']);
    expect(ocppEnum('urn:MeterValues.req', ['meterValue', 'sampledValue', 'phase'])).toContain('L1-N');
    expect(() => ocppEnum('urn:Reset.req', ['nope'])).toThrow(/no property/);
  });
});
