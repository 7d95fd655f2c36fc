import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPki } from '../testing/pki.js';
import { createTestPki } from '../testing/pki.js';
import { createCaCertificateSigner } from './ca-certificate-signer.js';

let pki: TestPki;
beforeAll(() => {
  pki = createTestPki();
});
afterAll(() => pki.remove());

/** A CSR made by openssl, as a charge point would send it. */
function csr(subject: string, keyType: 'ec' | 'rsa' = 'ec'): string {
  const name = `csr-${Math.random().toString(36).slice(2)}`;
  const key =
    keyType === 'ec' ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-newkey', 'rsa:2048'];
  execFileSync(
    'openssl',
    ['req', ...key, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject],
    {
      cwd: pki.directory,
      stdio: 'pipe',
    },
  );
  return readFileSync(join(pki.directory, `${name}.csr`), 'utf8');
}

describe('createCaCertificateSigner', () => {
  it('signs a client certificate for the charge point id whatever CN the CSR asks, keeping its O', async () => {
    const sign = createCaCertificateSigner({ certificate: pki.ca.cert, privateKey: pki.ca.key });
    const chain = await sign({ chargePointId: 'CP001', csr: csr('/O=Levity Test CPO/CN=someone-else') });
    const certificate = new X509Certificate(chain);
    expect(certificate.subject).toBe('O=Levity Test CPO\nCN=CP001');
    expect(certificate.verify(new X509Certificate(pki.ca.cert).publicKey)).toBe(true);
    expect(certificate.ca).toBe(false);
    expect(certificate.keyUsage).toStrictEqual(['1.3.6.1.5.5.7.3.2']);
    const days = (Date.parse(certificate.validTo) - Date.parse(certificate.validFrom)) / 86_400_000;
    expect(Math.round(days)).toBe(365);
    // The CA is a root: the chain is the certificate alone.
    expect(chain.match(/BEGIN CERTIFICATE/g)).toHaveLength(1);
    // openssl agrees the certificate chains to the CA and is for client authentication.
    const file = join(pki.directory, 'signed.pem');
    writeFileSync(file, chain);
    const verified = execFileSync('openssl', [
      'verify',
      '-CAfile',
      pki.ca.certFile,
      '-purpose',
      'sslclient',
      file,
    ]);
    expect(verified.toString()).toContain('OK');
  });

  it('signs RSA requests too', async () => {
    const sign = createCaCertificateSigner({
      certificate: pki.ca.cert,
      privateKey: pki.ca.key,
      validityDays: 30,
    });
    const certificate = new X509Certificate(
      await sign({ chargePointId: 'CP:02', csr: csr('/CN=CP:02', 'rsa') }),
    );
    expect(certificate.subject).toBe('CN=CP:02');
    expect(certificate.publicKey.asymmetricKeyType).toBe('rsa');
  });

  it('refuses a CSR that is not PEM, not PKCS#10, or not signed by its own key', async () => {
    const sign = createCaCertificateSigner({ certificate: pki.ca.cert, privateKey: pki.ca.key });
    await expect(sign({ chargePointId: 'CP001', csr: 'hello' })).rejects.toThrow(/not PEM/);
    await expect(
      sign({
        chargePointId: 'CP001',
        csr: '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----',
      }),
    ).rejects.toThrow(/not PKCS#10/);
    const good = csr('/CN=CP001');
    const der = Buffer.from(good.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    der[der.length - 5] = (der[der.length - 5] as number) ^ 0xff;
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    await expect(sign({ chargePointId: 'CP001', csr: tampered })).rejects.toThrow(
      /not signed by its own key|not PKCS#10/,
    );
  });

  it('refuses a certificate that is no CA, or a key that is not its own, when created', () => {
    expect(() =>
      createCaCertificateSigner({ certificate: pki.server.cert, privateKey: pki.server.key }),
    ).toThrow(/not a CA/);
    expect(() => createCaCertificateSigner({ certificate: pki.ca.cert, privateKey: pki.server.key })).toThrow(
      /does not belong/,
    );
    expect(() => createCaCertificateSigner({ certificate: 'nope', privateKey: pki.ca.key })).toThrow(
      /not a PEM certificate/,
    );
  });
});
