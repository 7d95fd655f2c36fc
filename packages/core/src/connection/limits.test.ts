import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectionLimitRefusal, HandshakeGuard } from './limits.js';

describe('HandshakeGuard', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('drops a socket whose upgrade is not done in time, and counts it', () => {
    let timeouts = 0;
    const guard = new HandshakeGuard(1000, () => timeouts++);
    const socket = new PassThrough();
    guard.start(socket);
    expect(guard.inFlight).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(socket.destroyed).toBe(true);
    expect(timeouts).toBe(1);
    expect(guard.inFlight).toBe(0);
  });

  it('leaves a socket alone once its upgrade is done or it closed', () => {
    let timeouts = 0;
    const guard = new HandshakeGuard(1000, () => timeouts++);
    const opened = new PassThrough();
    const done = guard.start(opened);
    const gone = new PassThrough();
    guard.start(gone);
    expect(guard.inFlight).toBe(2);
    done();
    done();
    gone.emit('close');
    expect(guard.inFlight).toBe(0);
    vi.advanceTimersByTime(5000);
    expect(opened.destroyed).toBe(false);
    expect(timeouts).toBe(0);
  });
});

describe('connectionLimitRefusal', () => {
  it('refuses with 503 at the limit, except a charge point replacing its own connection or no limit', () => {
    expect(connectionLimitRefusal(2, 2, false)).toMatchObject({ status: 503 });
    expect(connectionLimitRefusal(1, 2, false)).toBeUndefined();
    expect(connectionLimitRefusal(2, 2, true)).toBeUndefined();
    expect(connectionLimitRefusal(1_000_000, 0, false)).toBeUndefined();
  });
});
