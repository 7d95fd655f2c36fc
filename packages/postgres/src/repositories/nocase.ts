import { type Expression, type RawBuilder, sql } from 'kysely';

/**
 * `levity_nocase(value)`: the case-insensitive key of a CiString, as the unique indexes
 * of migrations 002, 003 and 005 compute it (only ASCII letters fold, as SQLite's NOCASE).
 * A string is a parameter; `sql.ref('id_tag')` a column.
 */
export function nocase(value: Expression<string | null> | string): RawBuilder<string> {
  return sql<string>`levity_nocase(${value})`;
}

/** ASCII-only lower case, the same fold as `levity_nocase`, for keys compared in JavaScript. */
export function foldCase(value: string): string {
  return value.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}
