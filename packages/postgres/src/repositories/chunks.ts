// PostgreSQL's protocol numbers a statement's parameters with 16 bits, so a statement
// binds at most 65535 of them; multi-row inserts go in chunks below that.
const MAX_PARAMETERS = 65_535;

/** Splits `rows` into groups whose insert binds at most PostgreSQL's parameter limit. */
export function chunksOf<T>(rows: readonly T[], columnsPerRow: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / columnsPerRow));
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += size) chunks.push(rows.slice(start, start + size));
  return chunks;
}
