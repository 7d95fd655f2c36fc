import { EventSourceParserStream } from 'eventsource-parser/stream';

export type StreamState = 'connecting' | 'open' | 'retrying' | 'closed';

export interface EventStreamOptions {
  /** Origin-relative URL of the stream, e.g. `/api/events`. */
  readonly url: string;
  /** Sent as `Authorization: Bearer …`: never as `?token=`, which URLs (and logs) would keep. */
  readonly token: string;
  readonly onEvent: (name: string, data: unknown) => void;
  readonly onState?: (state: StreamState) => void;
  /** A refused token (401/403): the stream stops; it would be refused again. */
  readonly onRefused?: (status: number) => void;
  readonly fetch?: typeof fetch;
  /** First wait before reconnecting; doubles up to `maxRetryMs`. The server's `retry:` field wins. */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
}

export interface EventStream {
  close(): void;
}

/**
 * Reads a Server-Sent Events stream with `fetch` and a streaming body reader, so the
 * token goes in the Authorization header (`EventSource` cannot send headers). Reconnects
 * after a break with back-off; stops on a refused token or `close()`.
 *
 * @example
 * const stream = openEventStream({ url: '/api/events', token, onEvent: (name, data) => … });
 * stream.close();
 */
export function openEventStream(options: EventStreamOptions): EventStream {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const controller = new AbortController();
  const baseRetry = options.retryMs ?? 1000;
  const maxRetry = options.maxRetryMs ?? 30_000;
  let serverRetry: number | undefined;
  let wait = baseRetry;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const setState = (state: StreamState) => options.onState?.(state);

  const readOnce = async (): Promise<'retry' | 'stop'> => {
    setState('connecting');
    const response = await fetchImpl(options.url, {
      headers: { authorization: `Bearer ${options.token}`, accept: 'text/event-stream' },
      cache: 'no-store',
      signal: controller.signal,
    });
    if (response.status === 401 || response.status === 403) {
      options.onRefused?.(response.status);
      return 'stop';
    }
    if (!response.ok || response.body === null) return 'retry';
    setState('open');
    wait = baseRetry;
    const events = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(
      new EventSourceParserStream({
        onRetry: (ms) => {
          serverRetry = ms;
        },
      }),
    );
    const reader = events.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return 'retry';
      let data: unknown;
      try {
        data = JSON.parse(value.data);
      } catch {
        continue; // Not ours to interpret; the next event is.
      }
      options.onEvent(value.event ?? 'message', data);
    }
  };

  const loop = async () => {
    if (controller.signal.aborted) return;
    let outcome: 'retry' | 'stop';
    try {
      outcome = await readOnce();
    } catch {
      outcome = 'retry';
    }
    if (controller.signal.aborted || outcome === 'stop') {
      setState('closed');
      return;
    }
    setState('retrying');
    const delay = serverRetry ?? wait;
    wait = Math.min(wait * 2, maxRetry);
    timer = setTimeout(() => void loop(), delay);
  };
  void loop();

  return {
    close() {
      if (controller.signal.aborted) return;
      controller.abort();
      if (timer !== undefined) clearTimeout(timer);
      setState('closed');
    },
  };
}
