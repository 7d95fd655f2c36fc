import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** Why an upgrade request is refused, as the HTTP status and text the client receives. */
export interface UpgradeRefusal {
  status: number;
  message: string;
  /** Extra response headers, e.g. `WWW-Authenticate` or `Retry-After`. */
  headers?: Readonly<Record<string, string>>;
}

export type ChargePointPath = { ok: true; chargePointId: string } | ({ ok: false } & UpgradeRefusal);

/**
 * Reads the charge point id from an upgrade URL `{basePath}/{id}` (OCPP-J §3.1.1: the
 * percent-encoded last path segment). Anything else on the path is refused here,
 * before ocpp-rpc sees it: its own parser throws, unhandled, on bad percent-encoding.
 * Ids outside `idPattern` (empty, too long, control characters, path tricks) are refused too.
 */
export function parseChargePointPath(
  url: string | undefined,
  basePath: string,
  idPattern: RegExp,
): ChargePointPath {
  const path = (url ?? '/').split('?', 1)[0] ?? '/';
  const prefix = `${basePath}/`;
  if (!path.startsWith(prefix)) {
    return {
      ok: false,
      status: 404,
      message: `Not found: charge points connect to ${basePath}/{chargePointId}`,
    };
  }
  const segment = path.slice(prefix.length);
  if (segment.includes('/')) {
    return {
      ok: false,
      status: 404,
      message: `Not found: charge points connect to ${basePath}/{chargePointId}`,
    };
  }
  let chargePointId: string;
  try {
    chargePointId = decodeURIComponent(segment);
  } catch {
    return { ok: false, status: 400, message: 'Charge point id is not valid percent-encoding' };
  }
  if (chargePointId.length === 0) {
    return {
      ok: false,
      status: 400,
      message: `Missing charge point id: connect to ${basePath}/{chargePointId}`,
    };
  }
  if (!idPattern.test(chargePointId)) {
    return {
      ok: false,
      status: 400,
      message: `Charge point id ${JSON.stringify(chargePointId)} is not allowed here`,
    };
  }
  return { ok: true, chargePointId };
}

/** Answers an upgrade request with a plain HTTP error and closes the socket. */
export function refuseUpgrade(socket: Duplex, { status, message, headers = {} }: UpgradeRefusal): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = `${message}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Connection: close\r\n' +
      Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('') +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** Whether the client offered a subprotocol we speak (OCPP-J §3.2). */
export function offersSubprotocol(request: IncomingMessage, protocol: string): boolean {
  const header = request.headers['sec-websocket-protocol'];
  if (!header) return false;
  return header.split(',').some((offered) => offered.trim() === protocol);
}
