import { LevityError } from '../errors.js';
import type { IdTagFilter, IdTagPatch, IdTagRecord, IdTagStatus } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';
import { nowIso, toUtcIso } from '../time.js';

const STATUSES: readonly IdTagStatus[] = ['Accepted', 'Blocked', 'Expired', 'Invalid'];

/** An id tag as you add it: only `idTag` is required; `status` defaults to Accepted. */
export interface IdTagInput {
  idTag: string;
  status?: IdTagStatus;
  /** After this time the tag answers Expired (ISO 8601 with any offset, or a Date). */
  expiryDate?: string | Date | null;
  parentIdTag?: string | null;
  note?: string | null;
}

export type IdTagChanges = Omit<IdTagInput, 'idTag'>;

/**
 * The id-tag store, which the `id-tags` authorization policy reads. Tags are
 * CiString20 (OCPP 1.6 §7.22): at most 20 characters, compared case-insensitively.
 *
 * @example
 * await cs.idTags.add({ idTag: 'ABC123', expiryDate: '2026-12-31T23:59:59Z', parentIdTag: 'FLEET-1' });
 * await cs.idTags.block('ABC123');
 */
export interface IdTagsApi {
  /** @throws LevityError `LEVITY_ERR_CONFLICT` when the tag exists (in any case). */
  add(tag: IdTagInput): Promise<IdTagRecord>;
  /** @throws LevityError `LEVITY_ERR_NOT_FOUND` when the tag does not exist. */
  update(idTag: string, changes: IdTagChanges): Promise<IdTagRecord>;
  /** Sets the status to Blocked. @throws LevityError `LEVITY_ERR_NOT_FOUND` */
  block(idTag: string): Promise<IdTagRecord>;
  /** Returns whether a tag was removed. */
  remove(idTag: string): Promise<boolean>;
  get(idTag: string): Promise<IdTagRecord | undefined>;
  list(filter?: IdTagFilter): Promise<IdTagRecord[]>;
}

function invalid(message: string): LevityError {
  return new LevityError('LEVITY_ERR_INVALID_ARGUMENT', message);
}

function checkTag(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 20) {
    throw invalid(
      `${name} must be a string of 1 to 20 characters (CiString20), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function toPatch(changes: IdTagChanges): IdTagPatch {
  const patch: IdTagPatch = {};
  if (changes.status !== undefined) {
    if (!STATUSES.includes(changes.status)) throw invalid(`status must be one of ${STATUSES.join(', ')}`);
    patch.status = changes.status;
  }
  if (changes.expiryDate !== undefined) {
    const { expiryDate } = changes;
    if (expiryDate === null) patch.expiryDate = null;
    else {
      try {
        patch.expiryDate = toUtcIso(expiryDate instanceof Date ? expiryDate.toISOString() : expiryDate);
      } catch {
        throw invalid(`expiryDate must be an ISO 8601 date-time, got ${JSON.stringify(expiryDate)}`);
      }
    }
  }
  if (changes.parentIdTag !== undefined) {
    patch.parentIdTag = changes.parentIdTag === null ? null : checkTag('parentIdTag', changes.parentIdTag);
  }
  if (changes.note !== undefined) {
    if (changes.note !== null && (typeof changes.note !== 'string' || changes.note.length > 1000)) {
      throw invalid('note must be a string of at most 1000 characters');
    }
    patch.note = changes.note;
  }
  return patch;
}

export function createIdTagsApi(storage: Storage, clock: () => Date): IdTagsApi {
  const notFound = (idTag: string) =>
    new LevityError('LEVITY_ERR_NOT_FOUND', `Id tag "${idTag}" does not exist; add it first`);
  const api: IdTagsApi = {
    async add(tag) {
      const idTag = checkTag('idTag', tag?.idTag);
      const patch = toPatch(tag);
      const added = await storage.idTags.add(
        {
          idTag,
          status: patch.status ?? 'Accepted',
          expiryDate: patch.expiryDate ?? null,
          parentIdTag: patch.parentIdTag ?? null,
          note: patch.note ?? null,
        },
        nowIso(clock),
      );
      if (!added)
        throw new LevityError('LEVITY_ERR_CONFLICT', `Id tag "${idTag}" exists already; update it instead`);
      return added;
    },
    async update(idTag, changes) {
      const updated = await storage.idTags.update(
        checkTag('idTag', idTag),
        toPatch(changes ?? {}),
        nowIso(clock),
      );
      if (!updated) throw notFound(idTag);
      return updated;
    },
    block(idTag) {
      return api.update(idTag, { status: 'Blocked' });
    },
    remove(idTag) {
      return storage.idTags.remove(checkTag('idTag', idTag));
    },
    get(idTag) {
      return storage.idTags.get(idTag);
    },
    list(filter) {
      return storage.idTags.list(filter);
    },
  };
  return api;
}
