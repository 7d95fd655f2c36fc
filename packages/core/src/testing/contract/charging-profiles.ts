import { describe, expect, it } from 'vitest';
import type { ChargingProfileRecord } from '../../storage/records.js';
import type { Storage } from '../../storage/storage.js';
import { chargingProfileRecord, isoTime } from '../fixtures.js';

export function chargingProfileContract(storage: () => Storage): void {
  const profiles = () => storage().chargingProfiles;
  const idsOf = async (chargePointId: string) =>
    (await profiles().list(chargePointId)).map((profile) => profile.chargingProfileId);

  it('lists nothing for a charge point it knows nothing of', async () => {
    expect(await profiles().list('CP001')).toStrictEqual([]);
  });

  describe('put and list', () => {
    it('stores every field, the whole profile included', async () => {
      const profile = chargingProfileRecord();
      await profiles().put(profile);
      expect(await profiles().list('CP001')).toStrictEqual([profile]);
    });

    it('stores a transaction profile and a profile of the whole charge point', async () => {
      const tx = chargingProfileRecord({ chargingProfileId: 2, purpose: 'TxProfile', transactionId: 42 });
      const max = chargingProfileRecord({
        chargingProfileId: 3,
        connectorId: 0,
        purpose: 'ChargePointMaxProfile',
      });
      await profiles().put(tx);
      await profiles().put(max);
      expect(await profiles().list('CP001')).toStrictEqual([max, tx]);
    });

    it('replaces the profile with the same chargingProfileId of the charge point', async () => {
      await profiles().put(chargingProfileRecord({ chargingProfileId: 1, stackLevel: 0 }));
      const replacement = chargingProfileRecord({
        chargingProfileId: 1,
        connectorId: 2,
        stackLevel: 3,
        purpose: 'TxProfile',
        transactionId: 7,
        profile: { chargingProfileId: 1, replaced: true },
        installedAt: isoTime(60),
      });
      await profiles().put(replacement);
      expect(await profiles().list('CP001')).toStrictEqual([replacement]);
    });

    it('keeps profiles with the same chargingProfileId on other charge points apart, their ids compared exactly', async () => {
      const one = chargingProfileRecord({ chargePointId: 'CP001' });
      const other = chargingProfileRecord({ chargePointId: 'cp001', stackLevel: 5 });
      await profiles().put(one);
      await profiles().put(other);
      expect(await profiles().list('CP001')).toStrictEqual([one]);
      expect(await profiles().list('cp001')).toStrictEqual([other]);
    });

    it('orders by connector, then stack level, then chargingProfileId', async () => {
      const order: [connectorId: number, stackLevel: number, chargingProfileId: number][] = [
        [0, 0, 9],
        [0, 2, 3],
        [1, 0, 4],
        [1, 0, 10],
        [1, 1, 1],
        [2, 0, 2],
        [10, 0, 5],
      ];
      // Stored in an order that none of the three columns alone would give.
      for (const index of [4, 6, 1, 3, 0, 5, 2]) {
        const [connectorId = 0, stackLevel = 0, chargingProfileId = 0] = order[index] ?? [];
        await profiles().put(chargingProfileRecord({ connectorId, stackLevel, chargingProfileId }));
      }
      expect(await idsOf('CP001')).toStrictEqual(order.map(([, , id]) => id));
    });
  });

  describe('remove', () => {
    it('removes the given profiles of the charge point and says how many existed', async () => {
      for (const chargingProfileId of [1, 2, 3])
        await profiles().put(chargingProfileRecord({ chargingProfileId }));
      await profiles().put(chargingProfileRecord({ chargePointId: 'CP002', chargingProfileId: 1 }));
      expect(await profiles().remove('CP001', [1, 3, 99])).toBe(2);
      expect(await idsOf('CP001')).toStrictEqual([2]);
      expect(await idsOf('CP002')).toStrictEqual([1]);
    });

    it('counts an id given twice once', async () => {
      await profiles().put(chargingProfileRecord({ chargingProfileId: 1 }));
      await profiles().put(chargingProfileRecord({ chargingProfileId: 2 }));
      expect(await profiles().remove('CP001', [1, 1])).toBe(1);
      expect(await idsOf('CP001')).toStrictEqual([2]);
    });

    it('removes nothing when given no ids, or a charge point it does not know', async () => {
      await profiles().put(chargingProfileRecord());
      expect(await profiles().remove('CP001', [])).toBe(0);
      expect(await profiles().remove('CP404', [1])).toBe(0);
      expect(await profiles().list('CP001')).toStrictEqual([chargingProfileRecord()]);
    });

    it('removes many profiles at once', async () => {
      const ids = Array.from({ length: 2000 }, (_, i) => i + 1);
      for (const chargingProfileId of ids) await profiles().put(chargingProfileRecord({ chargingProfileId }));
      expect(await profiles().remove('CP001', ids.slice(1))).toBe(1999);
      expect(await idsOf('CP001')).toStrictEqual([1]);
    });

    it('lets a removed profile be put again', async () => {
      await profiles().put(chargingProfileRecord());
      await profiles().remove('CP001', [1]);
      const again = chargingProfileRecord({ installedAt: isoTime(9) });
      await profiles().put(again);
      expect(await profiles().list('CP001')).toStrictEqual([again]);
    });
  });

  it('returns copies and keeps no reference to what it was given', async () => {
    const profile: ChargingProfileRecord = chargingProfileRecord();
    await profiles().put(profile);
    profile.stackLevel = 99;
    (
      profile.profile as { chargingSchedule: { chargingRateUnit: string } }
    ).chargingSchedule.chargingRateUnit = 'W';
    const [listed] = await profiles().list('CP001');
    if (!listed) throw new Error('the profile is not listed');
    listed.purpose = 'TxProfile';
    (listed.profile as { stackLevel: number }).stackLevel = 99;
    expect(await profiles().list('CP001')).toStrictEqual([chargingProfileRecord()]);
  });
}
