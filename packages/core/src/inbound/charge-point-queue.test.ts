import { describe, expect, it } from 'vitest';
import { ChargePointQueue } from './charge-point-queue.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('ChargePointQueue', () => {
  it('runs one charge point’s tasks one at a time, in order', async () => {
    const queue = new ChargePointQueue();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([
      queue.run('A', task('1')),
      queue.run('A', task('2')),
      queue.run('A', task('3')),
    ]);
    expect(results).toEqual(['1', '2', '3']);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('runs different charge points side by side', async () => {
    const queue = new ChargePointQueue();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
    };
    await Promise.all([queue.run('A', task('A')), queue.run('B', task('B'))]);
    expect(log.slice(0, 2)).toEqual(['start A', 'start B']);
  });

  it('keeps going after a task fails, and hands the failure to its caller only', async () => {
    const queue = new ChargePointQueue();
    const failed = queue.run('A', async () => {
      throw new Error('boom');
    });
    const next = queue.run('A', async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });

  it('forgets charge points that have nothing left to do', async () => {
    const queue = new ChargePointQueue();
    await queue.run('A', async () => {});
    await tick();
    expect(queue.busy).toBe(0);
  });
});
