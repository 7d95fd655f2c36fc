import type { IncomingHttpHeaders } from 'node:http';

/** What an inbound call looks like when ocpp-rpc hands it to a handler. */
export interface InboundCall {
  messageId: string;
  method: string;
  params: unknown;
  signal: AbortSignal;
}

/**
 * The slice of ocpp-rpc's RPCServerClient that Levity uses, typed here because the
 * package's own declarations are loose (`any`) where it matters.
 */
export interface ServerClient {
  readonly identity: string;
  readonly protocol: string | undefined;
  readonly session: Record<string, unknown>;
  readonly handshake: { remoteAddress: string | undefined; headers: IncomingHttpHeaders };
  handle(handler: (call: InboundCall) => Promise<unknown>): void;
  call(
    method: string,
    params: unknown,
    options?: { callTimeoutMs?: number; signal?: AbortSignal },
  ): Promise<unknown>;
  close(options?: {
    code?: number;
    reason?: string;
    awaitPending?: boolean;
    force?: boolean;
  }): Promise<unknown>;
  on(event: 'close', listener: (event: { code: number; reason: string }) => void): void;
  on(
    event: 'badMessage',
    listener: (event: { buffer: Buffer; error: Error; response: unknown }) => void,
  ): void;
  on(
    event: 'strictValidationFailure',
    listener: (event: { method: string; outbound: boolean; isCall: boolean; error: Error }) => void,
  ): void;
  // ocpp-rpc 2.2.1 internals (the version is pinned; tests cover their use).
  _ws?: { terminate(): void };
  _onMessage(buffer: Buffer | string): void;
  sendRaw(message: string): void;
}
