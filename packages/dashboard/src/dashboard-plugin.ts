import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

/**
 * Where the built single-page app is: `dist/app` of this package. The same relative
 * URL works from `src/` (tests) and from the bundled `dist/index.js`.
 */
export const DASHBOARD_ASSETS_DIR = fileURLToPath(new URL('../dist/app/', import.meta.url));

/** Options of the `levityDashboard` plugin. */
export interface DashboardOptions {
  /** The directory of the built app; default `DASHBOARD_ASSETS_DIR` (shipped in this package). */
  readonly root?: string;
}

/** A dashboard that cannot be served (code `LEVITY_ERR_DASHBOARD_NOT_BUILT`). */
export class DashboardNotBuiltError extends Error {
  readonly code = 'LEVITY_ERR_DASHBOARD_NOT_BUILT';
  constructor(root: string) {
    super(
      `the dashboard is not built: ${join(root, 'index.html')} is missing; run pnpm --filter @levity/dashboard build`,
    );
    this.name = 'DashboardNotBuiltError';
  }
}

/**
 * Paths the app never answers, even as a deep link: they belong to the API, the charge
 * point endpoint, the health checks and metrics, or are missing build files (a missing
 * script must be a 404, not an HTML page the browser then fails to run).
 */
const NOT_THE_APP = /^\/(?:api|ws|assets|metrics|healthz|readyz)(?:[/?]|$)/;

// The app loads nothing from elsewhere and is never framed; uPlot and Preact style
// elements through the CSSOM, which `style-src 'self'` allows.
const HTML_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  // The page itself changes with each release; its hashed scripts never do.
  'cache-control': 'no-cache',
};

function setHeaders(reply: FastifyReply, path: string): void {
  if (path.endsWith('.html')) {
    reply.headers(HTML_HEADERS);
    return;
  }
  reply.header('x-content-type-options', 'nosniff');
  // Vite names every file under assets/ by its content hash.
  if (/[/\\]assets[/\\]/.test(path)) reply.header('cache-control', 'public, max-age=31536000, immutable');
}

/**
 * The web dashboard as a Fastify plugin: the built app at `/`, its files under
 * `/assets/`, and `index.html` for any other GET that is not an API, health or
 * charge point path, so that deep links such as `/charge-points/CP001` work. It talks
 * to the management API (`@levity/http`) on the same origin, so register both on one
 * instance.
 *
 * Register it at the root: it answers requests no route matched, outside `/api`.
 *
 * @throws DashboardNotBuiltError (at registration) when the app has not been built.
 * @example
 * const app = createHttpApi({ centralSystem: cs, token });
 * await app.register(levityDashboard);
 * await app.listen({ port: 9000 }); // http://localhost:9000/
 */
export const levityDashboard: FastifyPluginAsync<DashboardOptions> = async (fastify, options) => {
  const root = options.root ?? DASHBOARD_ASSETS_DIR;
  if (!existsSync(join(root, 'index.html'))) throw new DashboardNotBuiltError(root);

  await fastify.register(fastifyStatic, {
    root,
    prefix: '/',
    // One route per built file instead of a catch-all: unknown /api paths keep the
    // API's own 404 (and its token check).
    wildcard: false,
    // The build writes .br and .gz next to each file.
    preCompressed: true,
    // Headers are set by setHeaders, per kind of file.
    cacheControl: false,
    setHeaders,
  });

  fastify.setNotFoundHandler((request, reply) => {
    const path = request.url;
    if ((request.method === 'GET' || request.method === 'HEAD') && !NOT_THE_APP.test(path)) {
      return reply.sendFile('index.html');
    }
    return reply.status(404).send({
      statusCode: 404,
      error: 'Not Found',
      code: 'LEVITY_ERR_NOT_FOUND',
      message: `no route ${request.method} ${path.split('?')[0]}`,
    });
  });
};
