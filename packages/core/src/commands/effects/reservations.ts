import type { ReservationReplacement } from '../../storage/records.js';
import { toUtcIso } from '../../time.js';
import type { CommandEffect } from '../effect.js';

/**
 * ReserveNow (OCPP 1.6 §5.13): the reservation is recorded before it is sent, so that its
 * id exists; the charge point's answer becomes its status, and no answer marks it Failed.
 * A ReserveNow with the reservationId of one of this charge point's reservations replaces
 * that reservation (connector, id tag, parent id tag, expiry), as the charge point does.
 */
export const reserveNow: CommandEffect<'ReserveNow'> = {
  async before({ chargePointId, params, storage, now, logger }) {
    const reservation = {
      connectorId: params.connectorId,
      idTag: params.idTag,
      parentIdTag: params.parentIdTag ?? null,
      expiryDate: toUtcIso(params.expiryDate),
    };
    const existing = await storage.reservations.get(params.reservationId);
    if (existing === undefined) {
      await storage.reservations.create({
        id: params.reservationId,
        chargePointId,
        ...reservation,
        createdAt: now(),
      });
      return;
    }
    // Just created by `reserve` for this very call: nothing to replace.
    if (
      existing.chargePointId === chargePointId &&
      existing.status === 'Requested' &&
      sameAs(existing, reservation)
    )
      return;
    if (existing.chargePointId !== chargePointId) {
      // Reservation ids are one sequence across charge points: another's is left alone.
      logger.warn(
        { reservationId: params.reservationId, owner: existing.chargePointId },
        'ReserveNow names a reservationId of another charge point; that reservation is left as it is',
      );
      return;
    }
    await storage.reservations.replace(existing.id, reservation, now());
  },
  async answered({ chargePointId, params, storage, now }, { status }) {
    const reservation = await storage.reservations.get(params.reservationId);
    if (reservation?.chargePointId === chargePointId)
      await storage.reservations.update(reservation.id, { status }, now());
  },
  async failed({ chargePointId, params, storage, now }) {
    const reservation = await storage.reservations.get(params.reservationId);
    if (reservation?.chargePointId === chargePointId && reservation.status === 'Requested')
      await storage.reservations.update(reservation.id, { status: 'Failed' }, now());
  },
};

function sameAs(record: ReservationReplacement, replacement: ReservationReplacement): boolean {
  return (
    record.connectorId === replacement.connectorId &&
    record.idTag === replacement.idTag &&
    record.parentIdTag === replacement.parentIdTag &&
    record.expiryDate === replacement.expiryDate
  );
}

/** CancelReservation (OCPP 1.6 §5.1): an accepted cancellation ends the reservation. */
export const cancelReservation: CommandEffect<'CancelReservation'> = {
  async answered({ params, storage, now }, { status }) {
    if (status !== 'Accepted') return;
    const reservation = await storage.reservations.get(params.reservationId);
    if (reservation) await storage.reservations.update(reservation.id, { status: 'Cancelled' }, now());
  },
};
