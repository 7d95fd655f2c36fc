import { CENTRAL_SYSTEM_ACTIONS, CHARGE_POINT_ACTIONS } from '@levity/core';
import { describe, expect, it } from 'vitest';
import { actionLabel, CLOSE_REASONS, closeReason, UNKNOWN_ACTION } from './labels.js';

describe('metric labels', () => {
  it('keeps every OCPP 1.6 action name and folds anything else into one value', () => {
    for (const action of [...CHARGE_POINT_ACTIONS, ...CENTRAL_SYSTEM_ACTIONS]) {
      expect(actionLabel(action)).toBe(action);
    }
    expect(actionLabel('MadeUp')).toBe(UNKNOWN_ACTION);
    expect(actionLabel('x'.repeat(64))).toBe(UNKNOWN_ACTION);
    // Names are case-sensitive on the wire; a near miss is not the action.
    expect(actionLabel('heartbeat')).toBe(UNKNOWN_ACTION);
    expect(actionLabel('__proto__')).toBe(UNKNOWN_ACTION);
  });

  it('names close codes, folds the others, and tells a replaced connection apart', () => {
    expect(closeReason(1000, false)).toBe('normal');
    expect(closeReason(1006, false)).toBe('abnormal');
    expect(closeReason(1009, false)).toBe('message_too_big');
    expect(closeReason(4000, false)).toBe('other');
    expect(closeReason(1000, true)).toBe('replaced');
    expect(new Set(CLOSE_REASONS).size).toBe(CLOSE_REASONS.length);
    for (const code of [1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1011, 3000, 4999]) {
      expect(CLOSE_REASONS).toContain(closeReason(code, false));
    }
  });
});
