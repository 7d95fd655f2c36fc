import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { AuthCounters } from '../auth.js';
import { UNMATCHED_ROUTE } from './labels.js';

const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What the HTTP metrics read from the API. */
export interface HttpMetricSources {
  /** The open `GET /api/events` streams now. */
  readonly eventStreams: () => number;
  /** The API's refused requests so far. */
  readonly auth: Readonly<AuthCounters>;
}

/**
 * The HTTP API's metrics on `registry`: requests by route pattern and status, their
 * duration, open event streams and refused tokens. Returns the `onResponse` hook that
 * counts each request.
 */
export function httpMetrics(
  registry: Registry,
  sources: HttpMetricSources,
): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const registers = [registry];
  const requests = new Counter({
    name: 'levity_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern (never the URL) and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const seconds = new Histogram({
    name: 'levity_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: REQUEST_BUCKETS,
    registers,
  });
  new Gauge({
    name: 'levity_http_event_streams',
    help: 'Clients reading the live event stream (GET /api/events) now',
    registers,
    collect() {
      this.set(sources.eventStreams());
    },
  });
  const failures = { unauthorized: 0, forbidden: 0 };
  new Counter({
    name: 'levity_http_auth_failures_total',
    help: 'HTTP requests refused: unauthorized (401: no valid token) or forbidden (403: the token’s role is too low)',
    labelNames: ['reason'] as const,
    registers,
    collect() {
      const now = { unauthorized: sources.auth.failedAuthentications, forbidden: sources.auth.forbidden };
      for (const reason of ['unauthorized', 'forbidden'] as const) {
        this.inc({ reason }, Math.max(0, now[reason] - failures[reason]));
        failures[reason] = now[reason];
      }
    },
  });

  return async (request, reply) => {
    // The route's pattern (`/api/charge-points/:id`), never the URL, which the client chooses.
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    const { method } = request;
    requests.inc({ method, route, status: String(reply.statusCode) });
    seconds.observe({ method, route }, reply.elapsedTime / 1000);
  };
}
