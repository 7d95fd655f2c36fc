import type { Response } from '@levity/core';
import type { Runtime } from '../runtime.js';
import type { Commands } from './command.js';

type ReserveStatus = Response<'ReserveNow'>['status'];

/** §5.13: why a connector cannot take a reservation, if it cannot. */
function refusal(rt: Runtime, connectorId: number, reservationId: number): ReserveStatus | undefined {
  const { connectors, reservations, configuration } = rt.state;
  if (connectorId === 0 && !configuration.boolean('ReserveConnectorZeroSupported')) return 'Rejected';
  const connector = connectors.get(connectorId);
  if (!connector || connectorId === 0) return 'Rejected';
  if (connector.status === 'Faulted') return 'Faulted';
  if (rt.statuses.idle(connectorId) === 'Unavailable') return 'Unavailable';
  const held = reservations.forConnector(connectorId);
  if (connector.busy || (held && held.reservationId !== reservationId)) return 'Occupied';
  return undefined;
}

/** The Reservation profile. */
export const reservationCommands: Commands<'ReserveNow' | 'CancelReservation'> = {
  /**
   * Accepted on a free connector, which turns Reserved until the expiry date; a
   * reservation with the same id is replaced. Only the reserved tag (or one with the same
   * parent) can then start there, and its StartTransaction carries the reservationId.
   */
  ReserveNow({ connectorId, expiryDate, idTag, parentIdTag, reservationId }, rt) {
    const expiry = new Date(expiryDate);
    if (!(expiry > rt.now())) return { status: 'Rejected' };
    const status = refusal(rt, connectorId, reservationId);
    if (status) return { status };
    const replaced = rt.state.reservations.find(reservationId);
    rt.state.reservations.add({
      reservationId,
      connectorId,
      idTag,
      expiryDate: expiry,
      ...(parentIdTag === undefined ? {} : { parentIdTag }),
    });
    rt.later('reporting a reservation', async () => {
      if (replaced && replaced.connectorId !== connectorId) await rt.statuses.refresh(replaced.connectorId);
      await rt.statuses.refresh(connectorId);
    });
    return { status: 'Accepted' };
  },

  CancelReservation({ reservationId }, rt) {
    const cancelled = rt.state.reservations.remove(reservationId);
    if (!cancelled) return { status: 'Rejected' };
    rt.later('reporting a cancelled reservation', () => rt.statuses.refresh(cancelled.connectorId));
    return { status: 'Accepted' };
  },
};
