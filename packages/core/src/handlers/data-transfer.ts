import type { Response } from '../ocpp16/actions.js';
import type { DefaultHandler } from './handler.js';

/**
 * OCPP 1.6 §4.3: answered by the vendor extension registered for the vendorId (and
 * messageId), else UnknownVendorId / UnknownMessageId. Every transfer is stored with
 * the answer it got.
 */
export const dataTransfer: DefaultHandler<'DataTransfer'> = async (context, { dataTransfers }) => {
  const { chargePointId, params, storage, receivedAt, logger } = context;
  const messageId = params.messageId ?? null;
  const data = params.data ?? null;
  const lookup = dataTransfers.lookup(params.vendorId, messageId);
  const response: Response<'DataTransfer'> = lookup.found
    ? await lookup.handler({
        chargePointId,
        vendorId: params.vendorId,
        messageId,
        data,
        receivedAt,
        storage,
        logger,
      })
    : { status: lookup.status };
  await storage.dataTransfers.add({
    chargePointId,
    vendorId: params.vendorId,
    messageId,
    data,
    status: response.status,
    responseData: response.data ?? null,
    receivedAt,
  });
  return response;
};
