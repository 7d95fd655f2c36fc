/** One line about an inbound message, and the outcome worth a badge (an idTagInfo or a status). */
export interface MessageSummary {
  readonly text: string;
  readonly outcome: string | null;
}

type Json = Record<string, unknown>;
const object = (value: unknown): Json => (value !== null && typeof value === 'object' ? (value as Json) : {});
const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

/**
 * What an operator wants to see of a message a charge point sent and what Levity
 * answered: e.g. `Authorize` → "DRIVER-1" with outcome `Blocked`.
 *
 * @example summarize('Authorize', { idTag: 'A' }, { idTagInfo: { status: 'Blocked' } }) // { text: 'A', outcome: 'Blocked' }
 */
export function summarize(action: string, request: unknown, response: unknown): MessageSummary {
  const req = object(request);
  const res = object(response);
  const idTagStatus = text(object(res.idTagInfo).status) || null;
  switch (action) {
    case 'Authorize':
      return { text: text(req.idTag), outcome: idTagStatus };
    case 'StartTransaction':
      return {
        text: `connector ${text(req.connectorId)}, ${text(req.idTag)} → transaction ${text(res.transactionId)}`,
        outcome: idTagStatus,
      };
    case 'StopTransaction':
      return {
        text: `transaction ${text(req.transactionId)}${req.reason ? `, ${text(req.reason)}` : ''}`,
        outcome: idTagStatus,
      };
    case 'StatusNotification':
      return {
        text: `connector ${text(req.connectorId)}${req.errorCode && req.errorCode !== 'NoError' ? `, ${text(req.errorCode)}` : ''}`,
        outcome: text(req.status) || null,
      };
    case 'MeterValues': {
      const readings = Array.isArray(req.meterValue) ? req.meterValue.length : 0;
      return {
        text: `connector ${text(req.connectorId)}, ${readings} reading${readings === 1 ? '' : 's'}`,
        outcome: null,
      };
    }
    case 'BootNotification':
      return {
        text: `${text(req.chargePointVendor)} ${text(req.chargePointModel)}`.trim(),
        outcome: text(res.status) || null,
      };
    case 'SecurityEventNotification':
      return { text: text(req.type), outcome: null };
    default:
      return { text: text(req.status), outcome: text(res.status) || null };
  }
}
