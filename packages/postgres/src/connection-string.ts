/**
 * The connection string without its password, for messages and logs:
 * `postgres://levity:secret@db:5432/levity` → `postgres://levity@db:5432/levity`.
 *
 * @example redactConnectionString('postgresql://u:p@h/db?sslmode=require') // 'postgresql://u@h/db?sslmode=require'
 */
export function redactConnectionString(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    url.password = '';
    const params = url.searchParams;
    if (params.has('password')) params.delete('password');
    return url.toString();
  } catch {
    // Not a URL (a libpq "key=value" string): drop anything that looks like a password.
    return connectionString.replace(/password\s*=\s*(?:'(?:[^'\\]|\\.)*'|\S+)/gi, 'password=…');
  }
}
