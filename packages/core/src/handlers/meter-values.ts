import { checkConnectorId } from './connector-id.js';
import type { DefaultHandler } from './handler.js';
import { toNewMeterValues } from './sampled-values.js';

/**
 * OCPP 1.6 §4.7: stores every sampled value of the message in one storage write,
 * linked to its transaction when Levity knows it. Values naming an unknown
 * transaction are kept too, with the id the charger sent.
 */
export const meterValues: DefaultHandler<'MeterValues'> = async ({
  chargePointId,
  params,
  storage,
  receivedAt,
}) => {
  checkConnectorId(params.connectorId);
  let transactionId: number | null = null;
  if (params.transactionId !== undefined) {
    const transaction = await storage.transactions.get(params.transactionId);
    if (transaction && transaction.chargePointId === chargePointId) transactionId = transaction.id;
  }
  await storage.meterValues.add(
    toNewMeterValues(params.meterValue, {
      chargePointId,
      connectorId: params.connectorId,
      transactionId,
      reportedTransactionId: params.transactionId ?? null,
      source: 'MeterValues',
      receivedAt,
    }),
  );
  return {};
};
