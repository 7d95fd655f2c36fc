import { describe, expect, it } from 'vitest';
import { MessageRate } from './message-rate.js';

describe('MessageRate', () => {
  it('counts events per second with zeros for quiet seconds', () => {
    const rate = new MessageRate(4);
    rate.add(10_100);
    rate.add(10_900);
    rate.add(12_500, 3);
    expect(rate.series(13_000)).toEqual([
      [10, 2],
      [11, 0],
      [12, 3],
      [13, 0],
    ]);
  });

  it('forgets seconds that left the window', () => {
    const rate = new MessageRate(2);
    rate.add(1_000, 5);
    rate.add(5_000, 1);
    expect(rate.series(5_000)).toEqual([
      [4, 0],
      [5, 1],
    ]);
  });

  it('averages the complete seconds only', () => {
    const rate = new MessageRate(60);
    for (const second of [10, 11, 12, 13, 14]) rate.add(second * 1000, 2);
    rate.add(15_200, 100); // the current second, still filling
    expect(rate.perSecond(15_500, 5)).toBe(2);
  });
});
