import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isPostgresUrl } from './database.js';

const MEMORY = ':memory:';

/**
 * Where the API token of a database is kept: `<db>.token` beside an SQLite file, or
 * `levity.token` in the working directory when there is no file to sit beside (an
 * in-memory database, or a PostgreSQL URL).
 *
 * @example tokenFileFor('data/levity.db') // '/abs/data/levity.db.token'
 * @example tokenFileFor('postgres://db/levity') // '/abs/cwd/levity.token'
 */
export function tokenFileFor(db: string): string {
  return db === MEMORY || isPostgresUrl(db) ? resolve('levity.token') : resolve(`${db}.token`);
}

/** The token in a token file (its first line, trimmed), or undefined when the file does not exist. */
export function readTokenFile(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read the API token file ${file}: ${(error as Error).message}`, { cause: error });
  }
  const token = text.split('\n')[0]?.trim() ?? '';
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new Error(`the API token file ${file} holds no token; delete it to have a new one generated`);
  }
  return token;
}

export interface StoredToken {
  readonly token: string;
  readonly file: string;
  /** Whether it was generated now (first start). */
  readonly created: boolean;
  /** Whether others than the owner may read the file (it should be 0600). */
  readonly exposed: boolean;
}

/**
 * The token in `file`, or a new random one (256 bits, base64url) written there with mode
 * 0600 when the file does not exist yet.
 *
 * @throws Error with a one-line message when the file cannot be read or written.
 */
export function loadOrCreateToken(file: string): StoredToken {
  const existing = readTokenFile(file);
  if (existing !== undefined) {
    return { token: existing, file, created: false, exposed: (statSync(file).mode & 0o077) !== 0 };
  }
  const token = randomBytes(32).toString('base64url');
  try {
    // 'wx': never overwrite a token another process wrote meanwhile.
    writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateToken(file);
    throw new Error(`cannot write the API token file ${file}: ${(error as Error).message}`, { cause: error });
  }
  return { token, file, created: true, exposed: false };
}
