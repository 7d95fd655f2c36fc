import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { nodeUrlOf } from './fleet.js';
import {
  authorize,
  bootNotification,
  heartbeat,
  meterValues,
  SAMPLED_VALUES_PER_METER_VALUES,
  startTransaction,
  statusNotification,
  stopTransaction,
} from './frames.js';
import { between, served } from './knee.js';
import type { StepResult } from './steps.js';

const require = createRequire(import.meta.url);
const { createValidator } = require('ocpp-rpc') as {
  createValidator(subprotocol: string, schemas: unknown): { validate(id: string, payload: unknown): boolean };
};
const validator = createValidator('ocpp1.6', require('ocpp-rpc/lib/schemas/ocpp1_6.json'));

const step = (overrides: Partial<StepResult>): StepResult => ({
  offered: 1000,
  achieved: 1000,
  skipped: 0,
  sent: 5000,
  errors: {},
  p50: 1,
  p99: 10,
  max: 20,
  cpuMicrosPerCall: 100,
  serverCpuPercent: 10,
  nodeCpuPercents: [10],
  databaseCpuMicrosPerCall: null,
  databaseCpuPercent: null,
  serverRssBytes: 1,
  loadCpuPercent: 10,
  seconds: 5,
  ...overrides,
});

describe('the load generator', () => {
  it('sends only payloads that OCPP 1.6 schemas accept (strict servers would refuse the others)', () => {
    const now = new Date().toISOString();
    const payloads: [string, string][] = [
      ['BootNotification', bootNotification('CP00001')],
      ['Heartbeat', heartbeat()],
      ['StatusNotification', statusNotification(1, 'Available', now)],
      ['Authorize', authorize('TAG00001')],
      ['StartTransaction', startTransaction(1, 'TAG00001', 0, now)],
      ['MeterValues', meterValues(1, 7, 1500, now)],
      ['MeterValues', meterValues(1, undefined, 1500, now)],
      ['StopTransaction', stopTransaction(7, 1500, now, 'TAG00001')],
    ];
    for (const [action, payload] of payloads) {
      expect(() => validator.validate(`urn:${action}.req`, JSON.parse(payload)), action).not.toThrow();
    }
    const sampled = JSON.parse(meterValues(1, 7, 1500, now)).meterValue[0].sampledValue;
    expect(sampled).toHaveLength(SAMPLED_VALUES_PER_METER_VALUES);
  });

  it('counts a step as served only without errors, within the p99 limit and with 97 % of the rate answered', () => {
    const limits = { p99Ms: 100, achievedShare: 0.97 };
    expect(served(step({}), limits)).toBe(true);
    expect(served(step({ errors: { 'call timeout': 1 } }), limits)).toBe(false);
    expect(served(step({ p99: 101 }), limits)).toBe(false);
    expect(served(step({ achieved: 969 }), limits)).toBe(false);
    expect(served(step({ sent: 0 }), limits)).toBe(false);
  });

  it('bisects between two rates to two significant digits', () => {
    expect(between(12_000, 16_000)).toBe(14_000);
    expect(between(1500, 2000)).toBe(1800);
    expect(between(20, 40)).toBe(30);
  });

  it('splits the charge points evenly between the nodes, each always to the same one', () => {
    const urls = ['ws://127.0.0.1:1/ws', 'ws://127.0.0.1:2/ws'];
    const assigned = Array.from({ length: 7 }, (_, i) => nodeUrlOf(i, urls));
    expect(assigned.filter((url) => url === urls[0])).toHaveLength(4);
    expect(assigned.filter((url) => url === urls[1])).toHaveLength(3);
    expect(nodeUrlOf(5, urls)).toBe(nodeUrlOf(5, urls));
    expect(Array.from({ length: 3 }, (_, i) => nodeUrlOf(i, ['ws://one/ws']))).toEqual([
      'ws://one/ws',
      'ws://one/ws',
      'ws://one/ws',
    ]);
    expect(() => nodeUrlOf(0, [])).toThrow('at least one server URL');
  });
});
