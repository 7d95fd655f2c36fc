export type { HttpErrorCode, HttpErrorDetails } from './errors.js';
export { HttpError } from './errors.js';
export type { CreateHttpApiOptions, HttpApiOptions } from './http-api.js';
export { createHttpApi, levityHttpApi } from './http-api.js';
export type { LevityMetrics, LevityMetricsOptions } from './metrics/levity-metrics.js';
export { createLevityMetrics } from './metrics/levity-metrics.js';
export type { MetricsOptions } from './metrics/metrics-route.js';
export { EVENT_NAMES } from './routes/events.js';
