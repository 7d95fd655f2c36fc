import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';
import { commandSchemas } from './build/command-schemas.js';
import { compressDirectory } from './build/compress.js';

const outDir = fileURLToPath(new URL('./dist/app', import.meta.url));

/** `virtual:ocpp-command-schemas`: the request schema of each of the 26 central-system actions. */
function ocppCommandSchemas(): Plugin {
  const id = 'virtual:ocpp-command-schemas';
  const resolved = `\0${id}`;
  return {
    name: 'levity-ocpp-command-schemas',
    resolveId: (source) => (source === id ? resolved : undefined),
    load: (source) =>
      source === resolved ? `export default ${JSON.stringify(commandSchemas())};` : undefined,
  };
}

/** `.br` and `.gz` beside each built file, served by @fastify/static's `preCompressed`. */
function precompress(): Plugin {
  return {
    name: 'levity-precompress',
    apply: 'build',
    closeBundle: () => void compressDirectory(outDir),
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./app', import.meta.url)),
  base: '/',
  publicDir: false,
  plugins: [ocppCommandSchemas(), precompress()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    // Everything ships in the package; a source map helps whoever debugs a deployment.
    sourcemap: true,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 300,
  },
  server: {
    // `pnpm --filter @levity/dashboard dev` against a levity on localhost:9000.
    proxy: { '/api': 'http://127.0.0.1:9000' },
  },
});
