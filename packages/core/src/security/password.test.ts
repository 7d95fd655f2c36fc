import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from './password-hash.js';
import {
  authorizationKeyOf,
  generatePassword,
  passwordOfAuthorizationKey,
  passwordProblem,
} from './password-rules.js';

describe('password hashes', () => {
  it('verify the password they were made from, and no other, with a fresh salt each time', async () => {
    const first = await hashPassword('sixteen-chars-ok');
    const second = await hashPassword('sixteen-chars-ok');
    expect(first).not.toBe(second);
    expect(await verifyPassword('sixteen-chars-ok', first)).toBe(true);
    expect(await verifyPassword(Buffer.from('sixteen-chars-ok'), second)).toBe(true);
    expect(await verifyPassword('sixteen-chars-no', first)).toBe(false);
  });

  it('keep their parameters, so older, weaker ones still verify and are marked for rehashing', async () => {
    const current = await hashPassword('sixteen-chars-ok');
    expect(needsRehash(current)).toBe(false);
    // The same password hashed with N = 2^10 (made with these parameters by node:crypto).
    const { scryptSync } = await import('node:crypto');
    const salt = Buffer.from('0123456789abcdef');
    const weak = `scrypt$ln=10,r=8,p=1$${salt.toString('base64')}$${scryptSync('sixteen-chars-ok', salt, 32, { N: 1024 }).toString('base64')}`;
    expect(await verifyPassword('sixteen-chars-ok', weak)).toBe(true);
    expect(needsRehash(weak)).toBe(true);
  });

  it('match nothing when malformed or asking for unbounded memory', async () => {
    expect(await verifyPassword('x', 'plain text')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$ln=40,r=8,p=1$c2FsdA==$aGFzaA==')).toBe(false);
    expect(needsRehash('plain text')).toBe(true);
  });
});

describe('password rules (whitepaper A00.FR.205)', () => {
  it('take 16 to 20 bytes without control characters', () => {
    expect(passwordProblem('sixteen-chars-ok')).toBeUndefined();
    expect(passwordProblem('twenty-characters-ok')).toBeUndefined();
    expect(passwordProblem('fifteen-chars-x')).toMatch(/16 to 20 bytes long .*it has 15/);
    expect(passwordProblem('ääääääääää!')).toMatch(/it has 21/);
    expect(passwordProblem('sixteen\tchars-ok')).toMatch(/control characters/);
    expect(passwordProblem(new Uint8Array(20).fill(0))).toBeUndefined();
  });

  it('generate 20 letters and digits that pass them', () => {
    const password = generatePassword();
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(passwordProblem(password)).toBeUndefined();
    expect(generatePassword()).not.toBe(password);
  });

  it('carry a password as the hexadecimal AuthorizationKey and back', () => {
    expect(authorizationKeyOf('sixteen-chars-ok')).toBe('7369787465656e2d63686172732d6f6b');
    expect(passwordOfAuthorizationKey('7369787465656E2D63686172732D6F6B')?.toString()).toBe(
      'sixteen-chars-ok',
    );
    expect(passwordOfAuthorizationKey('73697874')).toBeUndefined();
    expect(passwordOfAuthorizationKey('zz69787465656e2d63686172732d6f6b')).toBeUndefined();
    expect(passwordOfAuthorizationKey('7'.repeat(42))).toBeUndefined();
  });
});
