import type { Commands } from './command.js';

/** RemoteStartTransaction and RemoteStopTransaction (OCPP 1.6 §5.11, §5.12). */
export const remoteCommands: Commands<'RemoteStartTransaction' | 'RemoteStopTransaction'> = {
  /**
   * Accepted when a connector is free for the tag (the one named, or the first free one);
   * the transaction then starts as if the driver had plugged in, with Authorize first when
   * AuthorizeRemoteTxRequests is true. A charging profile must be a TxProfile (§5.11).
   */
  RemoteStartTransaction({ connectorId, idTag, chargingProfile }, rt) {
    if (chargingProfile && chargingProfile.chargingProfilePurpose !== 'TxProfile')
      return { status: 'Rejected' };
    const target = connectorId ?? rt.sessions.freeConnector(idTag);
    if (target === undefined || !rt.sessions.canStart(target, idTag)) return { status: 'Rejected' };
    const start = rt.sessions.claim({
      connectorId: target,
      idTag,
      authorize: rt.state.configuration.boolean('AuthorizeRemoteTxRequests'),
      ...(chargingProfile ? { chargingProfile } : {}),
    });
    rt.later('a remote start', start);
    return { status: 'Accepted' };
  },

  /** Accepted for a transaction that runs here, which then stops with reason Remote. */
  RemoteStopTransaction({ transactionId }, rt) {
    const connector = rt.state.connectors.withTransaction(transactionId);
    if (!connector) return { status: 'Rejected' };
    rt.later('a remote stop', () => rt.sessions.stop(connector.id, 'Remote'));
    return { status: 'Accepted' };
  },
};
