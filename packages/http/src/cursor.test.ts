import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';

describe('cursors', () => {
  it('round-trip a position without server state', () => {
    const cursor = encodeCursor({ before: 42, after: 'ABC' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual({ before: 42, after: 'ABC' });
  });

  it.each([
    '',
    'nonsense',
    encodeCursor({}).slice(1),
    Buffer.from('[1]').toString('base64url'),
    Buffer.from('7').toString('base64url'),
  ])('decode %j to nothing or to an object', (cursor) => {
    const position = decodeCursor(cursor);
    expect(position === undefined || (typeof position === 'object' && !Array.isArray(position))).toBe(true);
  });
});
