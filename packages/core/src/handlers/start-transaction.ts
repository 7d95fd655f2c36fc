import { toUtcIso } from '../time.js';
import type { DefaultHandler } from './handler.js';

/**
 * OCPP 1.6 §4.8: always answers an integer transactionId with idTagInfo, also when
 * the tag is refused (the charger then stops the transaction as DeAuthorized, so it
 * must exist). A StartTransaction retried after a lost answer carries the same
 * connector, tag, meterStart and timestamp: it gets the same transactionId back and
 * creates no second row. Message ids are no dedupe key (unique per connection only).
 */
export const startTransaction: DefaultHandler<'StartTransaction'> = async (
  { chargePointId, params, storage, receivedAt },
  deps,
) => {
  const key = {
    chargePointId,
    connectorId: params.connectorId,
    idTag: params.idTag,
    meterStart: params.meterStart,
    startedAt: toUtcIso(params.timestamp),
  };
  const retried = await storage.transactions.findByStart(key);
  if (retried) {
    return { transactionId: retried.id, idTagInfo: { status: retried.idTagStatus ?? 'Accepted' } };
  }
  const idTagInfo = await deps.authorize({
    chargePointId,
    idTag: params.idTag,
    reason: 'StartTransaction',
    connectorId: params.connectorId,
  });
  const transaction = await storage.transactions.start({
    ...key,
    idTagStatus: idTagInfo.status,
    reservationId: params.reservationId ?? null,
    receivedAt,
  });
  return { transactionId: transaction.id, idTagInfo };
};
