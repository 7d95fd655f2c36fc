import { LevityError } from '../errors.js';
import type { Request, Response } from '../ocpp16/actions.js';
import { asciiLowerCase } from '../ocpp16/ci-string.js';
import type { IdTagRecord, LocalListEntry, ReservationRecord } from '../storage/records.js';
import { nowIso, toUtcIso } from '../time.js';
import type { CallOptions, ChargePointHandle, ChargePointHandleDependencies } from './charge-point-handle.js';

export interface ReservationRequest {
  connectorId: number;
  idTag: string;
  parentIdTag?: string;
  /** ISO 8601 with any offset, or a Date. */
  expiryDate: string | Date;
}

export interface LocalListUpdate {
  updateType: 'Full' | 'Differential';
}

export async function reserve(
  handle: ChargePointHandle,
  { storage, clock }: ChargePointHandleDependencies,
  request: ReservationRequest,
  options?: CallOptions,
): Promise<ReservationRecord> {
  let expiryDate: string;
  try {
    expiryDate = toUtcIso(
      request.expiryDate instanceof Date ? request.expiryDate.toISOString() : request.expiryDate,
    );
  } catch {
    throw new LevityError('LEVITY_ERR_INVALID_ARGUMENT', `expiryDate must be an ISO 8601 date-time`);
  }
  const reservation = await storage.reservations.create({
    chargePointId: handle.id,
    connectorId: request.connectorId,
    idTag: request.idTag,
    parentIdTag: request.parentIdTag ?? null,
    expiryDate,
    createdAt: nowIso(clock),
  });
  const params: Request<'ReserveNow'> = {
    connectorId: request.connectorId,
    expiryDate,
    idTag: request.idTag,
    reservationId: reservation.id,
    ...(request.parentIdTag !== undefined ? { parentIdTag: request.parentIdTag } : {}),
  };
  // The journal records the answer (or the failure) as the reservation's status.
  await handle.call('ReserveNow', params, options);
  return (await storage.reservations.get(reservation.id)) ?? reservation;
}

type SentEntry = NonNullable<Request<'SendLocalList'>['localAuthorizationList']>[number];

function entryOf(tag: IdTagRecord): LocalListEntry {
  return {
    idTag: tag.idTag,
    idTagInfo: { status: tag.status, expiryDate: tag.expiryDate, parentIdTag: tag.parentIdTag },
  };
}

function toSent(entry: LocalListEntry): SentEntry {
  const { status, expiryDate, parentIdTag } = entry.idTagInfo;
  return {
    idTag: entry.idTag,
    idTagInfo: {
      status,
      ...(expiryDate !== null ? { expiryDate } : {}),
      ...(parentIdTag !== null ? { parentIdTag } : {}),
    },
  };
}

const sameInfo = (a: LocalListEntry, b: LocalListEntry) =>
  a.idTagInfo.status === b.idTagInfo.status &&
  a.idTagInfo.expiryDate === b.idTagInfo.expiryDate &&
  a.idTagInfo.parentIdTag === b.idTagInfo.parentIdTag;

/** All tags of the id-tag store, page by page. */
async function allIdTags(storage: ChargePointHandleDependencies['storage']): Promise<IdTagRecord[]> {
  const tags: IdTagRecord[] = [];
  for (let after: string | undefined; ; ) {
    const page = await storage.idTags.list({ limit: 1000, ...(after !== undefined ? { after } : {}) });
    tags.push(...page);
    if (page.length < 1000) return tags;
    after = page[page.length - 1]?.idTag;
  }
}

/**
 * The SendLocalList request that brings the charge point's list in line with the
 * id-tag store (OCPP 1.6 §3.5.3, §5.15).
 */
export function localListRequest(
  updateType: LocalListUpdate['updateType'],
  tags: readonly IdTagRecord[],
  held: { version: number; entries: readonly LocalListEntry[] } | undefined,
): Request<'SendLocalList'> {
  const wanted = tags.map(entryOf);
  const listVersion = (held?.version ?? 0) + 1;
  if (updateType === 'Full') return { listVersion, updateType, localAuthorizationList: wanted.map(toSent) };
  const key = asciiLowerCase;
  const heldByTag = new Map((held?.entries ?? []).map((entry) => [key(entry.idTag), entry]));
  const wantedTags = new Set(wanted.map((entry) => key(entry.idTag)));
  const changed = wanted.filter((entry) => {
    const before = heldByTag.get(key(entry.idTag));
    return !before || !sameInfo(before, entry);
  });
  const removed = (held?.entries ?? []).filter((entry) => !wantedTags.has(key(entry.idTag)));
  return {
    listVersion,
    updateType,
    localAuthorizationList: [...changed.map(toSent), ...removed.map((entry) => ({ idTag: entry.idTag }))],
  };
}

export async function sendLocalList(
  handle: ChargePointHandle,
  { storage }: ChargePointHandleDependencies,
  { updateType }: LocalListUpdate,
  options?: CallOptions,
): Promise<Response<'SendLocalList'>> {
  if (updateType !== 'Full' && updateType !== 'Differential') {
    throw new LevityError('LEVITY_ERR_INVALID_ARGUMENT', 'updateType must be Full or Differential');
  }
  const [tags, held] = await Promise.all([allIdTags(storage), storage.localLists.get(handle.id)]);
  return handle.call('SendLocalList', localListRequest(updateType, tags, held), options);
}
