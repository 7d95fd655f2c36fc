import { createHash, X509Certificate } from 'node:crypto';
import type { Response } from '@levity/core';
import type { CertificateHashData, CertificateUse } from '../types.js';
import { childrenOf, readElement } from './der.js';

type HashAlgorithm = CertificateHashData['hashAlgorithm'];

interface StoredCertificate {
  readonly use: CertificateUse;
  readonly certificate: X509Certificate;
}

const NODE_HASH: Record<HashAlgorithm, string> = { SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512' };

/** The PEM blocks of a chain, parsed; `undefined` when any is not a certificate. */
export function parseChain(pem: string): X509Certificate[] | undefined {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (!blocks) return undefined;
  try {
    return blocks.map((block) => new X509Certificate(block));
  } catch {
    return undefined;
  }
}

/**
 * CertificateHashDataType of a certificate (security extension §2.4, as RFC 6960's
 * CertID): hashes of the DER issuer name and of the issuer's public key, and the serial
 * number in hex. The issuer's key is only known for a self-signed certificate (the root
 * certificates InstallCertificate installs); for others the certificate's own key stands in.
 *
 * @example
 * certificateHashData(new X509Certificate(pem), 'SHA256').serialNumber; // '78275617e67d…'
 */
export function certificateHashData(
  certificate: X509Certificate,
  algorithm: HashAlgorithm,
): CertificateHashData {
  const hash = (bytes: Uint8Array) => createHash(NODE_HASH[algorithm]).update(bytes).digest('hex');
  const der = certificate.raw;
  const tbs = childrenOf(der, readElement(der, 0))[0];
  const fields = tbs ? childrenOf(der, tbs) : [];
  // tbsCertificate: [0] version (optional), serialNumber, signature, issuer, …
  const issuer = fields[fields[0]?.tag === 0xa0 ? 3 : 2];
  const spki = certificate.publicKey.export({ type: 'spki', format: 'der' });
  const key = childrenOf(spki, readElement(spki, 0))[1];
  return {
    hashAlgorithm: algorithm,
    issuerNameHash: hash(issuer ? der.subarray(issuer.start, issuer.end) : Buffer.alloc(0)),
    // The BIT STRING's contents without its unused-bits octet.
    issuerKeyHash: hash(key ? spki.subarray(key.body + 1, key.end) : Buffer.alloc(0)),
    serialNumber: certificate.serialNumber.toLowerCase().replace(/^0+(?=.)/, ''),
  };
}

function sameCertificate(a: CertificateHashData, b: CertificateHashData): boolean {
  const serial = (value: string) => value.toLowerCase().replace(/^0+(?=.)/, '');
  return (
    a.hashAlgorithm === b.hashAlgorithm &&
    a.issuerNameHash.toLowerCase() === b.issuerNameHash.toLowerCase() &&
    a.issuerKeyHash.toLowerCase() === b.issuerKeyHash.toLowerCase() &&
    serial(a.serialNumber) === serial(b.serialNumber)
  );
}

/** The charge point's certificate store (security extension: use cases M03–M05, A02). */
export class CertificateStore {
  #installed: StoredCertificate[] = [];
  #chargePointChain: X509Certificate[] | undefined;

  /** InstallCertificate: Rejected when not a certificate, Failed when the store is full. */
  install(use: CertificateUse, pem: string, maxLength: number): Response<'InstallCertificate'>['status'] {
    const [certificate] = parseChain(pem) ?? [];
    if (!certificate) return 'Rejected';
    if (this.#installed.some((entry) => entry.use === use && entry.certificate.raw.equals(certificate.raw))) {
      return 'Accepted';
    }
    if (this.#installed.length >= maxLength) return 'Failed';
    this.#installed.push({ use, certificate });
    return 'Accepted';
  }

  ids(use: CertificateUse, algorithm: HashAlgorithm = 'SHA256'): CertificateHashData[] {
    return this.#installed
      .filter((entry) => entry.use === use)
      .map((entry) => certificateHashData(entry.certificate, algorithm));
  }

  /** DeleteCertificate: NotFound when no installed certificate has that hash data. */
  delete(hashData: CertificateHashData): Response<'DeleteCertificate'>['status'] {
    const before = this.#installed.length;
    this.#installed = this.#installed.filter(
      (entry) => !sameCertificate(certificateHashData(entry.certificate, hashData.hashAlgorithm), hashData),
    );
    return this.#installed.length < before ? 'Accepted' : 'NotFound';
  }

  /** CertificateSigned: the new charge point certificate chain, if it parses. */
  installChargePointCertificate(chain: string): boolean {
    const parsed = parseChain(chain);
    if (!parsed) return false;
    this.#chargePointChain = parsed;
    return true;
  }

  get chargePointCertificate(): X509Certificate | undefined {
    return this.#chargePointChain?.[0];
  }

  get size(): number {
    return this.#installed.length;
  }
}
