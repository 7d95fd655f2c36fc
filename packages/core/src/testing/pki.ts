import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One certificate made by `createTestPki`, as PEM text and as files. */
export interface TestCertificate {
  readonly cert: string;
  readonly key: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/** A throwaway public key infrastructure for TLS tests, in a temporary directory. */
export interface TestPki {
  readonly directory: string;
  /** The CA that signs the server and client certificates. */
  readonly ca: TestCertificate;
  /** A server certificate for `localhost` and 127.0.0.1, signed by the CA. */
  readonly server: TestCertificate;
  /** A client certificate with subject CN `commonName`, signed by `issuer` (default: the CA). */
  client(
    commonName: string,
    options?: { days?: number; issuer?: TestCertificate; name?: string },
  ): TestCertificate;
  /** Another self-signed CA, e.g. to sign certificates the server must not trust. */
  foreignCa(name?: string): TestCertificate;
  /** Deletes the directory. */
  remove(): void;
}

const openssl = (args: readonly string[], cwd: string) =>
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });

/**
 * Makes a CA, a server certificate and client certificates with the `openssl` command
 * line (it must be installed). EC P-256 keys, as the whitepaper prefers (A00.FR.503);
 * `days: -1` gives a certificate that has already expired.
 *
 * @example
 * const pki = createTestPki();
 * const cs = createCentralSystem({ tls: { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert } });
 * const cert = pki.client('CP001');
 */
export function createTestPki(): TestPki {
  const directory = mkdtempSync(join(tmpdir(), 'levity-pki-'));
  const read = (name: string): TestCertificate => ({
    cert: readFileSync(join(directory, `${name}.pem`), 'utf8'),
    key: readFileSync(join(directory, `${name}.key`), 'utf8'),
    certFile: join(directory, `${name}.pem`),
    keyFile: join(directory, `${name}.key`),
  });
  const selfSigned = (name: string, subject: string) => {
    openssl(
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.pem`,
        '-days',
        '30',
        '-subj',
        subject,
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ],
      directory,
    );
    return read(name);
  };
  let serial = 1;
  const signed = (
    name: string,
    subject: string,
    issuer: TestCertificate,
    days: number,
    extensions: string,
  ) => {
    openssl(
      [
        'req',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.csr`,
        '-subj',
        subject,
      ],
      directory,
    );
    writeFileSync(join(directory, `${name}.ext`), extensions);
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        issuer.certFile,
        '-CAkey',
        issuer.keyFile,
        '-set_serial',
        String(serial++),
        '-days',
        String(days),
        '-sha256',
        '-extfile',
        `${name}.ext`,
        '-out',
        `${name}.pem`,
      ],
      directory,
    );
    return read(name);
  };
  const ca = selfSigned('ca', '/O=Levity Test CPO/CN=Levity Test CA');
  const server = signed(
    'server',
    '/O=Levity Test CPO/CN=localhost',
    ca,
    30,
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n',
  );
  let clients = 0;
  return {
    directory,
    ca,
    server,
    client(commonName, { days = 30, issuer = ca, name = `client-${++clients}` } = {}) {
      return signed(
        name,
        `/O=Levity Test CPO/CN=${commonName.replace(/[/=\\]/g, '\\$&')}`,
        issuer,
        days,
        'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n',
      );
    },
    foreignCa: (name = 'foreign-ca') => selfSigned(name, '/O=Someone Else/CN=Foreign CA'),
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}
