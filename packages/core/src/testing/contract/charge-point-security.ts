import { describe, expect, it } from 'vitest';
import type { Storage } from '../../storage/storage.js';
import { isoTime } from '../fixtures.js';

export function chargePointSecurityContract(storage: () => Storage): void {
  const security = () => storage().chargePointSecurity;
  const hash = 'scrypt$ln=15,r=8,p=1$c2FsdA$aGFzaA';

  describe('get', () => {
    it('returns undefined for a charge point without credentials', async () => {
      expect(await security().get('CP404')).toBeUndefined();
    });
  });

  describe('update', () => {
    it('creates the row with profile 0 and no password, for any id', async () => {
      const record = await security().update('never:connected', {}, isoTime(0));
      expect(record).toStrictEqual({
        chargePointId: 'never:connected',
        securityProfile: 0,
        passwordHash: null,
        updatedAt: isoTime(0),
      });
      expect(await security().get('never:connected')).toStrictEqual(record);
    });

    it('changes only the fields given', async () => {
      await security().update('CP001', { passwordHash: hash }, isoTime(0));
      expect(await security().update('CP001', { securityProfile: 2 }, isoTime(1))).toStrictEqual({
        chargePointId: 'CP001',
        securityProfile: 2,
        passwordHash: hash,
        updatedAt: isoTime(1),
      });
      expect(await security().update('CP001', { passwordHash: null }, isoTime(2))).toMatchObject({
        securityProfile: 2,
        passwordHash: null,
      });
    });

    it('keeps each charge point apart', async () => {
      await security().update('CP001', { securityProfile: 3 }, isoTime(0));
      await security().update('CP002', { passwordHash: hash }, isoTime(0));
      expect(await security().get('CP001')).toMatchObject({ securityProfile: 3, passwordHash: null });
      expect(await security().get('CP002')).toMatchObject({ securityProfile: 0, passwordHash: hash });
    });

    it('never moves updatedAt backwards', async () => {
      await security().update('CP001', { securityProfile: 1 }, isoTime(10));
      const record = await security().update('CP001', { securityProfile: 2 }, isoTime(5));
      expect(record).toMatchObject({ securityProfile: 2, updatedAt: isoTime(10) });
    });

    it('returns copies that do not change what is stored', async () => {
      const record = await security().update('CP001', { passwordHash: hash }, isoTime(0));
      record.passwordHash = 'changed';
      const read = await security().get('CP001');
      if (read) read.securityProfile = 3;
      expect(await security().get('CP001')).toMatchObject({ passwordHash: hash, securityProfile: 0 });
    });
  });
}
