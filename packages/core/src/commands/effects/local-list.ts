import type { Request } from '../../ocpp16/actions.js';
import { asciiLowerCase } from '../../ocpp16/ci-string.js';
import type { LocalListEntry } from '../../storage/records.js';
import type { CommandEffect } from '../effect.js';

type SentEntry = NonNullable<Request<'SendLocalList'>['localAuthorizationList']>[number];

const key = asciiLowerCase;

function toEntry(sent: SentEntry): LocalListEntry | undefined {
  if (!sent.idTagInfo) return undefined;
  return {
    idTag: sent.idTag,
    idTagInfo: {
      status: sent.idTagInfo.status,
      expiryDate: sent.idTagInfo.expiryDate ? new Date(sent.idTagInfo.expiryDate).toISOString() : null,
      parentIdTag: sent.idTagInfo.parentIdTag ?? null,
    },
  };
}

/**
 * SendLocalList (OCPP 1.6 §5.15): only an Accepted update changes what the charge point
 * holds. A Full update replaces the list; a Differential one adds or replaces the
 * entries that carry idTagInfo and removes those that do not.
 */
export const sendLocalList: CommandEffect<'SendLocalList'> = {
  async answered({ chargePointId, params, storage, now }, { status }) {
    if (status !== 'Accepted') return;
    const sent = params.localAuthorizationList ?? [];
    const entries = new Map<string, LocalListEntry>();
    if (params.updateType === 'Differential') {
      const current = await storage.localLists.get(chargePointId);
      for (const entry of current?.entries ?? []) entries.set(key(entry.idTag), entry);
    }
    for (const item of sent) {
      const entry = toEntry(item);
      if (entry) entries.set(key(item.idTag), entry);
      else entries.delete(key(item.idTag));
    }
    await storage.localLists.replace(chargePointId, params.listVersion, [...entries.values()], now());
  },
};

/**
 * GetLocalListVersion: 0 means the charge point holds no list; another version than
 * Levity's means its belief is stale (the entries are kept, the version corrected).
 */
export const getLocalListVersion: CommandEffect<'GetLocalListVersion'> = {
  async answered({ chargePointId, storage, now, logger }, { listVersion }) {
    if (listVersion < 0) return; // -1: the charge point has no local list support
    const current = await storage.localLists.get(chargePointId);
    if (listVersion === 0) {
      if (current?.version !== 0 || current.entries.length > 0) {
        await storage.localLists.replace(chargePointId, 0, [], now());
      }
      return;
    }
    if (current?.version === listVersion) return;
    logger.warn(
      { chargePointId, believed: current?.version ?? null, reported: listVersion },
      'the charge point holds another local list version than Levity believed',
    );
    await storage.localLists.replace(chargePointId, listVersion, current?.entries ?? [], now());
  },
};
