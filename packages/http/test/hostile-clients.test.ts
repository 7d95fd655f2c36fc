import { request as httpRequest } from 'node:http';
import { type Socket, connect as tcpConnect } from 'node:net';
import type { Logger } from '@levity/core';
import { describe, expect, it } from 'vitest';
import { startApi, TOKEN } from './support/api-server.js';

// Replays of what hostile clients did to the API, each closed.

const timestamp = '2025-01-31T12:00:00.000Z';

/** A logger that keeps every message. */
function recordingLogger(messages: string[]): Logger {
  const at = () => (_fields: object, message?: string) => {
    messages.push(message ?? '');
  };
  const logger: Logger = { debug: at(), info: at(), warn: at(), error: at(), child: () => logger };
  return logger;
}

/** A POST with the token, over a real socket, the path sent exactly as given. */
function post(port: number, path: string): Promise<{ status: number | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    httpRequest(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode, body }));
      },
    )
      .on('error', reject)
      .end();
  });
}

describe('a stored row never makes a read route fail', () => {
  it('answers 200 for rows a charge point stored before connectorId was checked', async () => {
    await using api = await startApi();
    const { storage } = api;
    await storage.chargePoints.recordSeen([{ id: 'OLD', at: timestamp }]);
    const transaction = await storage.transactions.start({
      chargePointId: 'OLD',
      connectorId: -1,
      idTag: 'TAG',
      idTagStatus: 'Accepted',
      meterStart: 0,
      startedAt: timestamp,
      reservationId: null,
      receivedAt: timestamp,
    });
    await storage.meterValues.add([
      {
        chargePointId: 'OLD',
        connectorId: -1,
        transactionId: transaction.id,
        reportedTransactionId: null,
        timestamp,
        value: '5',
        context: 'Sample.Periodic',
        format: 'Raw',
        measurand: 'Energy.Active.Import.Register',
        phase: null,
        location: 'Outlet',
        unit: 'Wh',
        source: 'MeterValues',
        receivedAt: timestamp,
      },
    ]);
    for (const url of [
      '/api/transactions',
      `/api/transactions/${transaction.id}`,
      `/api/transactions/${transaction.id}/meter-values`,
      '/api/charge-points/OLD/meter-values',
      '/api/charge-points',
      '/api/charge-points/OLD',
    ]) {
      expect({ url, status: (await api.get(url)).status }).toEqual({ url, status: 200 });
    }
    expect(
      (await api.get<{ connectorId: number }>(`/api/transactions/${transaction.id}`)).body.connectorId,
    ).toBe(-1);
  });
});

describe('ids from the API', () => {
  it.each(['0x10', '1e1', '+16', '16.0', '%2016'])(
    'refuses the transaction id %s instead of reading it as a number',
    async (id) => {
      await using api = await startApi();
      const response = await api.get<{ field: string }>(`/api/transactions/${id}`);
      expect(response.status).toBe(400);
      expect(response.body.field).toBe('params/transactionId');
    },
  );

  it('refuses integers in a query string that are not digits', async () => {
    await using api = await startApi();
    expect((await api.get('/api/transactions?limit=0x10')).status).toBe(400);
    expect((await api.get('/api/transactions?connectorId=1e0')).status).toBe(400);
    expect((await api.get('/api/transactions?limit=16')).status).toBe(200);
  });

  it.each(['a%00b', '%2E%2E', '..', 'a%2Fb', 'x'.repeat(49)])(
    'refuses to accept or reject the charge point id %s, which no charge point could connect with',
    async (id) => {
      await using api = await startApi();
      const port = await api.listen();
      for (const decision of ['accept', 'reject']) {
        // Over a real socket: an injected request's URL would be normalised (`..` resolved).
        const { status, body } = await post(port, `/api/charge-points/${id}/${decision}`);
        expect({ id, status, code: JSON.parse(body).code }).toEqual({
          id,
          status: 400,
          code: 'LEVITY_ERR_INVALID_ARGUMENT',
        });
      }
      expect(await api.storage.chargePoints.list()).toEqual([]);
    },
  );
});

describe('response headers', () => {
  it('answers nosniff and no-store on API data, errors and health checks alike', async () => {
    await using api = await startApi();
    for (const [url, headers] of [
      ['/api/charge-points', {}],
      ['/api/transactions/999', {}],
      ['/api/charge-points', { authorization: 'Bearer wrong' }],
      ['/healthz', {}],
    ] as const) {
      const response = await api.request({ method: 'GET', url, headers });
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['cache-control'], url).toBe('no-store');
    }
  });
});

describe('request bodies and timeouts', () => {
  it('answers 401 to a 100 MB body without a token and closes the connection without reading it', async () => {
    await using api = await startApi();
    const port = await api.listen();
    const total = 100 * 1024 * 1024;
    const socket = tcpConnect(port, '127.0.0.1');
    let sent = 0;
    let response = '';
    socket.on('data', (chunk) => {
      response += chunk.toString();
    });
    socket.on('error', () => {});
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(
      `POST /api/id-tags HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${total}\r\n\r\n`,
    );
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let open = true;
    void closed.then(() => {
      open = false;
    });
    while (open && sent < total) {
      sent += chunk.length;
      if (!socket.write(chunk)) {
        await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), closed]);
      }
    }
    await closed;
    expect(response).toMatch(/^HTTP\/1\.1 401/);
    expect(response.toLowerCase()).toContain('connection: close');
    expect(sent).toBeLessThan(total / 2);
  });

  it('answers 413 to a body over bodyLimit', async () => {
    await using api = await startApi({ api: { bodyLimit: 1000 } });
    const response = await api.request({
      method: 'POST',
      url: '/api/id-tags',
      payload: { idTag: 'TAG', note: 'n'.repeat(2000) },
    });
    expect(response.statusCode).toBe(413);
  });

  it('answers 408 to a request whose body does not arrive within requestTimeoutMs', async () => {
    await using api = await startApi({ api: { requestTimeoutMs: 500, headersTimeoutMs: 500 } });
    const port = await api.listen();
    const socket = tcpConnect(port, '127.0.0.1');
    let response = '';
    socket.on('data', (chunk) => {
      response += chunk.toString();
    });
    socket.write(
      `POST /api/id-tags HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`,
    );
    await new Promise((resolve) => socket.once('close', resolve));
    expect(response).toMatch(/^HTTP\/1\.1 408/);
  });

  it('drops a TCP client that sends nothing within headersTimeoutMs, and still serves the others', async () => {
    await using api = await startApi({ api: { headersTimeoutMs: 500 } });
    const port = await api.listen();
    const silent: Socket = tcpConnect(port, '127.0.0.1');
    await new Promise((resolve) => silent.once('close', resolve));
    const status = await new Promise<number | undefined>((resolve, reject) => {
      // No keep-alive agent: a kept-alive socket would hold the server's close.
      httpRequest({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (response) => {
        response.resume();
        resolve(response.statusCode);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(200);
  });
});

describe('the event stream', () => {
  it('outlives the request timeout: its request is complete, the stream is not', async () => {
    await using api = await startApi({
      api: { requestTimeoutMs: 500, headersTimeoutMs: 500, eventStreamKeepAliveMs: 100 },
    });
    const port = await api.listen();
    let received = '';
    const socket = tcpConnect(port, '127.0.0.1', () =>
      socket.write(`GET /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`),
    );
    socket.on('data', (chunk) => {
      received += chunk.toString();
    });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const before = received.length;
    await expect.poll(() => received.length).toBeGreaterThan(before);
    expect(socket.destroyed).toBe(false);
    expect(received).toMatch(/^HTTP\/1\.1 200/);
    socket.destroy();
  });

  it('disconnects a client that stops reading, and keeps streaming to the others', async () => {
    const messages: string[] = [];
    await using api = await startApi({
      central: { maxFieldLength: 1_000_000 },
      api: { eventStreamMaxBufferBytes: 64 * 1024, logger: recordingLogger(messages) },
    });
    const port = await api.listen();
    const open = (onData: (chunk: Buffer) => void) =>
      new Promise<Socket>((resolve) => {
        const socket = tcpConnect(port, '127.0.0.1', () => {
          socket.write(
            `GET /api/events?events=message HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`,
          );
          resolve(socket);
        });
        socket.on('data', onData);
        socket.on('error', () => {});
      });
    const slow = await open(() => {});
    slow.pause();
    let received = 0;
    const reader = await open((chunk) => {
      received += chunk.length;
    });
    // Large DataTransfers make large `message` events: 40 MB in all, more than the
    // kernel's socket buffers hold for the client that does not read.
    const cp = await api.connect('CP-BIG');
    await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    const data = 'z'.repeat(500_000);
    for (let i = 0; i < 80; i++)
      cp.sendRaw(JSON.stringify([2, `d${i}`, 'DataTransfer', { vendorId: 'v', data }]));
    await expect
      .poll(() => messages.includes('event stream client does not read; disconnecting it'), {
        timeout: 20_000,
      })
      .toBe(true);
    await expect.poll(() => received, { timeout: 20_000 }).toBeGreaterThan(80 * 500_000);
    slow.destroy();
    reader.destroy();
  });
});
