// SQLite refuses a statement with more than 32766 bound variables
// (SQLITE_MAX_VARIABLE_NUMBER), so multi-row inserts go in chunks below that.
const MAX_VARIABLES = 32_766;

/** Splits `rows` into groups whose insert binds at most SQLite's variable limit. */
export function chunksOf<T>(rows: readonly T[], columnsPerRow: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_VARIABLES / columnsPerRow));
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += size) chunks.push(rows.slice(start, start + size));
  return chunks;
}
