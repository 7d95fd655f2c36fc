import type { DefaultHandler } from './handler.js';

/** OCPP 1.6 §4.1: answers from the authorization policy (accept-all unless configured). */
export const authorize: DefaultHandler<'Authorize'> = async ({ chargePointId, params }, deps) => ({
  idTagInfo: await deps.authorize({ chargePointId, idTag: params.idTag, reason: 'Authorize' }),
});
