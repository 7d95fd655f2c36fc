import { badRequest } from './errors.js';
// Cursors are opaque to clients (they may change shape between versions) but need no
// server state: the position is encoded in the cursor itself.

/** Encodes a position as an opaque cursor. */
export function encodeCursor(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position in a cursor this API issued, or undefined when it is not one. */
export function decodeCursor(cursor: string): Record<string, unknown> | undefined {
  try {
    const position: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return position !== null && typeof position === 'object' && !Array.isArray(position)
      ? (position as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The id a newest-first page continues below, from the `cursor` query parameter.
 * @throws a 400 for a cursor this API did not issue
 */
export function beforeFromCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const position = decodeCursor(cursor)?.before;
  if (typeof position !== 'number' || !Number.isSafeInteger(position)) {
    throw badRequest('querystring/cursor', 'querystring/cursor is not a cursor this API issued');
  }
  return position;
}

/**
 * A newest-first page from `rows` fetched with `limit + 1` (the extra row only tells
 * whether a next page exists), with the cursor of that next page.
 */
export function pageById<T extends { id: number }>(rows: readonly T[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ before: last.id }) : null };
}

/**
 * The key an ascending page continues after, from the `cursor` query parameter.
 * @throws a 400 for a cursor this API did not issue
 */
export function afterFromCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const position = decodeCursor(cursor)?.after;
  if (typeof position !== 'string') {
    throw badRequest('querystring/cursor', 'querystring/cursor is not a cursor this API issued');
  }
  return position;
}

/**
 * An ascending page from `rows` fetched with `limit + 1` (the extra row only tells whether
 * a next page exists), with the cursor of that next page: after the key of its last item.
 */
export function pageByKey<T>(rows: readonly T[], limit: number, keyOf: (row: T) => string) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor({ after: keyOf(last) }) : null,
  };
}
