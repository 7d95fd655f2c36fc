import { describe, expect, it } from 'vitest';
import { summarize } from './message-summary.js';

describe('summarize', () => {
  it('shows the id tag of an Authorize and the status Levity answered', () => {
    expect(summarize('Authorize', { idTag: 'DRIVER-1' }, { idTagInfo: { status: 'Blocked' } })).toEqual({
      text: 'DRIVER-1',
      outcome: 'Blocked',
    });
  });

  it('shows a StatusNotification as its connector, error and status', () => {
    expect(
      summarize('StatusNotification', { connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure' }, {}),
    ).toEqual({ text: 'connector 1, GroundFailure', outcome: 'Faulted' });
  });

  it('does not fail on a payload of an unexpected shape', () => {
    expect(summarize('MeterValues', null, 'x')).toEqual({ text: 'connector , 0 readings', outcome: null });
  });
});
