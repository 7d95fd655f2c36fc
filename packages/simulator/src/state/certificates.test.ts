import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CertificateStore, certificateHashData } from './certificates.js';
import { createSigningRequest } from './csr.js';
import { childrenOf, readElement } from './der.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), 'utf8');
const root = fixture('root-ca.pem');
const manufacturer = fixture('manufacturer-ca.pem');

describe('certificateHashData', () => {
  it('hashes the issuer name and key as openssl does for an OCSP CertID', () => {
    // openssl ocsp -sha256 -issuer root-ca.pem -cert root-ca.pem -req_text
    expect(certificateHashData(new X509Certificate(root), 'SHA256')).toEqual({
      hashAlgorithm: 'SHA256',
      issuerNameHash: '8a8d420bf42f6a209051c5f4a7090cacfe17126b7fd2717a31d794ef2265e778',
      issuerKeyHash: 'd8acb547bdd24f87ea65f2766f18c52d754b0c6dbb4ac206f0de008e33b79f72',
      serialNumber: '78275617e67d33065b2f0c69d9c50936f813a477',
    });
  });
});

describe('CertificateStore', () => {
  it('installs certificates by use, lists their hash data and deletes them by it', () => {
    const store = new CertificateStore();
    expect(store.install('CentralSystemRootCertificate', root, 10)).toBe('Accepted');
    expect(store.install('ManufacturerRootCertificate', manufacturer, 10)).toBe('Accepted');
    expect(store.install('CentralSystemRootCertificate', root, 10)).toBe('Accepted');
    expect(store.size).toBe(2);
    const [id] = store.ids('CentralSystemRootCertificate');
    expect(id?.serialNumber).toBe('78275617e67d33065b2f0c69d9c50936f813a477');
    expect(store.ids('ManufacturerRootCertificate', 'SHA512')[0]?.issuerNameHash).toHaveLength(128);
    expect(
      store.delete({
        ...(id as NonNullable<typeof id>),
        serialNumber: '0078275617E67D33065B2F0C69D9C50936F813A477',
      }),
    ).toBe('Accepted');
    expect(store.ids('CentralSystemRootCertificate')).toEqual([]);
    expect(store.delete(id as NonNullable<typeof id>)).toBe('NotFound');
  });

  it('rejects what is not a certificate and fails when the store is full', () => {
    const store = new CertificateStore();
    expect(store.install('CentralSystemRootCertificate', 'not a certificate', 10)).toBe('Rejected');
    expect(
      store.install(
        'CentralSystemRootCertificate',
        '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
        10,
      ),
    ).toBe('Rejected');
    store.install('CentralSystemRootCertificate', root, 1);
    expect(store.install('ManufacturerRootCertificate', manufacturer, 1)).toBe('Failed');
  });

  it('takes a signed chain as the charge point certificate', () => {
    const store = new CertificateStore();
    expect(store.installChargePointCertificate('garbage')).toBe(false);
    expect(store.installChargePointCertificate(fixture('charge-point-chain.pem'))).toBe(true);
    expect(store.chargePointCertificate?.subject).toContain('CN=SIM-CERT');
  });
});

describe('createSigningRequest', () => {
  it('writes a PKCS#10 request with the subject and a P-256 key', () => {
    const { csr, publicKey } = createSigningRequest({ commonName: 'SIM-1', organization: 'Levity' });
    expect(csr).toMatch(
      /^-----BEGIN CERTIFICATE REQUEST-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE REQUEST-----\n$/,
    );
    const der = Buffer.from(csr.replace(/-----[A-Z ]+-----|\n/g, ''), 'base64');
    const [info, algorithm, signature] = childrenOf(der, readElement(der, 0));
    expect([info?.tag, algorithm?.tag, signature?.tag]).toEqual([0x30, 0x30, 0x03]);
    expect(der.subarray(info?.start, info?.end).toString('latin1')).toContain('SIM-1');
    expect(publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });
});
