import { findRemoteStart } from '../commands/links.js';
import type { TransactionRecord } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';
import { runUnitOfWork } from '../storage/unit-of-work.js';
import { toUtcIso } from '../time.js';
import { checkConnectorId } from './connector-id.js';
import type { DefaultHandler } from './handler.js';

/**
 * OCPP 1.6 §4.8: always answers an integer transactionId with idTagInfo, also when
 * the tag is refused (the charger then stops the transaction as DeAuthorized, so it
 * must exist). A StartTransaction retried after a lost answer carries the same
 * connector, tag, meterStart and timestamp: it gets the same transactionId back and
 * creates no second row. Message ids are no dedupe key (unique per connection only).
 */
export const startTransaction: DefaultHandler<'StartTransaction'> = async (
  { chargePointId, params, storage, receivedAt, logger },
  deps,
) => {
  checkConnectorId(params.connectorId);
  const key = {
    chargePointId,
    connectorId: params.connectorId,
    idTag: params.idTag,
    meterStart: params.meterStart,
    startedAt: toUtcIso(params.timestamp),
  };
  const retried = await storage.transactions.findByStart(key);
  if (retried) return answerRetry(retried);
  // Decided outside the unit of work: a policy may be slow (it is the operator's code).
  const idTagInfo = await deps.authorize({
    chargePointId,
    idTag: params.idTag,
    reason: 'StartTransaction',
    connectorId: params.connectorId,
  });
  const remoteStartCommandId = await findRemoteStart(storage, { ...key, receivedAt });
  const outcome = await runUnitOfWork(storage, async (unit) => {
    // Checked again inside the unit: the same start may have been stored meanwhile
    // (through another connection of the charge point, or another node).
    const stored = await unit.transactions.findByStart(key);
    if (stored) return { transaction: stored, retried: true, superseded: [] };
    const transaction = await unit.transactions.start({
      ...key,
      idTagStatus: idTagInfo.status,
      reservationId: params.reservationId ?? null,
      remoteStartCommandId,
      receivedAt,
    });
    if (params.reservationId !== undefined)
      await useReservation(unit, transaction, params.reservationId, receivedAt);
    // A refused start must never close or corrupt a live transaction.
    const superseded =
      idTagInfo.status === 'Accepted' ? await closeSuperseded(unit, transaction, receivedAt) : [];
    return { transaction, retried: false, superseded };
  });
  const { transaction, retried: storedMeanwhile, superseded } = outcome;
  if (storedMeanwhile) return answerRetry(transaction);
  if (superseded.length > 0) {
    logger.warn(
      { transactionId: transaction.id, superseded },
      'a new transaction superseded an open one on its connector',
    );
  }
  return { transactionId: transaction.id, idTagInfo };
};

/** A retried start gets the id (and the decision) its first delivery got. */
function answerRetry(transaction: TransactionRecord) {
  return { transactionId: transaction.id, idTagInfo: { status: transaction.idTagStatus ?? 'Accepted' } };
}

/**
 * One connector has one session at a time: when a start arrives while another is open
 * on the same connector, the one that started earlier (by the charge point's clock, as
 * offline queues deliver late) is closed at the later one's start and flagged
 * `Superseded`, without inventing a meterStop. Returns the ids it closed.
 */
async function closeSuperseded(storage: Storage, started: TransactionRecord, at: string): Promise<number[]> {
  if (started.connectorId === null || started.startedAt === null) return [];
  const open = await storage.transactions.listActive(started.chargePointId, started.connectorId);
  const others = open.filter(
    (transaction) => transaction.id !== started.id && transaction.startedAt !== null,
  );
  if (others.length === 0) return [];
  const closed: number[] = [];
  const newest = others.reduce((a, b) => ((a.startedAt ?? '') >= (b.startedAt ?? '') ? a : b));
  for (const other of others) {
    if ((other.startedAt ?? '') <= started.startedAt) {
      await storage.transactions.flag(other.id, {
        attention: 'Superseded',
        at,
        stoppedAt: started.startedAt,
      });
      closed.push(other.id);
    }
  }
  // The start that just arrived is itself older than a session already open: it was
  // queued offline and has ended since.
  if ((newest.startedAt ?? '') > started.startedAt) {
    await storage.transactions.flag(started.id, {
      attention: 'Superseded',
      at,
      stoppedAt: newest.startedAt ?? started.startedAt,
    });
    closed.push(started.id);
  }
  return closed;
}

/** OCPP 1.6 §5.13: a StartTransaction carrying a reservationId consumes that reservation. */
async function useReservation(
  storage: Storage,
  transaction: TransactionRecord,
  reservationId: number,
  at: string,
) {
  const reservation = await storage.reservations.get(reservationId);
  if (!reservation || reservation.chargePointId !== transaction.chargePointId) return;
  if (reservation.status !== 'Accepted' && reservation.status !== 'Requested') return;
  await storage.reservations.update(reservationId, { status: 'Used', transactionId: transaction.id }, at);
}
