import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(?:js|css|html|svg|json|map)$/;

/**
 * Writes `.br` and `.gz` next to every text file of `dir` (recursively) larger than
 * `minBytes`, for `@fastify/static`'s `preCompressed` to send. Returns the files written.
 */
export function compressDirectory(dir: string, minBytes = 1024): string[] {
  const written: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      written.push(...compressDirectory(path, minBytes));
      continue;
    }
    if (!COMPRESSIBLE.test(entry.name) || statSync(path).size < minBytes) continue;
    const content = readFileSync(path);
    writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
    writeFileSync(
      `${path}.br`,
      brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    );
    written.push(`${path}.gz`, `${path}.br`);
  }
  return written;
}
