import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  target: 'node20',
  dts: true,
  sourcemap: true,
  // Not `clean`: it would remove dist/app, which `vite build` writes after this step.
  clean: false,
  external: ['fastify', '@fastify/static'],
});
