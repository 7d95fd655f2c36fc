import { describe, expect, it } from 'vitest';
import type { StreamState } from './event-stream.js';
import { openEventStream } from './event-stream.js';

/** A fetch that answers each call with the next of `answers` (an SSE body, or a status). */
function fakeFetch(answers: (string | number)[]) {
  const calls: { url: string; headers: Record<string, string> }[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    calls.push({ url: String(url), headers: init?.headers as Record<string, string> });
    const answer = answers.shift();
    if (answer === undefined) return new Promise<Response>(() => {}); // a stream that never comes
    if (typeof answer === 'number') return new Response('{}', { status: answer });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(answer));
        controller.close();
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};

describe('openEventStream', () => {
  it('sends the token in the Authorization header, never in the URL, and hands over each event', async () => {
    const { fetch, calls } = fakeFetch([
      'retry: 3000\n\n: keep-alive\n\nevent: statusChanged\ndata: {"chargePointId":"CP1","status":"Charging"}\n\n',
    ]);
    const events: [string, unknown][] = [];
    const stream = openEventStream({
      url: '/api/events',
      token: 's3cret',
      fetch,
      onEvent: (n, d) => events.push([n, d]),
    });
    await until(() => events.length === 1);
    stream.close();
    expect(calls[0]?.url).toBe('/api/events');
    expect(calls[0]?.headers.authorization).toBe('Bearer s3cret');
    expect(events).toEqual([['statusChanged', { chargePointId: 'CP1', status: 'Charging' }]]);
  });

  it('reconnects when the stream ends, and stops for good on a refused token', async () => {
    const { fetch, calls } = fakeFetch(['event: connected\ndata: {"n":1}\n\n', 401]);
    const states: StreamState[] = [];
    let refused: number | undefined;
    openEventStream({
      url: '/api/events',
      token: 't',
      fetch,
      retryMs: 1,
      onEvent: () => {},
      onState: (state) => states.push(state),
      onRefused: (status) => {
        refused = status;
      },
    });
    await until(() => refused !== undefined);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(refused).toBe(401);
    expect(calls).toHaveLength(2);
    expect(states).toEqual(['connecting', 'open', 'retrying', 'connecting', 'closed']);
  });

  it('skips data that is not JSON and goes on with the next event', async () => {
    const { fetch } = fakeFetch(['event: x\ndata: not json\n\nevent: y\ndata: 2\n\n']);
    const names: string[] = [];
    const stream = openEventStream({ url: '/e', token: 't', fetch, onEvent: (name) => names.push(name) });
    await until(() => names.length === 1);
    stream.close();
    expect(names).toEqual(['y']);
  });
});
