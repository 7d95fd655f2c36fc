import type { IdTagInfo } from '../ocpp16/payloads.js';

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
 * so the three always agree. Replace it to check tags against your own system.
 *
 * @example
 * const cs = createCentralSystem({
 *   authorize: async ({ idTag }) => ({ status: (await myTags.has(idTag)) ? 'Accepted' : 'Invalid' }),
 * });
 */
export type AuthorizationPolicy = (request: AuthorizationRequest) => IdTagInfo | Promise<IdTagInfo>;

/** Accepts every id tag: the original system's behaviour, and the default. */
export const acceptAllIdTags: AuthorizationPolicy = () => ({ status: 'Accepted' });
