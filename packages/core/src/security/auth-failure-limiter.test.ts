import { describe, expect, it } from 'vitest';
import { AuthFailureLimiter } from './auth-failure-limiter.js';

const limits = { maxFailures: 3, windowMs: 60_000, backoffMs: 10_000, maxBackoffMs: 40_000 };

function limiter() {
  let now = 1_000_000;
  const subject = new AuthFailureLimiter(limits, () => now);
  return {
    subject,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('AuthFailureLimiter', () => {
  it('lets attempts through until the limit, then asks them to wait for the back-off', () => {
    const { subject, advance } = limiter();
    for (let i = 0; i < 2; i++) subject.failed('CP001', '192.0.2.1');
    expect(subject.retryAfterMs('CP001', '192.0.2.1')).toBe(0);
    subject.failed('CP001', '192.0.2.1');
    expect(subject.retryAfterMs('CP001', '192.0.2.1')).toBe(10_000);
    // Held back by the address for any id, and for the id from any address.
    expect(subject.retryAfterMs('CP002', '192.0.2.1')).toBe(10_000);
    expect(subject.retryAfterMs('CP001', '192.0.2.9')).toBe(10_000);
    advance(10_000);
    expect(subject.retryAfterMs('CP001', '192.0.2.1')).toBe(0);
  });

  it('doubles the back-off while failures go on, up to the maximum, and forgets after a quiet window', () => {
    const { subject, advance } = limiter();
    const burst = () => {
      for (let i = 0; i < 3; i++) subject.failed('CP001', '192.0.2.1');
      return subject.retryAfterMs('CP001', '192.0.2.1');
    };
    expect(burst()).toBe(10_000);
    advance(10_000);
    expect(burst()).toBe(20_000);
    advance(20_000);
    expect(burst()).toBe(40_000);
    advance(40_000);
    expect(burst()).toBe(40_000);
    advance(40_000 + 60_001);
    expect(burst()).toBe(10_000);
  });

  it('forgets failures older than the window', () => {
    const { subject, advance } = limiter();
    subject.failed('CP001', '192.0.2.1');
    subject.failed('CP001', '192.0.2.1');
    advance(60_000);
    subject.failed('CP001', '192.0.2.1');
    expect(subject.retryAfterMs('CP001', '192.0.2.1')).toBe(0);
  });

  it('clears a charge point and its address on success, and trusts that address for the id', () => {
    const { subject } = limiter();
    for (let i = 0; i < 3; i++) subject.failed('CP001', '192.0.2.1');
    subject.succeeded('CP001', '192.0.2.1');
    expect(subject.retryAfterMs('CP001', '192.0.2.1')).toBe(0);
    for (let i = 0; i < 3; i++) subject.failed('CP001', '198.51.100.7');
    expect(subject.retryAfterMs('CP001', '198.51.100.7')).toBe(10_000);
    expect(subject.retryAfterMs('CP001', '203.0.113.5')).toBe(10_000);
    expect(subject.retryAfterMs('CP001', '192.0.2.1')).toBe(0);
  });

  it('holds back the other ids behind a shared address, but not a charge point trusted there', () => {
    const { subject } = limiter();
    subject.succeeded('CP001', '192.0.2.1');
    for (let i = 0; i < 3; i++) subject.failed('CP002', '192.0.2.1');
    expect(subject.retryAfterMs('CP003', '192.0.2.1')).toBe(10_000);
    expect(subject.retryAfterMs('CP001', '192.0.2.1')).toBe(0);
  });

  it('does nothing when the limit is 0', () => {
    const subject = new AuthFailureLimiter({ ...limits, maxFailures: 0 });
    for (let i = 0; i < 100; i++) subject.failed('CP001', '192.0.2.1');
    expect(subject.retryAfterMs('CP001', '192.0.2.1')).toBe(0);
  });

  it('keeps a bounded number of tallies, however many ids fail', () => {
    const { subject } = limiter();
    for (let i = 0; i < 20_000; i++) subject.failed(`CP${i}`, null);
    for (let i = 0; i < 3; i++) subject.failed('CP0', null);
    expect(subject.retryAfterMs('CP0', null)).toBe(10_000);
    expect(subject.retryAfterMs('CP1', null)).toBe(0);
  });
});
