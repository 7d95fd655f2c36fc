/**
 * Whether a `--db` value names a PostgreSQL server rather than an SQLite file: a
 * `postgres://` or `postgresql://` URL. Anything else is a path (or `:memory:`).
 *
 * @example isPostgresUrl('postgres://levity@db:5432/levity') // true
 * @example isPostgresUrl('data/levity.db') // false
 */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(db);
}
