import { LevityError } from '../errors.js';

/**
 * The largest reservationId Levity assigns: OCPP 1.6 integers are 32-bit signed on
 * most charge points (the spec's `integer`, §7 "Types"), so an id above 2^31 − 1 is
 * refused or, worse, wrapped. A raw ReserveNow may still choose a larger id; assigned
 * ids never follow it up there.
 */
export const RESERVATION_ID_MAX = 2_147_483_647;

/**
 * Every reservationId from 1 to {@link RESERVATION_ID_MAX} is taken: there is no id left
 * to assign (code `LEVITY_ERR_CONFLICT`).
 */
export class ReservationIdsExhaustedError extends LevityError {
  constructor() {
    super(
      'LEVITY_ERR_CONFLICT',
      `Cannot assign a reservationId: every id from 1 to ${RESERVATION_ID_MAX} is taken; send ReserveNow with an explicit reservationId instead`,
    );
    this.name = 'ReservationIdsExhaustedError';
  }
}

/**
 * The reservationId to assign next, given the ids in use: one above the highest in use
 * up to {@link RESERVATION_ID_MAX} (so assigned ids keep increasing), or, when that one
 * is taken up to the top, the lowest id never used; `undefined` when none is free.
 * Storages with SQL compute the same with {@link NEXT_RESERVATION_ID_SQL}.
 *
 * @example
 * nextReservationId([1, 2, 3_000_000_000]); // 3
 * nextReservationId([RESERVATION_ID_MAX]); // 1
 */
export function nextReservationId(ids: Iterable<number>): number | undefined {
  const taken = new Set<number>();
  let highest = 0;
  for (const id of ids) {
    taken.add(id);
    if (id <= RESERVATION_ID_MAX && id > highest) highest = id;
  }
  if (highest < RESERVATION_ID_MAX) return highest + 1;
  for (let id = 1; id <= RESERVATION_ID_MAX; id++) if (!taken.has(id)) return id;
  return undefined;
}

/**
 * {@link nextReservationId} as one SQL query on the `reservation` table (SQLite and
 * PostgreSQL alike), answering one row `{ id }` (null when none is free). The fallback
 * reads every row, but only once ids up to the top are used, which a fleet never does
 * on its own.
 */
export const NEXT_RESERVATION_ID_SQL = `select coalesce(
  (select max(id) + 1 from reservation where id <= ${RESERVATION_ID_MAX} having coalesce(max(id), 0) < ${RESERVATION_ID_MAX}),
  (select 1 where not exists (select 1 from reservation where id = 1)),
  (select min(id) + 1 from reservation r where r.id between 1 and ${RESERVATION_ID_MAX - 1}
     and not exists (select 1 from reservation s where s.id = r.id + 1))
) as id`;
