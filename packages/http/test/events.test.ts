import type { IncomingMessage } from 'node:http';
import { request } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { startApi, TOKEN } from './support/api-server.js';

interface ServerSentEvent {
  event: string;
  data: unknown;
}

/** A real HTTP request to the event stream, read event by event. */
async function openStream(port: number, path: string, headers: Record<string, string> = {}) {
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, resolve);
    req.on('error', reject);
    req.end();
  });
  response.setEncoding('utf8');
  let buffer = '';
  const events: ServerSentEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  response.on('data', (chunk: string) => {
    buffer += chunk;
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const lines = block.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice(7);
      const data = lines.find((line) => line.startsWith('data: '))?.slice(6);
      if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) });
      for (const line of lines) if (line.startsWith(':')) comments.push(line);
      end = buffer.indexOf('\n\n');
    }
    for (const waiter of waiters) waiter();
  });
  const ended = new Promise<void>((resolve) => response.once('close', resolve));
  return {
    response,
    events,
    comments,
    ended,
    /** Resolves once `check` holds (checked after every chunk). */
    until(check: () => boolean, timeoutMs = 5000): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`timed out; events so far: ${JSON.stringify(events)}`));
        }, timeoutMs);
        const waiter = () => {
          if (!check()) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve();
        };
        waiters.add(waiter);
        waiter();
      });
    },
    close() {
      response.destroy();
    },
  };
}

const boot = { chargePointVendor: 'Levity', chargePointModel: 'SSE-1' };

describe('GET /api/events', () => {
  it("streams the library's events as Server-Sent Events", async () => {
    await using api = await startApi();
    const port = await api.listen();
    const stream = await openStream(port, '/api/events', { authorization: `Bearer ${TOKEN}` });
    expect(stream.response.statusCode).toBe(200);
    expect(stream.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.response.headers['cache-control']).toBe('no-cache, no-transform');

    const cp = await api.connect('CP001');
    await cp.call('BootNotification', boot);
    await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing' });
    const { transactionId } = (await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG',
      meterStart: 0,
      timestamp: '2025-01-01T10:00:00Z',
    })) as { transactionId: number };
    await stream.until(() => stream.events.some((event) => event.event === 'transactionStarted'));

    const names = stream.events.map((event) => event.event);
    expect(names).toEqual(
      expect.arrayContaining(['connected', 'booted', 'statusChanged', 'transactionStarted', 'message']),
    );
    expect(stream.events.find((event) => event.event === 'connected')?.data).toMatchObject({
      chargePointId: 'CP001',
      protocol: 'ocpp1.6',
    });
    expect(stream.events.find((event) => event.event === 'transactionStarted')?.data).toMatchObject({
      chargePointId: 'CP001',
      transactionId,
      request: { idTag: 'TAG' },
    });
    stream.close();
  });

  it('streams only the events of one charge point, and only the names asked for', async () => {
    await using api = await startApi();
    const port = await api.listen();
    // ?token= is what a browser's EventSource can send.
    const stream = await openStream(
      port,
      `/api/events?chargePointId=CP-B&events=booted,disconnected&token=${TOKEN}`,
    );
    expect(stream.response.statusCode).toBe(200);
    const a = await api.connect('CP-A');
    await a.call('BootNotification', boot);
    const b = await api.connect('CP-B');
    await b.call('BootNotification', boot);
    await b.close();
    await stream.until(() => stream.events.length >= 2);
    expect(
      stream.events.map((event) => [event.event, (event.data as { chargePointId: string }).chargePointId]),
    ).toEqual([
      ['booted', 'CP-B'],
      ['disconnected', 'CP-B'],
    ]);
    stream.close();
  });

  it('sends keep-alive comments', async () => {
    await using api = await startApi({ api: { eventStreamKeepAliveMs: 50 } });
    const port = await api.listen();
    const stream = await openStream(port, '/api/events', { authorization: `Bearer ${TOKEN}` });
    await stream.until(() => stream.comments.filter((line) => line === ': keep-alive').length >= 2);
    stream.close();
  });

  it('removes its listeners when the client goes away', async () => {
    await using api = await startApi();
    const unsubscribed = vi.fn();
    const subscribe = api.cs.onClusterEvent.bind(api.cs);
    const onClusterEvent = vi.spyOn(api.cs, 'onClusterEvent').mockImplementation((listener) => {
      const stop = subscribe(listener);
      return () => {
        unsubscribed();
        stop();
      };
    });
    const port = await api.listen();
    const stream = await openStream(port, '/api/events?events=connected,booted', {
      authorization: `Bearer ${TOKEN}`,
    });
    expect(onClusterEvent).toHaveBeenCalledTimes(1);
    expect(unsubscribed).not.toHaveBeenCalled();
    stream.close();
    await vi.waitFor(() => expect(unsubscribed).toHaveBeenCalledTimes(1));
  });

  it('ends open streams when the server closes', async () => {
    const api = await startApi();
    const port = await api.listen();
    const stream = await openStream(port, '/api/events', { authorization: `Bearer ${TOKEN}` });
    const closed = api[Symbol.asyncDispose]();
    await stream.ended;
    await closed;
  });

  it('answers 401 without a token and 400 for an unknown event name', async () => {
    await using api = await startApi();
    const port = await api.listen();
    const anonymous = await openStream(port, '/api/events');
    expect(anonymous.response.statusCode).toBe(401);
    const wrong = await openStream(port, '/api/events?token=nope');
    expect(wrong.response.statusCode).toBe(401);
    const unknown = await api.get('/api/events?events=booted,exploded');
    expect(unknown).toMatchObject({
      status: 400,
      body: {
        field: 'querystring/events',
        message: expect.stringMatching(/^querystring\/events names an unknown event "exploded"/),
      },
    });
  });
});
