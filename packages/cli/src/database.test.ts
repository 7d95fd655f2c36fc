import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tokenFileFor } from './api-token.js';
import { isPostgresUrl } from './database.js';

describe('isPostgresUrl', () => {
  it.each([
    ['postgres://levity:pw@db:5432/levity', true],
    ['postgresql://db/levity?sslmode=require', true],
    ['POSTGRES://db/levity', true],
    ['levity.db', false],
    [':memory:', false],
    ['data/postgres://not-a-url.db', false],
    ['postgres.db', false],
  ])('%s names PostgreSQL: %s', (db, expected) => {
    expect(isPostgresUrl(db)).toBe(expected);
  });
});

describe('tokenFileFor', () => {
  it('keeps the token beside an SQLite file', () => {
    expect(tokenFileFor('data/levity.db')).toBe(resolve('data/levity.db.token'));
  });

  it('keeps it in the working directory when there is no file: PostgreSQL or :memory:', () => {
    expect(tokenFileFor('postgres://levity:pw@db:5432/levity')).toBe(resolve('levity.token'));
    expect(tokenFileFor(':memory:')).toBe(resolve('levity.token'));
  });
});
