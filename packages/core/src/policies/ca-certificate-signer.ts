import type { KeyObject } from 'node:crypto';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  sign,
  verify,
  X509Certificate,
} from 'node:crypto';
import { CertificationRequest } from '@peculiar/asn1-csr';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectKeyIdentifier,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectKeyIdentifier,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import { InvalidOptionError, LevityError } from '../errors.js';
import type { CertificateSigner } from './certificate-signer.js';

/** Options of `createCaCertificateSigner`. */
export interface CaCertificateSignerOptions {
  /** The CA certificate (PEM) that signs charge point certificates. */
  readonly certificate: string | Buffer;
  /** Its private key (PEM, unencrypted). */
  readonly privateKey: string | Buffer;
  /** How long a signed certificate is valid. Default 365 days. */
  readonly validityDays?: number;
  /** Time source, for tests. */
  readonly clock?: () => Date;
}

const COMMON_NAME = '2.5.4.3';
const ORGANIZATION = '2.5.4.10';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

/** CSR signature algorithms Levity checks, and the hash each uses. */
const CSR_HASHES: Readonly<Record<string, string>> = {
  '1.2.840.10045.4.3.2': 'sha256', // ecdsa-with-SHA256
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.11': 'sha256', // sha256WithRSAEncryption
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

/** How the CA key signs: whitepaper A00.FR.505/506, ECDSA (or RSA) with SHA-256 (SHA-384 for P-384). */
function signingAlgorithm(key: KeyObject): { hash: string; identifier: AlgorithmIdentifier } {
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    const hash = curve === 'secp384r1' ? 'sha384' : curve === 'secp521r1' ? 'sha512' : 'sha256';
    const oid = {
      sha256: '1.2.840.10045.4.3.2',
      sha384: '1.2.840.10045.4.3.3',
      sha512: '1.2.840.10045.4.3.4',
    }[hash];
    return { hash, identifier: new AlgorithmIdentifier({ algorithm: oid as string }) };
  }
  if (key.asymmetricKeyType === 'rsa') {
    // sha256WithRSAEncryption takes explicit NULL parameters (RFC 4055).
    return {
      hash: 'sha256',
      identifier: new AlgorithmIdentifier({ algorithm: '1.2.840.113549.1.1.11', parameters: null }),
    };
  }
  throw new InvalidOptionError(
    'certificateSigner',
    `a CA key of type ${key.asymmetricKeyType} cannot sign; use EC or RSA`,
  );
}

const pemBody = (pem: string, label: string): Buffer | undefined => {
  const match = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(pem);
  return match ? Buffer.from((match[1] as string).replace(/\s+/g, ''), 'base64') : undefined;
};

const toPem = (der: ArrayBuffer | Buffer, label: string) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der as ArrayBuffer)
    .toString('base64')
    .replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;

function attribute(type: string, value: string): RelativeDistinguishedName {
  return new RelativeDistinguishedName([
    new AttributeTypeAndValue({ type, value: new AttributeValue({ utf8String: value }) }),
  ]);
}

function extension(extnID: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

/** A positive serial number of 16 random bytes (RFC 5280 §4.1.2.2; whitepaper A00.FR.508). */
function serialNumber(): ArrayBuffer {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] as number) & 0x7f) | 0x01;
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
}

/**
 * A `certificateSigner` that signs SignCertificate CSRs with a CA certificate and key,
 * so a fleet can move to security profile 3 with Levity alone (whitepaper A02/A03). The
 * CSR's signature is checked; the certificate's subject CN is the charge point id
 * whatever the CSR asks (the id is what profile 3 checks), with the CSR's O (CpoName,
 * A02.FR.13) kept; it is a client certificate (no CA, clientAuth) valid for
 * `validityDays`. The chain returned is the certificate, then the CA unless it is a root.
 *
 * @example
 * const cs = createCentralSystem({
 *   certificateSigner: createCaCertificateSigner({ certificate: readFileSync('ca.pem'), privateKey: readFileSync('ca.key') }),
 * });
 */
export function createCaCertificateSigner(options: CaCertificateSignerOptions): CertificateSigner {
  const validityDays = options.validityDays ?? 365;
  if (!Number.isInteger(validityDays) || validityDays < 1 || validityDays > 3650)
    throw new InvalidOptionError(
      'validityDays',
      `expected an integer from 1 to 3650, got ${String(validityDays)}`,
    );
  const clock = options.clock ?? (() => new Date());
  let ca: X509Certificate;
  let key: KeyObject;
  try {
    ca = new X509Certificate(options.certificate);
  } catch (error) {
    throw new InvalidOptionError('certificate', `not a PEM certificate: ${(error as Error).message}`);
  }
  try {
    key = createPrivateKey(options.privateKey);
  } catch (error) {
    throw new InvalidOptionError('privateKey', `not a PEM private key: ${(error as Error).message}`);
  }
  if (!ca.ca)
    throw new InvalidOptionError('certificate', 'the certificate is not a CA (basicConstraints CA:TRUE)');
  if (!ca.checkPrivateKey(key))
    throw new InvalidOptionError('privateKey', 'the key does not belong to the CA certificate');
  const { hash, identifier } = signingAlgorithm(key);
  const caCertificate = AsnConvert.parse(ca.raw, Certificate);
  const caKeyId = caCertificate.tbsCertificate.extensions?.find(
    (entry) => entry.extnID === id_ce_subjectKeyIdentifier,
  )?.extnValue.buffer;
  const chainTail = ca.issuer === ca.subject ? '' : ca.toString();

  return async ({ chargePointId, csr }) => {
    const der = pemBody(csr, 'CERTIFICATE REQUEST') ?? pemBody(csr, 'NEW CERTIFICATE REQUEST');
    if (!der)
      throw new LevityError('LEVITY_ERR_INVALID_ARGUMENT', 'The CSR is not PEM (BEGIN CERTIFICATE REQUEST)');
    let request: CertificationRequest;
    try {
      request = AsnConvert.parse(der, CertificationRequest);
    } catch (error) {
      throw new LevityError(
        'LEVITY_ERR_INVALID_ARGUMENT',
        `The CSR is not PKCS#10: ${(error as Error).message}`,
      );
    }
    const info = request.certificationRequestInfo;
    const spki = Buffer.from(AsnConvert.serialize(info.subjectPKInfo));
    const csrHash = CSR_HASHES[request.signatureAlgorithm.algorithm];
    const raw = request.certificationRequestInfoRaw;
    if (!csrHash || !raw)
      throw new LevityError(
        'LEVITY_ERR_INVALID_ARGUMENT',
        `The CSR's signature algorithm ${request.signatureAlgorithm.algorithm} is not supported`,
      );
    const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    if (!verify(csrHash, Buffer.from(raw), publicKey, Buffer.from(request.signature)))
      throw new LevityError('LEVITY_ERR_INVALID_ARGUMENT', 'The CSR is not signed by its own key');
    if (publicKey.asymmetricKeyType === 'rsa' && (publicKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
      throw new LevityError(
        'LEVITY_ERR_INVALID_ARGUMENT',
        'An RSA key must have at least 2048 bits (whitepaper A00.FR.502)',
      );

    const organization = info.subject
      .flatMap((rdn) => [...rdn])
      .find((entry) => entry.type === ORGANIZATION)
      ?.value.toString();
    const subject = new Name([
      ...(organization ? [attribute(ORGANIZATION, organization)] : []),
      attribute(COMMON_NAME, chargePointId),
    ]);
    const now = clock().getTime();
    const keyId = createHash('sha1').update(Buffer.from(info.subjectPKInfo.subjectPublicKey)).digest();
    const usage =
      publicKey.asymmetricKeyType === 'rsa'
        ? KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment
        : KeyUsageFlags.digitalSignature;
    const extensions = new Extensions([
      extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: false })),
      extension(id_ce_keyUsage, true, new KeyUsage(usage)),
      extension(id_ce_extKeyUsage, false, new ExtendedKeyUsage([CLIENT_AUTH])),
      extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyId)),
      ...(caKeyId
        ? [
            extension(
              id_ce_authorityKeyIdentifier,
              false,
              new AuthorityKeyIdentifier({ keyIdentifier: AsnConvert.parse(caKeyId, KeyIdentifier) }),
            ),
          ]
        : []),
    ]);
    const tbs = new TBSCertificate({
      version: Version.v3,
      serialNumber: serialNumber(),
      signature: identifier,
      issuer: caCertificate.tbsCertificate.subject,
      // A minute back: a charge point whose clock runs a little behind can use it at once (A02.FR.08).
      validity: new Validity({
        notBefore: new Date(now - 60_000),
        notAfter: new Date(now + validityDays * 86_400_000),
      }),
      subject,
      subjectPublicKeyInfo: info.subjectPKInfo,
      extensions,
    });
    const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
    const signature = sign(hash, tbsDer, key);
    const certificate = new Certificate({
      tbsCertificate: tbs,
      signatureAlgorithm: identifier,
      signatureValue: signature.buffer.slice(signature.byteOffset, signature.byteOffset + signature.length),
    });
    return toPem(AsnConvert.serialize(certificate), 'CERTIFICATE') + chainTail;
  };
}
