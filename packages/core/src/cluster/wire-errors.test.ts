import { describe, expect, it } from 'vitest';
import {
  CallErrorResponse,
  CallTimeoutError,
  InvalidParamsError,
  LevityError,
  NotConnectedError,
} from '../errors.js';
import type { ForwardedCall } from './cluster.js';
import { fromWireError, toWireError } from './wire-errors.js';

const call: ForwardedCall = {
  chargePointId: 'CP1',
  action: 'Reset',
  params: { type: 'Soft' },
  timeoutMs: 1234,
};
const roundTrip = (error: unknown) => fromWireError(JSON.parse(JSON.stringify(toWireError(error))), call);

describe('errors of forwarded calls', () => {
  it('come back as the classes a local call throws', () => {
    expect(roundTrip(new NotConnectedError('CP1'))).toBeInstanceOf(NotConnectedError);
    const timeout = roundTrip(new CallTimeoutError('CP1', 'Reset', 1234));
    expect(timeout).toBeInstanceOf(CallTimeoutError);
    expect(timeout).toMatchObject({ timeoutMs: 1234, action: 'Reset' });
    const callError = roundTrip(new CallErrorResponse('CP1', 'Reset', 'NotSupported', 'no', { why: 1 }));
    expect(callError).toBeInstanceOf(CallErrorResponse);
    expect(callError).toMatchObject({
      errorCode: 'NotSupported',
      errorDescription: 'no',
      errorDetails: { why: 1 },
    });
    const invalid = roundTrip(new InvalidParamsError('Reset', '/type', 'must be Hard or Soft'));
    expect(invalid).toBeInstanceOf(InvalidParamsError);
    expect(invalid).toMatchObject({ field: '/type' });
  });

  it('keep the code and message of other Levity errors, and turn anything else into a failed call', () => {
    expect(roundTrip(new LevityError('LEVITY_ERR_NOT_ACCEPTED', 'Rejected'))).toMatchObject({
      code: 'LEVITY_ERR_NOT_ACCEPTED',
      message: 'Rejected',
    });
    expect(roundTrip(new Error('socket hang up'))).toMatchObject({
      code: 'LEVITY_ERR_CALL_FAILED',
      message: 'socket hang up',
    });
  });
});
