import { describe, expect, it } from 'vitest';
import { TypedEmitter } from './event-emitter.js';
import { emitCallEvents, hasCallListeners } from './events-from-calls.js';
import { silentLogger } from './logger.js';

describe('the events of an answered call', () => {
  it('are worth emitting only when someone listens to them or to every message', () => {
    const events = new TypedEmitter(silentLogger);
    expect(hasCallListeners(events, 'MeterValues')).toBe(false);
    const listener = () => {};
    events.on('meterValues', listener);
    expect(hasCallListeners(events, 'MeterValues')).toBe(true);
    expect(hasCallListeners(events, 'Heartbeat')).toBe(false);
    events.off('meterValues', listener);
    events.on('message', listener);
    expect(hasCallListeners(events, 'Heartbeat')).toBe(true);
  });

  it('are listened for under the names they are emitted with', () => {
    const calls = [
      ['BootNotification', 'booted', { status: 'Accepted', currentTime: '', interval: 1 }],
      ['StatusNotification', 'statusChanged', {}],
      ['StartTransaction', 'transactionStarted', { transactionId: 1, idTagInfo: { status: 'Accepted' } }],
      ['StopTransaction', 'transactionStopped', {}],
      ['MeterValues', 'meterValues', {}],
    ] as const;
    for (const [action, event, response] of calls) {
      const events = new TypedEmitter(silentLogger);
      const seen: unknown[] = [];
      events.on(event, (payload: unknown) => void seen.push(payload));
      expect(hasCallListeners(events, action), action).toBe(true);
      emitCallEvents(events, 'CP1', action, { connectorId: 1, meterValue: [] } as never, response as never);
      expect(seen, action).toHaveLength(1);
    }
  });
});
