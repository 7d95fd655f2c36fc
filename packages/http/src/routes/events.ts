import type { CentralSystemEventName } from '@levity/core';
import { Type } from '@sinclair/typebox';
import { badRequest } from '../errors.js';
import { errorResponses, Query } from '../schemas/common.js';
import type { ApiInstance, RouteContext } from './context.js';

/** Every event a central system emits, streamed by `GET /api/events`. */
export const EVENT_NAMES: readonly CentralSystemEventName[] = [
  'connected',
  'connectionRefused',
  'disconnected',
  'booted',
  'statusChanged',
  'transactionStarted',
  'transactionStopped',
  'meterValues',
  'message',
];

export interface EventStreamOptions {
  /** Interval of the keep-alive comments that keep proxies from closing an idle stream. */
  readonly keepAliveMs: number;
  /**
   * Bytes that may wait unsent for one stream; a client that stops reading until this
   * much is queued is disconnected (EventSource reconnects), so that it cannot make the
   * server hold every event for it.
   */
  readonly maxBufferBytes: number;
}

/** The open streams, ended when the server closes (they would hold `close()` up otherwise). */
export type OpenStreams = Set<() => void>;

/**
 * `GET /events`: the library's events as Server-Sent Events (`event: <name>`,
 * `data: <json>`), optionally only those of one charge point or of some event names.
 */
export function eventRoutes(
  app: ApiInstance,
  { centralSystem: cs, logger }: RouteContext,
  { keepAliveMs, maxBufferBytes }: EventStreamOptions,
  streams: OpenStreams,
): void {
  app.get(
    '/events',
    {
      // The auth hook also takes ?token= here: EventSource cannot send headers.
      config: { tokenInQuery: true },
      schema: {
        tags: ['events'],
        summary: 'Live event stream (Server-Sent Events)',
        description: [
          "A `text/event-stream` of the central system's events: `event: <name>` and `data: <the event as JSON>`.",
          `Names: ${EVENT_NAMES.join(', ')}.`,
          'Comment lines (`: keep-alive`) come regularly when nothing happens.',
          "Browsers' EventSource cannot send headers: it may pass the token as `?token=` instead.",
        ].join(' '),
        querystring: Query({
          chargePointId: Type.Optional(
            Type.String({ minLength: 1, description: 'Only events of this charge point' }),
          ),
          events: Type.Optional(
            Type.String({
              minLength: 1,
              description: `Comma-separated event names; default all (${EVENT_NAMES.join(',')})`,
            }),
          ),
          token: Type.Optional(
            Type.String({ description: 'The bearer token, for clients that cannot send headers' }),
          ),
        }),
        response: {
          200: Type.String({ description: 'text/event-stream' }),
          ...errorResponses(400),
        },
      },
    },
    async (request, reply) => {
      const { chargePointId } = request.query;
      let names = EVENT_NAMES;
      if (request.query.events !== undefined) {
        const asked = request.query.events.split(',').map((name) => name.trim());
        const unknown = asked.find((name) => !EVENT_NAMES.includes(name as CentralSystemEventName));
        if (unknown !== undefined) {
          throw badRequest(
            'querystring/events',
            `querystring/events names an unknown event "${unknown}"; known: ${EVENT_NAMES.join(', ')}`,
          );
        }
        names = asked as CentralSystemEventName[];
      }

      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // Keeps nginx and similar proxies from buffering the stream.
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      });
      // EventSource reconnects after this many milliseconds when the stream breaks.
      response.write('retry: 3000\n\n');

      let ended = false;
      const send = (chunk: string) => {
        if (ended) return;
        if (response.writableLength <= maxBufferBytes) {
          response.write(chunk);
          return;
        }
        logger.warn(
          { bufferedBytes: response.writableLength, limit: maxBufferBytes, ip: request.ip },
          'event stream client does not read; disconnecting it',
        );
        end();
        // What is queued would never be read: free it now rather than wait for a timeout.
        response.destroy();
      };
      // Every node's events: the charge point may be connected to another node of the cluster.
      const wanted = new Set<string>(names);
      const unsubscribe = cs.onClusterEvent(({ name, event }) => {
        if (!wanted.has(name)) return;
        if (chargePointId !== undefined && event.chargePointId !== chargePointId) return;
        send(`event: ${name}\ndata: ${JSON.stringify(event)}\n\n`);
      });
      const keepAlive = setInterval(() => send(': keep-alive\n\n'), keepAliveMs);
      keepAlive.unref();

      const end = () => {
        if (ended) return;
        ended = true;
        clearInterval(keepAlive);
        unsubscribe();
        streams.delete(end);
        response.end();
      };
      streams.add(end);
      response.once('close', end);
      response.once('error', end);
    },
  );
}
