import { signal } from '@preact/signals';
import type { ApiClient } from './api-client.js';
import { segment } from './api-client.js';

/** Counts commands sent from this tab: the command log reloads when it moves. */
export const commandsSent = signal(0);

/**
 * Sends an OCPP command through `POST /api/charge-points/{id}/commands/{Action}` and
 * resolves with the charge point's answer.
 *
 * @example await sendCommand(api, 'CP001', 'Reset', { type: 'Soft' }) // { status: 'Accepted' }
 */
export async function sendCommand<T = Record<string, unknown>>(
  api: ApiClient,
  chargePointId: string,
  action: string,
  payload: unknown,
): Promise<T> {
  try {
    const { response } = await api.post<{ response: T }>(
      `/api/charge-points/${segment(chargePointId)}/commands/${segment(action)}`,
      payload,
    );
    return response;
  } finally {
    commandsSent.value += 1;
  }
}
