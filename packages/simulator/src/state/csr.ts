import type { KeyObject } from 'node:crypto';
import { generateKeyPairSync, sign } from 'node:crypto';
import { bitString, encode, objectIdentifier, sequence, set, smallInteger, utf8 } from './der.js';

const COMMON_NAME = '2.5.4.3';
const ORGANIZATION = '2.5.4.10';
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';

/** A key pair of the charge point and a PEM PKCS#10 request (RFC 2986) signed with it. */
export interface SigningRequest {
  readonly csr: string;
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
}

/**
 * A certificate signing request for the charge point's certificate (security extension
 * A02): subject CN = the charge point's serial number, O = the CPO name, a new P-256 key.
 */
export function createSigningRequest(subject: { commonName: string; organization: string }): SigningRequest {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const name = sequence(
    set(sequence(objectIdentifier(COMMON_NAME), utf8(subject.commonName))),
    set(sequence(objectIdentifier(ORGANIZATION), utf8(subject.organization))),
  );
  const info = sequence(
    smallInteger(0),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    // attributes [0] IMPLICIT SET OF Attribute: none.
    encode(0xa0),
  );
  const signature = sign('sha256', info, privateKey);
  const der = sequence(info, sequence(objectIdentifier(ECDSA_WITH_SHA256)), bitString(signature));
  const base64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return {
    csr: `-----BEGIN CERTIFICATE REQUEST-----\n${base64}-----END CERTIFICATE REQUEST-----\n`,
    publicKey,
    privateKey,
  };
}
