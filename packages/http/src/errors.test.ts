import { describe, expect, it } from 'vitest';
import { describeSchemaError, errorBody } from './errors.js';

describe('describeSchemaError', () => {
  it.each([
    [
      'body',
      { keyword: 'required', instancePath: '', params: { missingProperty: 'idTag' } },
      { field: 'body/idTag', message: 'body/idTag is required' },
    ],
    [
      'body',
      { keyword: 'required', instancePath: '/chargingProfile', params: { missingProperty: 'stackLevel' } },
      { field: 'body/chargingProfile/stackLevel', message: 'body/chargingProfile/stackLevel is required' },
    ],
    [
      'querystring',
      { keyword: 'additionalProperties', instancePath: '', params: { additionalProperty: 'stauts' } },
      { field: 'querystring/stauts', message: 'querystring/stauts is not allowed here' },
    ],
    [
      'body',
      { keyword: 'enum', instancePath: '/type', params: { allowedValues: ['Hard', 'Soft'] } },
      { field: 'body/type', message: 'body/type must be one of Hard, Soft' },
    ],
    [
      'params',
      {
        keyword: 'type',
        instancePath: '/transactionId',
        params: { type: 'integer' },
        message: 'must be integer',
      },
      { field: 'params/transactionId', message: 'params/transactionId must be integer' },
    ],
    [
      'body',
      { keyword: 'minProperties', instancePath: '', params: { limit: 1 } },
      { field: 'body', message: 'body must set at least 1 field(s)' },
    ],
  ])('names the field of a %s error: %j', (part, error, expected) => {
    expect(describeSchemaError(part, error)).toEqual(expected);
  });
});

describe('errorBody', () => {
  it('adds the reason phrase and the details', () => {
    expect(errorBody(409, 'LEVITY_ERR_CONFLICT', 'exists', { field: 'body/idTag' })).toEqual({
      statusCode: 409,
      error: 'Conflict',
      code: 'LEVITY_ERR_CONFLICT',
      message: 'exists',
      field: 'body/idTag',
    });
  });
});
