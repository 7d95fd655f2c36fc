import { describe, expect, it } from 'vitest';
import type { Storage } from '../../storage/storage.js';
import { newConnectionRefusal } from '../fixtures.js';
import { eventLogContract } from './event-log.js';

export function connectionRefusalContract(storage: () => Storage): void {
  const refusals = () => storage().connectionRefusals;

  eventLogContract({
    repository: refusals,
    build: newConnectionRefusal,
    nulls: { remoteAddress: null, detail: null },
    mutate: (value) => {
      value.reason = 'TlsRequired';
    },
  });

  describe('contents', () => {
    it('keeps an id no charge point has, every reason and the required profile', async () => {
      const reasons = [
        'MissingCredentials',
        'InvalidCredentials',
        'UnknownChargePoint',
        'TlsRequired',
        'ClientCertificateRequired',
        'InvalidClientCertificate',
      ] as const;
      for (const [index, reason] of reasons.entries()) {
        await refusals().add(
          newConnectionRefusal({ chargePointId: 'never:seen', reason, requiredProfile: index % 2 ? 3 : 1 }),
        );
      }
      const listed = await refusals().list({ chargePointId: 'never:seen' });
      expect(listed.map((row) => [row.reason, row.requiredProfile])).toStrictEqual(
        [...reasons.entries()].reverse().map(([index, reason]) => [reason, index % 2 ? 3 : 1]),
      );
    });
  });
}
