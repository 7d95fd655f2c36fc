export type { HttpErrorCode, HttpErrorDetails } from './errors.js';
export { HttpError } from './errors.js';
export type { CreateHttpApiOptions, HttpApiOptions } from './http-api.js';
export { createHttpApi, levityHttpApi } from './http-api.js';
export { EVENT_NAMES } from './routes/events.js';
