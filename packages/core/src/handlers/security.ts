import { toUtcIso } from '../time.js';
import type { DefaultHandler } from './handler.js';

/** Security extension: every security event is kept (type, the charge point's timestamp, techInfo). */
export const securityEventNotification: DefaultHandler<'SecurityEventNotification'> = async ({
  chargePointId,
  params,
  storage,
  receivedAt,
}) => {
  await storage.securityEvents.add({
    chargePointId,
    type: params.type,
    timestamp: toUtcIso(params.timestamp),
    techInfo: params.techInfo ?? null,
    receivedAt,
  });
  return {};
};

/**
 * Security extension: the CSR is stored, and accepted when a certificate signer is
 * configured (the central system then signs it and sends CertificateSigned), rejected
 * otherwise.
 */
export const signCertificate: DefaultHandler<'SignCertificate'> = async (
  { chargePointId, params, storage, receivedAt },
  { canSignCertificates, followUps },
) => {
  const status = canSignCertificates ? 'Accepted' : 'Rejected';
  const request = await storage.certificateRequests.add({
    chargePointId,
    csr: params.csr,
    status,
    receivedAt,
  });
  if (status === 'Accepted') followUps.certificateRequested(chargePointId, request.id);
  return { status };
};
