import type { ApiTokenRepository, NewApiToken, StoredApiToken } from '../api-tokens.js';
import { copy, foldCase, later } from './shared.js';
import type { UndoLog } from './undo-log.js';

/** `ApiTokenRepository` in a map by id; names compare case-insensitively, as SQLite's NOCASE. */
export class MemoryApiTokens implements ApiTokenRepository {
  readonly #rows = new Map<number, StoredApiToken>();
  #nextId = 1;
  readonly #log: UndoLog;

  constructor(log: UndoLog) {
    this.#log = log;
  }

  async create(token: NewApiToken) {
    if (await this.findByName(token.name)) return undefined;
    const row: StoredApiToken = {
      id: this.#nextId++,
      name: token.name,
      role: token.role,
      secretHash: token.secretHash,
      createdAt: token.createdAt,
      lastUsedAt: null,
      revokedAt: null,
    };
    const nextId = this.#nextId;
    this.#log.onRollback(() => {
      this.#nextId = nextId;
    });
    this.#log.entry(this.#rows, row.id);
    this.#rows.set(row.id, row);
    return copy(row);
  }

  async get(id: number) {
    const row = this.#rows.get(id);
    return row && copy(row);
  }

  async findByName(name: string) {
    const wanted = foldCase(name);
    for (const row of this.#rows.values()) if (foldCase(row.name) === wanted) return copy(row);
    return undefined;
  }

  async list() {
    return [...this.#rows.values()].sort((a, b) => a.id - b.id).map(copy);
  }

  async revoke(id: number, at: string) {
    const row = this.#rows.get(id);
    if (!row) return undefined;
    this.#log.entry(this.#rows, id);
    row.revokedAt ??= at;
    return copy(row);
  }

  async touch(id: number, at: string) {
    const row = this.#rows.get(id);
    if (!row) return;
    this.#log.entry(this.#rows, id);
    row.lastUsedAt = later(row.lastUsedAt, at);
  }
}
