import { describe, expect, it } from 'vitest';
import { inboundRefusal, outboundRefusal } from './registration-gate.js';

describe('inboundRefusal', () => {
  it('always lets BootNotification through and everything once Accepted', () => {
    expect(inboundRefusal('BootNotification', 'Rejected', false)).toBeUndefined();
    expect(inboundRefusal('MeterValues', 'Accepted', false)).toBeUndefined();
  });

  it('refuses other messages while Pending or Rejected', () => {
    expect(inboundRefusal('Heartbeat', 'Pending', true)).toMatch(/Pending/);
    expect(inboundRefusal('StartTransaction', 'Rejected', true)).toMatch(/Rejected/);
  });

  it('trusts a charge point that never booted only when every charge point is accepted', () => {
    expect(inboundRefusal('Heartbeat', null, true)).toBeUndefined();
    expect(inboundRefusal('Heartbeat', null, false)).toMatch(/before an accepted BootNotification/);
  });
});

describe('outboundRefusal', () => {
  it('forbids every call to a Rejected charge point', () => {
    expect(outboundRefusal('TriggerMessage', 'Rejected')).toMatch(/Rejected/);
  });

  it('forbids only remote start and stop while Pending', () => {
    expect(outboundRefusal('RemoteStartTransaction', 'Pending')).toMatch(/Pending/);
    expect(outboundRefusal('RemoteStopTransaction', 'Pending')).toMatch(/Pending/);
    expect(outboundRefusal('GetConfiguration', 'Pending')).toBeUndefined();
    expect(outboundRefusal('ChangeConfiguration', 'Pending')).toBeUndefined();
  });

  it('allows everything once Accepted or before any boot', () => {
    expect(outboundRefusal('RemoteStartTransaction', 'Accepted')).toBeUndefined();
    expect(outboundRefusal('Reset', null)).toBeUndefined();
  });
});
