// Named API tokens: their records and their repository, kept together.
import type { IsoTimestamp } from './records.js';

/**
 * What a token may do, least first: `read` every GET and the event stream; `operate`
 * also every write (commands, id tags, admission, passwords, security profiles);
 * `admin` also creates and revokes tokens. Each role includes the ones before it.
 */
export const API_TOKEN_ROLES = ['read', 'operate', 'admin'] as const;

export type ApiTokenRole = (typeof API_TOKEN_ROLES)[number];

/** One named token, without its secret (which Levity never keeps). */
export interface ApiTokenRecord {
  /** Assigned by the storage, never reused. */
  id: number;
  /** Unique (case-insensitively) among every token ever created, revoked ones included. */
  name: string;
  role: ApiTokenRole;
  createdAt: IsoTimestamp;
  /** When it last authenticated a request, to the minute; `null` when never. */
  lastUsedAt: IsoTimestamp | null;
  /** When it was revoked; `null` while it is valid. */
  revokedAt: IsoTimestamp | null;
}

/** A token as stored: the record and the SHA-256 of its secret (64 lower-case hex digits). */
export interface StoredApiToken extends ApiTokenRecord {
  secretHash: string;
}

export interface NewApiToken {
  name: string;
  role: ApiTokenRole;
  secretHash: string;
  createdAt: IsoTimestamp;
}

/** The API's named tokens (`api_token`). Revoked tokens stay, so that the command log's names keep meaning. */
export interface ApiTokenRepository {
  /** Adds the token; returns `undefined` (and changes nothing) when its name is taken, in any case. */
  create(token: NewApiToken): Promise<StoredApiToken | undefined>;
  get(id: number): Promise<StoredApiToken | undefined>;
  /** The token with that name, compared case-insensitively (ASCII). */
  findByName(name: string): Promise<StoredApiToken | undefined>;
  /** Every token, revoked ones included, by id. */
  list(): Promise<StoredApiToken[]>;
  /** Sets `revokedAt` unless it is set already; returns `undefined` when no token has that id. */
  revoke(id: number, at: IsoTimestamp): Promise<StoredApiToken | undefined>;
  /** Records a use: `lastUsedAt` becomes `at` unless it is later already. */
  touch(id: number, at: IsoTimestamp): Promise<void>;
}
