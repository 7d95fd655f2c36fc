import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * The cost of new hashes: scrypt with N = 2^15, r = 8, p = 1 (32 MiB, tens of ms), the
 * RFC 7914 interactive setting. Each hash keeps the parameters that made it, so raising
 * these later changes only new hashes, and `needsRehash` tells which old ones to redo.
 */
export const PASSWORD_HASH_PARAMETERS = { logN: 15, r: 8, p: 1 } as const;

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const FORMAT =
  /^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

interface ParsedHash {
  logN: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function parse(stored: string): ParsedHash | undefined {
  const match = FORMAT.exec(stored);
  if (!match) return undefined;
  const [, logN, r, p, salt, hash] = match;
  return {
    logN: Number(logN),
    r: Number(r),
    p: Number(p),
    salt: Buffer.from(salt as string, 'base64'),
    hash: Buffer.from(hash as string, 'base64'),
  };
}

function derive(
  password: Uint8Array,
  salt: Uint8Array,
  { logN, r, p }: { logN: number; r: number; p: number },
) {
  const N = 2 ** logN;
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

const bytesOf = (password: string | Uint8Array) =>
  typeof password === 'string' ? Buffer.from(password, 'utf8') : password;

/**
 * A slow salted hash of a password (whitepaper A01.FR.08: store only salted hashes), as
 * text with its algorithm and parameters: `scrypt$ln=15,r=8,p=1$<salt>$<hash>` (base64).
 *
 * @example
 * const stored = await hashPassword('0123456789abcdef');
 * await verifyPassword('0123456789abcdef', stored); // true
 */
export async function hashPassword(password: string | Uint8Array): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const { logN, r, p } = PASSWORD_HASH_PARAMETERS;
  const hash = await derive(bytesOf(password), salt, PASSWORD_HASH_PARAMETERS);
  return `scrypt$ln=${logN},r=${r},p=${p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Whether `password` is the one `stored` was made from; compared in constant time. A malformed hash matches nothing. */
export async function verifyPassword(password: string | Uint8Array, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  // Parameters outside what scrypt can do in bounded memory are treated as no match.
  if (!parsed || parsed.logN < 1 || parsed.logN > 20 || parsed.r < 1 || parsed.p < 1) return false;
  const candidate = await derive(bytesOf(password), parsed.salt, parsed);
  return candidate.length === parsed.hash.length && timingSafeEqual(candidate, parsed.hash);
}

/** Whether `stored` was made with weaker parameters than new hashes get. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  if (!parsed) return true;
  const { logN, r, p } = PASSWORD_HASH_PARAMETERS;
  return parsed.logN < logN || parsed.r < r || parsed.p < p;
}
