import { describe, expect, it } from 'vitest';
import { eachLimited, statusesOf, withStatus } from './connector-statuses.js';

describe('withStatus', () => {
  it('replaces one connector and keeps them ordered', () => {
    let states = withStatus({}, 'CP1', { connectorId: 2, status: 'Available', errorCode: 'NoError' });
    states = withStatus(states, 'CP1', { connectorId: 1, status: 'Preparing', errorCode: 'NoError' });
    states = withStatus(states, 'CP1', { connectorId: 2, status: 'Charging', errorCode: 'NoError' });
    expect(states.CP1?.map((c) => `${c.connectorId}:${c.status}`)).toEqual(['1:Preparing', '2:Charging']);
  });
});

describe('statusesOf', () => {
  it("joins connector 0's status with its connectors'", () => {
    const statuses = statusesOf('Available', [
      { connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure' },
    ]);
    expect([...statuses]).toEqual(['Available', 'Faulted']);
  });
});

describe('eachLimited', () => {
  it('never runs more than the limit at once and runs every item', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await eachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running -= 1;
      done.push(item);
    });
    expect(most).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
