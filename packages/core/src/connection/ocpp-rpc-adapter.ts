// The one module that knows ocpp-rpc's internals. ocpp-rpc 2.2.1 is pinned exactly;
// ocpp-rpc-adapter.test.ts exercises every private member used here, so the next
// release breaks this file (and its test) loudly instead of the server quietly.
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';
import RPC, { createRPCError, createValidator, RPCServer } from 'ocpp-rpc';
import type { ServerClient } from './server-client.js';

const require = createRequire(import.meta.url);

/** The JSON schemas of every OCPP 1.6 request and response, as ocpp-rpc ships them. */
export const OCPP16_SCHEMAS: readonly { $id: string }[] = require('ocpp-rpc/lib/schemas/ocpp1_6.json');

export { createRPCError, createValidator };

/** ocpp-rpc's error classes are only reachable through its default export (it is CommonJS). */
export const RpcError = RPC.RPCError as new (...args: never[]) => Error & { rpcErrorCode: string };
export const RpcTimeoutError = RPC.TimeoutError as new (...args: never[]) => Error;

/** A message parsed from an inbound frame, handed to ocpp-rpc without parsing it again. */
export type InboundMessage =
  | { type: 2; messageId: string; action: string; params: unknown }
  | { type: 3; messageId: string; result: unknown }
  | { type: 4; messageId: string; errorCode: unknown; description: unknown; details: unknown };

export interface FrameHandling {
  /**
   * Sees every non-empty inbound frame first. Returns the message for ocpp-rpc to
   * process (a CALL goes through strict validation to the handler, a response to the
   * call waiting for it), or `undefined` when it answered or dropped the frame itself
   * (`reply` sends a raw frame past `write`).
   */
  read(text: string, reply: (frame: string) => void): InboundMessage | undefined;
  /** Rewrites each outbound frame just before it goes on the wire. */
  write(frame: string): string;
  /** A CALLRESULT or CALLERROR that answers no call in flight (it is dropped: J §4.2). */
  unsolicited(message: Extract<InboundMessage, { type: 3 | 4 }>): void;
  /**
   * Asked before every outbound frame (replies included): `false` drops the frame.
   * The place to stop writing to a client that no longer reads.
   */
  canSend(): boolean;
  /**
   * Inbound CALLs being handled at once beyond which the socket stops being read
   * (TCP backpressure) until half of them are answered. OCPP-J §4.1.1 allows one.
   */
  maxCallsInFlight: number;
  /** The client sent a message over `maxPayloadBytes`; ws closes the connection with 1009. */
  tooBig(): void;
}

/** The private members of ocpp-rpc 2.2.1's RPCClient that `takeOverFrames` and `terminate` use. */
interface ClientInternals {
  _options: { deferPingsOnActivity?: boolean };
  _deferNextPing(): void;
  _onMessage(buffer: Buffer | string): void;
  _onCall(messageId: string, method: string, params: unknown): Promise<void>;
  _onCallResult(messageId: string, result: unknown): void;
  _onCallError(messageId: string, errorCode: unknown, description: unknown, details: unknown): void;
  _pendingCalls: Map<string, unknown>;
  _ws?: {
    terminate(): void;
    bufferedAmount: number;
    pause(): void;
    resume(): void;
    isPaused: boolean;
    on(event: 'error', listener: (error: Error & { code?: string }) => void): void;
  };
  sendRaw(message: string): void;
}

const internals = (client: ServerClient) => client as unknown as ClientInternals;

/**
 * Replaces ocpp-rpc's inbound parser (so each frame is parsed once, by Levity) and
 * wraps its sender. ocpp-rpc keeps doing what it is good at: strict validation, the
 * handler call, the CALLRESULT/CALLERROR reply, and matching responses to our calls.
 */
export function takeOverFrames(client: ServerClient, handling: FrameHandling): void {
  const inner = internals(client);
  const send = inner.sendRaw.bind(inner);
  const reply = (frame: string) => {
    if (!handling.canSend()) return;
    try {
      send(frame);
    } catch {
      // The socket is closing; there is nobody left to answer.
    }
  };
  inner.sendRaw = (frame: string) => {
    if (handling.canSend()) send(handling.write(frame));
  };
  // ws reports a message over maxPayload as this error, then closes with 1009 itself.
  inner._ws?.on('error', (error) => {
    if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') handling.tooBig();
  });
  let inFlight = 0;
  const callDone = () => {
    inFlight--;
    const ws = inner._ws;
    if (ws?.isPaused && inFlight <= handling.maxCallsInFlight / 2) ws.resume();
  };
  inner._onMessage = (buffer: Buffer | string) => {
    if (inner._options.deferPingsOnActivity) inner._deferNextPing();
    const text = typeof buffer === 'string' ? buffer : buffer.toString('utf8');
    // Empty frames are keep-alives for some chargers; ocpp-rpc ignores them too.
    if (text.length === 0) return;
    const message = handling.read(text, reply);
    if (message === undefined) return;
    switch (message.type) {
      case 2:
        inFlight++;
        if (inFlight >= handling.maxCallsInFlight && !inner._ws?.isPaused) inner._ws?.pause();
        // Never rejects: ocpp-rpc turns every failure into a CALLERROR or a close.
        void inner._onCall(message.messageId, message.action, message.params).finally(callDone);
        return;
      case 3:
        if (!inner._pendingCalls.has(message.messageId)) return handling.unsolicited(message);
        return inner._onCallResult(message.messageId, message.result);
      case 4:
        if (!inner._pendingCalls.has(message.messageId)) return handling.unsolicited(message);
        return inner._onCallError(message.messageId, message.errorCode, message.description, message.details);
    }
  };
}

/** Drops the connection at once, without a close handshake. */
export function terminate(client: ServerClient): void {
  internals(client)._ws?.terminate();
}

/** Whether the socket is not being read (too many CALLs in flight, see `maxCallsInFlight`). */
export function readingPaused(client: ServerClient): boolean {
  return internals(client)._ws?.isPaused ?? false;
}

/** Bytes queued for the socket and not yet handed to the kernel (0 once it is closed). */
export function bufferedAmount(client: ServerClient): number {
  return internals(client)._ws?.bufferedAmount ?? 0;
}

export interface RpcServerOptions {
  protocol: string;
  /** The strict-mode validator for `protocol`. */
  validator: unknown;
  callTimeoutMs: number;
  pingIntervalMs: number;
  maxPayloadBytes: number;
}

/**
 * ocpp-rpc's server, with the upgrade decision already made: `upgrade` hands it a
 * request Levity has checked together with what Levity learned about it (`context`),
 * and `onClient` receives each connection with that same context.
 */
export interface RpcServerAdapter<Context> {
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer, context: Context): void;
  onClient(listener: (client: ServerClient, context: Context) => void): void;
  close(): Promise<void>;
}

export interface RpcServerHooks {
  /** The WebSocket server failed, or an upgrade failed inside ocpp-rpc. */
  error(error: unknown): void;
  /** A client went away during the handshake. */
  upgradeAborted(error: unknown): void;
}

export function createRpcServer<Context extends object>(
  options: RpcServerOptions,
  hooks: RpcServerHooks,
): RpcServerAdapter<Context> {
  const server = new RPCServer({
    protocols: [options.protocol],
    strictMode: true,
    strictModeValidators: [options.validator as never],
    callTimeoutMs: options.callTimeoutMs,
    pingIntervalMs: options.pingIntervalMs,
    deferPingsOnActivity: true,
    respondWithDetailedErrors: false,
    callConcurrency: 1,
    wssOptions: { maxPayload: options.maxPayloadBytes },
  });
  // ocpp-rpc carries what the auth callback accepts as the client's `session`; the
  // request is the only thing that travels from handleUpgrade to the auth callback.
  const contexts = new WeakMap<IncomingMessage, Context>();
  server.auth((accept, reject, handshake) => {
    const context = contexts.get(handshake.request);
    if (!context) return reject(400, 'Bad request');
    // OCPP-J §3.2: without a shared subprotocol, complete the handshake without a
    // Sec-WebSocket-Protocol header (`false`); the connection server then closes it.
    accept(context as never, handshake.protocols.has(options.protocol) ? options.protocol : false);
  });
  server.on('error', (error: Error) => hooks.error(error));
  server.on('upgradeAborted', ({ error }: { error: unknown }) => hooks.upgradeAborted(error));
  return {
    upgrade(request, socket, head, context) {
      contexts.set(request, context);
      server.handleUpgrade(request, socket as never, head).catch((error: unknown) => {
        socket.destroy();
        hooks.error(error);
      });
    },
    onClient(listener) {
      server.on('client', (client: ServerClient) => listener(client, client.session as Context));
    },
    close: () => server.close({ code: 1001 }),
  };
}
