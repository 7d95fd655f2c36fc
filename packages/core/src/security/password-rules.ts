import { randomInt } from 'node:crypto';

/** Shortest and longest password, in bytes: whitepaper A00.FR.205 (16 bytes minimum, 20 maximum). */
export const PASSWORD_MIN_BYTES = 16;
export const PASSWORD_MAX_BYTES = 20;

/**
 * Why `password` breaks the rules for a charge point's Basic auth password, or
 * `undefined` when it is fine. Whitepaper A00.FR.205: 16 to 20 bytes, since the
 * AuthorizationKey holds at most 40 hexadecimal digits. As text (UTF-8) it must not
 * contain control characters: RFC 7617 passwords are TEXT, and a charge point's
 * settings page cannot take them. Binary keys are set as bytes through the library.
 *
 * @example
 * passwordProblem('short'); // 'the password must be 16 to 20 bytes long (whitepaper A00.FR.205); it has 5'
 */
export function passwordProblem(password: string | Uint8Array): string | undefined {
  const bytes = typeof password === 'string' ? Buffer.byteLength(password, 'utf8') : password.length;
  if (bytes < PASSWORD_MIN_BYTES || bytes > PASSWORD_MAX_BYTES) {
    return `the password must be ${PASSWORD_MIN_BYTES} to ${PASSWORD_MAX_BYTES} bytes long (whitepaper A00.FR.205); it has ${bytes}`;
  }
  if (typeof password === 'string' && /[\p{Cc}]/u.test(password)) {
    return 'the password must not contain control characters (RFC 7617 passwords are text)';
  }
  return undefined;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A new random password: 20 letters and digits (about 119 bits), the longest the
 * whitepaper allows, and typeable into any charge point's settings.
 */
export function generatePassword(): string {
  let password = '';
  for (let i = 0; i < PASSWORD_MAX_BYTES; i++) password += ALPHABET[randomInt(ALPHABET.length)];
  return password;
}

/**
 * The AuthorizationKey configuration value for a password: its bytes as hexadecimal
 * digits (whitepaper A00.FR.205, "hexadecimal represented").
 *
 * @example
 * authorizationKeyOf('0123456789abcdef'); // '30313233343536373839616263646566'
 */
export function authorizationKeyOf(password: string | Uint8Array): string {
  return Buffer.from(typeof password === 'string' ? Buffer.from(password, 'utf8') : password).toString('hex');
}

/** The password an AuthorizationKey value stands for, or `undefined` when it is not 32 to 40 hex digits. */
export function passwordOfAuthorizationKey(value: string): Buffer | undefined {
  if (!/^(?:[0-9A-Fa-f]{2}){16,20}$/.test(value)) return undefined;
  return Buffer.from(value, 'hex');
}
