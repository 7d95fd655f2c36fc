import type { Request, Response } from '@levity/core';
import type { IdTagInfo, LocalListEntry } from '../types.js';

type SendLocalListStatus = Response<'SendLocalList'>['status'];

export interface LocalListLimits {
  /** LocalAuthListMaxLength: entries the list may hold. */
  readonly maxLength: number;
  /** SendLocalListMaxLength: entries one SendLocalList may carry. */
  readonly sendMaxLength: number;
}

const key = (idTag: string) => idTag.toLowerCase();

/**
 * The Local Authorization List (OCPP 1.6 §3.5, §5.15): a version and id tags with their
 * idTagInfo. Id tags compare case-insensitively (they are CiString20).
 */
export class LocalAuthList {
  #version = 0;
  #entries = new Map<string, LocalListEntry>();

  /** 0 while the list is empty and was never set (§5.10). */
  get version(): number {
    return this.#version;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(idTag: string): IdTagInfo | undefined {
    return this.#entries.get(key(idTag))?.idTagInfo;
  }

  entries(): LocalListEntry[] {
    return [...this.#entries.values()];
  }

  /**
   * Applies SendLocalList. A Full update replaces the list (every entry needs its
   * idTagInfo); a Differential one must carry a newer version than the list's, adds or
   * updates entries with idTagInfo and removes those without. Nothing changes unless
   * the answer is Accepted.
   */
  update(request: Request<'SendLocalList'>, limits: LocalListLimits): SendLocalListStatus {
    const entries = request.localAuthorizationList ?? [];
    if (entries.length > limits.sendMaxLength) return 'Failed';
    let next: Map<string, LocalListEntry>;
    if (request.updateType === 'Full') {
      if (entries.some((entry) => entry.idTagInfo === undefined)) return 'Failed';
      next = new Map(entries.map((entry) => [key(entry.idTag), entry]));
    } else {
      if (request.listVersion <= this.#version) return 'VersionMismatch';
      next = new Map(this.#entries);
      for (const entry of entries) {
        if (entry.idTagInfo === undefined) next.delete(key(entry.idTag));
        else next.set(key(entry.idTag), entry);
      }
    }
    if (next.size > limits.maxLength) return 'Failed';
    this.#entries = next;
    this.#version = request.listVersion;
    return 'Accepted';
  }
}

/** The Authorization Cache (OCPP 1.6 §3.4): the latest idTagInfo the central system gave for each tag. */
export class AuthorizationCache {
  readonly #entries = new Map<string, IdTagInfo>();

  get(idTag: string): IdTagInfo | undefined {
    return this.#entries.get(key(idTag));
  }

  remember(idTag: string, info: IdTagInfo): void {
    this.#entries.set(key(idTag), info);
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
