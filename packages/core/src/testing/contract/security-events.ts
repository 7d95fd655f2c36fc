import { describe, expect, it } from 'vitest';
import type { Storage } from '../../storage/storage.js';
import { isoTime, newSecurityEvent } from '../fixtures.js';
import { eventLogContract } from './event-log.js';

export function securityEventContract(storage: () => Storage): void {
  const securityEvents = () => storage().securityEvents;

  eventLogContract({
    repository: securityEvents,
    build: newSecurityEvent,
    nulls: { techInfo: null },
    mutate: (value) => {
      value.type = 'Mutated';
    },
  });

  describe('contents', () => {
    it("keeps any event type and the charge point's own timestamp", async () => {
      const vendorDefined = newSecurityEvent({
        type: 'com.example.CabinetDoorOpened',
        timestamp: isoTime(-86_400),
        receivedAt: isoTime(5),
      });
      const record = await securityEvents().add(vendorDefined);
      expect(await securityEvents().list({ chargePointId: 'CP001' })).toStrictEqual([
        { ...vendorDefined, id: record.id },
      ]);
    });
  });
}
