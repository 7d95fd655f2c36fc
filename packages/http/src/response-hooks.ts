import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Headers every response of the API carries: `nosniff`, so that no browser runs a
 * JSON answer (which may quote what a charge point sent) as something else, and
 * `no-store`, so that no cache or proxy keeps operational data or a token's answers.
 */
export async function apiResponseHeaders<T>(
  _request: FastifyRequest,
  reply: FastifyReply,
  payload: T,
): Promise<T> {
  reply.header('x-content-type-options', 'nosniff');
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  return payload;
}

/** Whether the request announced a body (Content-Length above 0, or chunked). */
function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  if (length !== undefined && length !== '0') return true;
  return request.headers['transfer-encoding'] !== undefined;
}

/**
 * A response sent before the request's body was read (a 401 from the auth hook, a
 * 404, a 413) closes the connection. Otherwise Node.js reads and discards the whole
 * body to keep the connection alive: 100 MB from a client without a token would be
 * read after its 401.
 */
export async function closeOnUnreadBody<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: T,
): Promise<T> {
  if (!request.raw.complete && hasBody(request)) reply.header('connection', 'close');
  return payload;
}
