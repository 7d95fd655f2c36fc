import { toUtcIso } from '../../time.js';
import type { CommandEffect } from '../effect.js';

/**
 * ReserveNow (OCPP 1.6 §5.13): the reservation is recorded before it is sent, so that its
 * id exists; the charge point's answer becomes its status, and no answer marks it Failed.
 */
export const reserveNow: CommandEffect<'ReserveNow'> = {
  async before({ chargePointId, params, storage, now }) {
    const existing = await storage.reservations.get(params.reservationId);
    if (existing) return;
    await storage.reservations.create({
      id: params.reservationId,
      chargePointId,
      connectorId: params.connectorId,
      idTag: params.idTag,
      parentIdTag: params.parentIdTag ?? null,
      expiryDate: toUtcIso(params.expiryDate),
      createdAt: now(),
    });
  },
  async answered({ params, storage, now }, { status }) {
    await storage.reservations.update(params.reservationId, { status }, now());
  },
  async failed({ params, storage, now }) {
    const reservation = await storage.reservations.get(params.reservationId);
    if (reservation?.status === 'Requested')
      await storage.reservations.update(reservation.id, { status: 'Failed' }, now());
  },
};

/** CancelReservation (OCPP 1.6 §5.1): an accepted cancellation ends the reservation. */
export const cancelReservation: CommandEffect<'CancelReservation'> = {
  async answered({ params, storage, now }, { status }) {
    if (status !== 'Accepted') return;
    const reservation = await storage.reservations.get(params.reservationId);
    if (reservation) await storage.reservations.update(reservation.id, { status: 'Cancelled' }, now());
  },
};
