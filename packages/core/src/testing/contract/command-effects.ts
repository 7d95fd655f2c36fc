import { expect, it } from 'vitest';
import { CommandJournal } from '../../commands/command-journal.js';
import { silentLogger } from '../../logger.js';
import type { CentralSystemAction, Request, Response } from '../../ocpp16/actions.js';
import type { RepositoryName } from '../../storage/repository-access.js';
import type { Storage } from '../../storage/storage.js';
import { chargingProfileRecord, configurationKey, isoTime } from '../fixtures.js';

/**
 * `storage`, except that `repository.method` always throws, on the storage itself and on
 * every unit of work it runs: the second write of an effect that writes twice fails.
 */
function failingOn(storage: Storage, repository: RepositoryName, method: string): Storage {
  const failing = (target: object) =>
    new Proxy(target, {
      get(object, name) {
        if (name === method) {
          return async () => {
            throw new Error(`injected failure of ${repository}.${method}`);
          };
        }
        const value: unknown = Reflect.get(object, name, object);
        return typeof value === 'function' ? value.bind(object) : value;
      },
    });
  const wrap = (target: Storage): Storage =>
    new Proxy(target, {
      get(object, name) {
        if (name === 'transaction' && object.transaction) {
          const transaction = object.transaction.bind(object);
          return <T>(work: (unit: Storage) => Promise<T>) => transaction((unit) => work(wrap(unit)));
        }
        const value: unknown = Reflect.get(object, name, object);
        if (name === repository) return failing(value as object);
        return typeof value === 'function' ? value.bind(object) : value;
      },
    });
  return wrap(storage);
}

/** Runs `action` through the command journal on `storage`, the charge point answering `response`. */
async function answered<A extends CentralSystemAction>(
  storage: Storage,
  action: A,
  params: Request<A>,
  response: Response<A>,
): Promise<void> {
  const journal = new CommandJournal(storage, silentLogger, () => new Date(isoTime(60)));
  await journal.run('CP001', action, params, async () => response);
}

export function commandEffectContract(storage: () => Storage): void {
  it('stores an accepted SetChargingProfile whole or not at all: a failed install keeps the profile it would replace', async () => {
    const installed = chargingProfileRecord({ chargingProfileId: 1, stackLevel: 2 });
    await storage().chargingProfiles.put(installed);
    await answered(
      failingOn(storage(), 'chargingProfiles', 'put'),
      'SetChargingProfile',
      {
        connectorId: 1,
        csChargingProfiles: {
          chargingProfileId: 2,
          stackLevel: 2,
          chargingProfilePurpose: 'TxDefaultProfile',
          chargingProfileKind: 'Relative',
          chargingSchedule: {
            chargingRateUnit: 'W',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 7400 }],
          },
        },
      },
      { status: 'Accepted' },
    );
    expect(await storage().chargingProfiles.list('CP001')).toStrictEqual([installed]);
    // The command itself is logged with the charge point's answer all the same.
    expect(await storage().commands.list({ chargePointId: 'CP001' })).toMatchObject([
      { action: 'SetChargingProfile', status: 'Answered' },
    ]);
  });

  it('stores a full GetConfiguration whole or not at all: a failed clean-up keeps the keys as they were', async () => {
    await storage().configuration.upsert(
      'CP001',
      [
        configurationKey({ key: 'HeartbeatInterval', value: '60' }),
        configurationKey({ key: 'Gone', value: 'x' }),
      ],
      isoTime(0),
    );
    const before = await storage().configuration.list('CP001');
    await answered(
      failingOn(storage(), 'configuration', 'retainOnly'),
      'GetConfiguration',
      {},
      { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] },
    );
    expect(await storage().configuration.list('CP001')).toStrictEqual(before);
  });
}
