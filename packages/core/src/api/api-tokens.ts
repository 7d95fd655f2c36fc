import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { LevityError } from '../errors.js';
import type { ApiTokenRecord, ApiTokenRole, StoredApiToken } from '../storage/api-tokens.js';
import { API_TOKEN_ROLES } from '../storage/api-tokens.js';
import type { Storage } from '../storage/storage.js';
import { nowIso } from '../time.js';

/** A token as `create` returns it: the record and, this once, the token itself. */
export interface CreatedApiToken extends ApiTokenRecord {
  /** `lvt_<id>_<secret>`: send it as `Authorization: Bearer <token>`. Levity keeps only a hash. */
  token: string;
}

/** Why a presented token authenticates nobody. */
export type ApiTokenFailure =
  /** Not shaped like a token `create` issues. */
  | 'malformed'
  /** Shaped like one, but no token has its id. */
  | 'unknown'
  /** Its token was revoked. */
  | 'revoked'
  /** The id exists but the secret is not its secret. */
  | 'mismatch';

/** What `authenticate` found out about a presented token. */
export type ApiTokenCheck =
  | { readonly valid: true; readonly token: ApiTokenRecord }
  | {
      readonly valid: false;
      readonly reason: ApiTokenFailure;
      /** The id the token names, when it is shaped like one (ids are not secret). */
      readonly tokenId: number | null;
    };

/**
 * Named tokens for the HTTP API, each with a role (`read`, `operate`, `admin`). The
 * secret is shown once, by `create`; Levity keeps only its SHA-256.
 *
 * @example
 * const { token } = await cs.apiTokens.create({ name: 'grafana', role: 'read' });
 * await cs.apiTokens.list(); // [{ id: 1, name: 'grafana', role: 'read', lastUsedAt: null, … }]
 * await cs.apiTokens.revoke('grafana');
 */
export interface ApiTokensApi {
  /**
   * Creates a token and returns it with its secret, which cannot be read again.
   * @throws LevityError `LEVITY_ERR_INVALID_ARGUMENT` for a bad name or role
   * @throws LevityError `LEVITY_ERR_CONFLICT` when the name was ever used (revoked tokens keep theirs)
   */
  create(token: { name: string; role: ApiTokenRole }): Promise<CreatedApiToken>;
  /** Every token, revoked ones included (with `revokedAt`), by id. Never a secret. */
  list(): Promise<ApiTokenRecord[]>;
  /** By id (a number) or name (a string, case-insensitively). */
  get(idOrName: number | string): Promise<ApiTokenRecord | undefined>;
  /**
   * Revokes the token (by id or name) at once; revoking it again changes nothing.
   * @throws LevityError `LEVITY_ERR_NOT_FOUND` when no token has that id or name
   */
  revoke(idOrName: number | string): Promise<ApiTokenRecord>;
  /**
   * Checks a presented token in time that does not depend on how much of its secret is
   * right, and records the use (`lastUsedAt`, at most once a minute).
   */
  authenticate(presented: string): Promise<ApiTokenCheck>;
}

/** A token: `lvt_`, its id, `_`, and 256 random bits in base64url (43 characters). */
const TOKEN = /^lvt_([1-9][0-9]{0,15})_([A-Za-z0-9_-]{43})$/;
/** Letters, digits, `.`, `_` and `-`, starting with a letter: never all digits, so never mistaken for an id. */
const NAME = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/;
/** `lastUsedAt` is written at most this often per token, so that reads stay reads. */
const TOUCH_INTERVAL_MS = 60_000;

// SHA-256, not a slow password hash: the secret is 256 random bits, so nobody can guess
// it from the hash however fast the hash is, while every API request checks one.
const hashOf = (secret: string): Buffer => createHash('sha256').update(secret).digest();

/** Whether a token with role `held` may do what needs `needed`. */
export function roleAllows(held: ApiTokenRole, needed: ApiTokenRole): boolean {
  return API_TOKEN_ROLES.indexOf(held) >= API_TOKEN_ROLES.indexOf(needed);
}

const publicRecord = ({ secretHash: _secret, ...record }: StoredApiToken): ApiTokenRecord => record;

function invalid(message: string): LevityError {
  return new LevityError('LEVITY_ERR_INVALID_ARGUMENT', message);
}

export function createApiTokensApi(storage: Storage, clock: () => Date): ApiTokensApi {
  const find = async (idOrName: number | string) => {
    if (typeof idOrName === 'number') {
      return Number.isSafeInteger(idOrName) ? storage.apiTokens.get(idOrName) : undefined;
    }
    if (typeof idOrName === 'string') return storage.apiTokens.findByName(idOrName);
    throw invalid(`expected a token id (number) or name (string), got ${JSON.stringify(idOrName)}`);
  };

  return {
    async create(input) {
      const { name, role } = input ?? {};
      if (typeof name !== 'string' || !NAME.test(name)) {
        throw invalid(
          `name must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter; got ${JSON.stringify(name)}`,
        );
      }
      if (!API_TOKEN_ROLES.includes(role)) {
        throw invalid(`role must be one of ${API_TOKEN_ROLES.join(', ')}; got ${JSON.stringify(role)}`);
      }
      const secret = randomBytes(32).toString('base64url');
      const stored = await storage.apiTokens.create({
        name,
        role,
        secretHash: hashOf(secret).toString('hex'),
        createdAt: nowIso(clock),
      });
      if (!stored) {
        throw new LevityError(
          'LEVITY_ERR_CONFLICT',
          `A token named "${name}" exists or existed; names are never reused, so that the command log stays unambiguous: pick another`,
        );
      }
      return { ...publicRecord(stored), token: `lvt_${stored.id}_${secret}` };
    },
    async list() {
      return (await storage.apiTokens.list()).map(publicRecord);
    },
    async get(idOrName) {
      const stored = await find(idOrName);
      return stored && publicRecord(stored);
    },
    async revoke(idOrName) {
      const stored = await find(idOrName);
      const revoked = stored && (await storage.apiTokens.revoke(stored.id, nowIso(clock)));
      if (!revoked) {
        throw new LevityError(
          'LEVITY_ERR_NOT_FOUND',
          `No token has the id or name ${JSON.stringify(idOrName)}`,
        );
      }
      return publicRecord(revoked);
    },
    async authenticate(presented) {
      const match = typeof presented === 'string' ? TOKEN.exec(presented) : null;
      const [, digits, secret] = match ?? [];
      const id = Number(digits);
      if (digits === undefined || secret === undefined || !Number.isSafeInteger(id)) {
        return { valid: false, reason: 'malformed', tokenId: null };
      }
      const stored = await storage.apiTokens.get(id);
      if (!stored) return { valid: false, reason: 'unknown', tokenId: id };
      const expected = Buffer.from(stored.secretHash, 'hex');
      const actual = hashOf(secret);
      if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
        return { valid: false, reason: 'mismatch', tokenId: id };
      }
      if (stored.revokedAt !== null) return { valid: false, reason: 'revoked', tokenId: id };
      const now = clock();
      const last = stored.lastUsedAt === null ? Number.NEGATIVE_INFINITY : Date.parse(stored.lastUsedAt);
      let { lastUsedAt } = stored;
      if (now.getTime() - last >= TOUCH_INTERVAL_MS) {
        lastUsedAt = now.toISOString();
        await storage.apiTokens.touch(id, lastUsedAt);
      }
      return { valid: true, token: { ...publicRecord(stored), lastUsedAt } };
    },
  };
}
