import type { IdTagInfo } from '../ocpp16/payloads.js';
import type { Storage } from '../storage/storage.js';

/** Which message asks for an authorization decision. */
export type AuthorizationReason = 'Authorize' | 'StartTransaction' | 'StopTransaction';

export interface AuthorizationRequest {
  chargePointId: string;
  idTag: string;
  reason: AuthorizationReason;
  /** Connector of a StartTransaction. */
  connectorId?: number;
}

/**
 * Decides the `idTagInfo` answered to Authorize, StartTransaction and StopTransaction,
 * so the three always agree. Pass your own to check tags against your own system.
 *
 * @example
 * const cs = createCentralSystem({
 *   authorizationPolicy: async ({ idTag }) => ({ status: (await myTags.has(idTag)) ? 'Accepted' : 'Invalid' }),
 * });
 */
export type AuthorizationPolicy = (request: AuthorizationRequest) => IdTagInfo | Promise<IdTagInfo>;

/** A built-in policy by name, or your own function. */
export type AuthorizationPolicyOption = 'accept-all' | 'id-tags' | AuthorizationPolicy;

export const AUTHORIZATION_POLICIES = ['accept-all', 'id-tags'] as const;

/** Accepts every id tag: the original system's behaviour, and the default. */
export const acceptAllIdTags: AuthorizationPolicy = () => ({ status: 'Accepted' });

/**
 * Only tags in the id-tag store that are Accepted and unexpired (OCPP 1.6 §3.5): an
 * unknown tag is Invalid, an expired one Expired, and a StartTransaction for a tag that
 * already has an ongoing accepted transaction is ConcurrentTx. `expiryDate` and
 * `parentIdTag` are answered when known.
 */
export function idTagStorePolicy(storage: Storage, clock: () => Date): AuthorizationPolicy {
  return async ({ idTag, reason }) => {
    const tag = await storage.idTags.get(idTag);
    if (!tag) return { status: 'Invalid' };
    const info: IdTagInfo = { status: tag.status };
    if (tag.expiryDate !== null) info.expiryDate = tag.expiryDate;
    if (tag.parentIdTag !== null) info.parentIdTag = tag.parentIdTag;
    if (info.status === 'Accepted' && tag.expiryDate !== null && tag.expiryDate <= clock().toISOString()) {
      info.status = 'Expired';
    }
    if (info.status === 'Accepted' && reason === 'StartTransaction') {
      const ongoing = await storage.transactions.listActiveByIdTag(idTag);
      if (ongoing.some((transaction) => transaction.idTagStatus === 'Accepted')) info.status = 'ConcurrentTx';
    }
    return info;
  };
}

export function resolveAuthorizationPolicy(
  option: AuthorizationPolicyOption,
  storage: Storage,
  clock: () => Date,
): AuthorizationPolicy {
  if (typeof option === 'function') return option;
  return option === 'id-tags' ? idTagStorePolicy(storage, clock) : acceptAllIdTags;
}
