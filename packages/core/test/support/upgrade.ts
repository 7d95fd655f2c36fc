import type { IncomingHttpHeaders } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface UpgradeAttempt {
  /** Basic auth password for the id in the path, or a raw `Authorization` header. */
  password?: string | Buffer;
  authorization?: string;
  /** Connect over TLS, trusting `ca`, presenting `cert`/`key` when given. */
  tls?: { ca: string; cert?: string; key?: string };
  localAddress?: string;
}

/**
 * Sends a WebSocket upgrade for `id` and returns the HTTP status (101 when accepted) and
 * the response headers; an accepted socket is closed at once.
 */
export function attemptUpgrade(
  port: number,
  id: string,
  attempt: UpgradeAttempt = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  const headers: Record<string, string> = {
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Protocol': 'ocpp1.6',
  };
  if (attempt.authorization !== undefined) headers.Authorization = attempt.authorization;
  else if (attempt.password !== undefined) {
    const user = Buffer.from(`${id}:`);
    const password = typeof attempt.password === 'string' ? Buffer.from(attempt.password) : attempt.password;
    headers.Authorization = `Basic ${Buffer.concat([user, password]).toString('base64')}`;
  }
  const options = {
    host: '127.0.0.1',
    port,
    path: `/ws/${encodeURIComponent(id)}`,
    headers,
    agent: false as const,
    ...(attempt.localAddress ? { localAddress: attempt.localAddress } : {}),
  };
  return new Promise((resolve, reject) => {
    const req = attempt.tls
      ? httpsRequest({
          ...options,
          ca: attempt.tls.ca,
          cert: attempt.tls.cert,
          key: attempt.tls.key,
          servername: 'localhost',
        })
      : httpRequest(options);
    req.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve({ status: 101, headers: response.headers, body: '' });
    });
    req.on('response', (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}
