import type { KeyObject } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import type { Response } from '@levity/core';

type ChangeStatus = Response<'ChangeConfiguration'>['status'];
type Pem = string | Buffer;

/** What the simulated charge point trusts and presents over TLS. */
export interface SimulatorTls {
  /** CA certificates it trusts for the central system's certificate (its CentralSystemRootCertificate). */
  readonly ca?: Pem | readonly Pem[];
  /** Its own client certificate (chain) and key, for security profile 3. */
  readonly cert?: string;
  readonly key?: string;
}

/** How the next connection is made. */
export interface ConnectionSettings {
  readonly endpoint: string;
  readonly password: Buffer | undefined;
  readonly tls: { ca?: Pem | readonly Pem[]; cert?: string; key?: string } | undefined;
}

/**
 * The charge point's side of the security profiles (OCPP 1.6 security whitepaper): its
 * SecurityProfile, AuthorizationKey (the Basic auth password, kept as bytes) and client
 * certificate, and the ChangeConfiguration rules for them (A01, A05).
 */
export class Credentials {
  #profile: number;
  #password: Buffer | undefined;
  #certificate: { cert: string; key: string } | undefined;
  /** The profile before the last accepted raise, until a connection with the new one works (A05.FR.08). */
  #fallback: number | undefined;
  /** Key pairs of CSRs sent, by public key, so a signed certificate can be used with its key. */
  readonly #pendingKeys: KeyObject[] = [];
  readonly #url: string;
  readonly #secureUrl: string;
  readonly #tls: SimulatorTls;

  constructor(options: {
    url: string;
    secureUrl: string | undefined;
    password: string | Uint8Array | undefined;
    tls: SimulatorTls | undefined;
    securityProfile: number;
  }) {
    this.#url = options.url;
    this.#secureUrl = options.secureUrl ?? options.url.replace(/^ws:/, 'wss:');
    this.#tls = options.tls ?? {};
    this.#password =
      options.password === undefined
        ? undefined
        : Buffer.from(
            typeof options.password === 'string' ? Buffer.from(options.password, 'utf8') : options.password,
          );
    this.#certificate =
      this.#tls.cert && this.#tls.key ? { cert: this.#tls.cert, key: this.#tls.key } : undefined;
    this.#profile = options.securityProfile;
  }

  get securityProfile(): number {
    return this.#profile;
  }

  get hasPassword(): boolean {
    return this.#password !== undefined;
  }

  get hasClientCertificate(): boolean {
    return this.#certificate !== undefined;
  }

  /** URL, password and TLS options for the next connection, following the current profile. */
  connection(): ConnectionSettings {
    const secure = this.#profile >= 2 || this.#url.startsWith('wss:');
    const endpoint = this.#profile >= 2 ? this.#secureUrl : this.#url;
    return {
      endpoint,
      // Profile 3 authenticates with the certificate alone.
      password: this.#profile === 3 ? undefined : this.#password,
      tls: secure
        ? {
            ...(this.#tls.ca === undefined ? {} : { ca: this.#tls.ca }),
            ...(this.#profile === 3 && this.#certificate ? this.#certificate : {}),
          }
        : undefined,
    };
  }

  /**
   * ChangeConfiguration AuthorizationKey: 16 to 20 bytes as hexadecimal digits
   * (whitepaper A00.FR.205), else Rejected. The new password is used from the next connection.
   */
  changeAuthorizationKey(value: string): ChangeStatus {
    if (!/^(?:[0-9A-Fa-f]{2}){16,20}$/.test(value)) return 'Rejected';
    this.#password = Buffer.from(value, 'hex');
    return 'Accepted';
  }

  /** ChangeConfiguration SecurityProfile, by the rules of whitepaper A05.FR.01 to 05. */
  changeSecurityProfile(value: string): ChangeStatus {
    if (!/^[0-3]$/.test(value)) return 'Rejected';
    const profile = Number(value);
    if (profile <= this.#profile) return 'Rejected';
    if ((profile === 1 || profile === 2) && !this.#password) return 'Rejected';
    if (profile >= 2 && this.#tls.ca === undefined) return 'Rejected';
    if (profile === 3 && !this.#certificate) return 'Rejected';
    this.#fallback = this.#profile;
    this.#profile = profile;
    return 'Accepted';
  }

  /** A connection worked: the new profile stays. */
  connected(): void {
    this.#fallback = undefined;
  }

  /** A connection with a newly raised profile failed: back to the previous one (A05.FR.08). Returns whether it fell back. */
  connectionFailed(): boolean {
    if (this.#fallback === undefined) return false;
    this.#profile = this.#fallback;
    this.#fallback = undefined;
    return true;
  }

  /** Remembers the key pair of a CSR it sends (SignCertificate). */
  rememberKey(privateKey: KeyObject): void {
    this.#pendingKeys.push(privateKey);
    if (this.#pendingKeys.length > 4) this.#pendingKeys.shift();
  }

  /** CertificateSigned: the chain becomes its client certificate when it is for a key it made. */
  useSignedCertificate(chain: string, leaf: { publicKey: KeyObject }): void {
    const spki = leaf.publicKey.export({ type: 'spki', format: 'der' });
    const key = this.#pendingKeys.find((candidate) =>
      createPublicKey(candidate).export({ type: 'spki', format: 'der' }).equals(spki),
    );
    if (key)
      this.#certificate = { cert: chain, key: key.export({ type: 'pkcs8', format: 'pem' }).toString() };
  }
}
