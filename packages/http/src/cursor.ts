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
