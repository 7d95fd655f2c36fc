import type { ServerOptions as HttpServerOptions, RequestListener, Server } from 'node:http';
import { createServer as createHttpServer } from 'node:http';
import type { ServerOptions as HttpsServerOptions } from 'node:https';
import { createServer as createHttpsServer } from 'node:https';
import type { SecureContextOptions, Server as TlsServer } from 'node:tls';
import { createSecureContext } from 'node:tls';
import { InvalidOptionError } from '../errors.js';

type Pem = string | Buffer;

/**
 * The TLS credentials Levity serves `wss://` and `https://` with (security profiles 2
 * and 3), as PEM text. Several certificate/key pairs may be given, e.g. an RSA and an
 * ECDSA one (whitepaper A00.FR.317 asks the central system to offer both kinds of suite).
 */
export interface TlsOptions {
  /** The server certificate chain (PEM), or one per key. */
  readonly cert: Pem | readonly Pem[];
  /** The private key (PEM), or one per certificate. */
  readonly key: Pem | readonly Pem[];
  /**
   * CA certificates (PEM) that sign charge point certificates. With it, clients are asked
   * for a certificate (security profile 3); without it, none are.
   */
  readonly ca?: Pem | readonly Pem[];
  /** OpenSSL cipher list; default `OCPP_TLS_CIPHERS`. */
  readonly ciphers?: string;
}

/**
 * The cipher suites Levity offers. TLS 1.2: the four the whitepaper requires of a central
 * system (A00.FR.317: ECDHE-ECDSA and RSA key exchange with AES-GCM), and ECDHE-RSA with
 * AES-GCM so that an RSA certificate gets forward secrecy too. TLS 1.3: its AES-GCM suites.
 * Nothing weaker (A00.FR.319); TLS 1.0 and 1.1 are refused (OCPP 2.0.1 forbids them, and
 * so does Levity).
 */
export const OCPP_TLS_CIPHERS = [
  'TLS_AES_256_GCM_SHA384',
  'TLS_AES_128_GCM_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'AES128-GCM-SHA256',
  'AES256-GCM-SHA384',
].join(':');

/** Node's secure context options for `tls`: TLS 1.2 or newer, Levity's ciphers, no compression. */
export function secureContextOptions(tls: TlsOptions): SecureContextOptions {
  return {
    cert: tls.cert as SecureContextOptions['cert'],
    key: tls.key as SecureContextOptions['key'],
    ...(tls.ca === undefined ? {} : { ca: tls.ca as SecureContextOptions['ca'] }),
    minVersion: 'TLSv1.2',
    ciphers: tls.ciphers ?? OCPP_TLS_CIPHERS,
    honorCipherOrder: true,
  };
}

/**
 * Throws `InvalidOptionError` naming what is wrong when the credentials cannot make a
 * TLS context (unreadable PEM, a key that does not match its certificate).
 */
export function checkTlsOptions(tls: TlsOptions, option = 'tls'): void {
  if (tls === null || typeof tls !== 'object' || tls.cert === undefined || tls.key === undefined)
    throw new InvalidOptionError(option, 'expected { cert, key, ca? } as PEM');
  try {
    createSecureContext(secureContextOptions(tls));
  } catch (error) {
    throw new InvalidOptionError(
      option,
      `cannot use the certificate, key or CA: ${(error as Error).message}`,
    );
  }
}

/**
 * The servers Levity serves over TLS, and the credentials they use now. Each server asks
 * for client certificates only when a CA is configured, and never refuses a handshake
 * for a missing or bad one (`rejectUnauthorized: false`): the upgrade decides per charge
 * point, so profile 1 and 2 charge points and API clients on the same port are unaffected.
 */
export class TlsServers {
  #tls: TlsOptions;
  readonly #servers = new Set<TlsServer>();

  constructor(tls: TlsOptions) {
    checkTlsOptions(tls);
    this.#tls = tls;
  }

  /** Whether clients are asked for a certificate (a CA is configured). */
  get requestsClientCertificates(): boolean {
    return this.#tls.ca !== undefined;
  }

  serverOptions(): HttpsServerOptions {
    return {
      ...secureContextOptions(this.#tls),
      requestCert: this.requestsClientCertificates,
      rejectUnauthorized: false,
    };
  }

  /** An HTTPS server with the current credentials; `reload` applies to it until it closes. */
  createServer(handler?: RequestListener, http: HttpServerOptions = {}): Server {
    const server = createHttpsServer({ ...http, ...this.serverOptions() }, handler);
    this.#servers.add(server);
    server.once('close', () => this.#servers.delete(server));
    return server;
  }

  /**
   * Replaces certificate, key and CA for new connections on every server; open
   * connections keep theirs. Throws (changing nothing) when the new ones are unusable.
   * Note: whether clients are asked for a certificate is fixed when a server starts.
   */
  reload(tls: TlsOptions): void {
    checkTlsOptions(tls);
    this.#tls = tls;
    for (const server of this.#servers) server.setSecureContext(this.serverOptions());
  }
}

/** A plain HTTP server, for when no TLS is configured. */
export const createPlainServer = (handler?: RequestListener, http: HttpServerOptions = {}): Server =>
  createHttpServer(http, handler);
