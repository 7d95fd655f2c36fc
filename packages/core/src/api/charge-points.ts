import { checkChargePointId } from '../charge-point-id.js';
import type { Logger } from '../logger.js';
import type {
  ChargePointFilter,
  ChargePointRecord,
  ChargingProfileRecord,
  ConfigurationKeyRecord,
  ConnectorRecord,
  LocalListRecord,
} from '../storage/records.js';
import type { Storage } from '../storage/storage.js';
import { nowIso } from '../time.js';
import type { ChargePointSecurityApi } from './charge-point-security.js';

/**
 * The charge points Levity knows, and the operator's decision about each, which the
 * `known-only` and `pending` boot policies follow.
 *
 * @example
 * await cs.chargePoints.accept('CP001'); // before it ever connects, for bootPolicy 'known-only'
 */
export interface ChargePointsApi extends ChargePointSecurityApi {
  get(id: string): Promise<ChargePointRecord | undefined>;
  /**
   * Ordered by id; `after` (the last id of the previous page) and `limit` page through
   * them, e.g. `list({ after: 'CP100', limit: 100 })`. Without a filter: all of them.
   */
  list(filter?: ChargePointFilter): Promise<ChargePointRecord[]>;
  connectors(id: string): Promise<ConnectorRecord[]>;
  /** Its configuration keys as last learned (GetConfiguration, accepted ChangeConfiguration). */
  configuration(id: string): Promise<ConfigurationKeyRecord[]>;
  /** The charging profiles Levity believes are installed on it. */
  chargingProfiles(id: string): Promise<ChargingProfileRecord[]>;
  /** The Local Authorization List Levity believes it holds. */
  localList(id: string): Promise<LocalListRecord | undefined>;
  /**
   * Registers (or approves) the charge point. A connected one that is not accepted yet
   * is asked to boot again (TriggerMessage BootNotification) so it gets Accepted now;
   * `actor` is recorded with that command. Throws `LEVITY_ERR_INVALID_ARGUMENT` for an id
   * no charge point could connect with (see `chargePointIdPattern`).
   */
  accept(id: string, options?: { actor?: string }): Promise<ChargePointRecord>;
  /** Refuses the charge point: its next BootNotification is Rejected. Checks the id as `accept` does. */
  reject(id: string): Promise<ChargePointRecord>;
}

export function createChargePointsApi(
  storage: Storage,
  clock: () => Date,
  logger: Logger,
  rebootIfWaiting: (id: string, actor: string | undefined) => Promise<void>,
  idPattern: RegExp,
): Omit<ChargePointsApi, keyof ChargePointSecurityApi> {
  return {
    get: (id) => storage.chargePoints.get(id),
    list: (filter) => storage.chargePoints.list(filter),
    connectors: (id) => storage.connectors.list(id),
    configuration: (id) => storage.configuration.list(id),
    chargingProfiles: (id) => storage.chargingProfiles.list(id),
    localList: (id) => storage.localLists.get(id),
    async accept(id, options = {}) {
      checkChargePointId(id, idPattern);
      const record = await storage.chargePoints.setAdmission(id, 'Accepted', nowIso(clock));
      await rebootIfWaiting(id, options.actor).catch((error: unknown) =>
        logger.warn({ err: error, chargePointId: id }, 'could not trigger a new BootNotification'),
      );
      return record;
    },
    async reject(id) {
      checkChargePointId(id, idPattern);
      return storage.chargePoints.setAdmission(id, 'Rejected', nowIso(clock));
    },
  };
}
