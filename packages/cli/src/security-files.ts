import { readFileSync } from 'node:fs';
import type { CertificateSigner, TlsOptions } from '@levity/core';
import { createCaCertificateSigner, InvalidOptionError } from '@levity/core';
import type { CliOptions } from './options.js';
import { StartupError } from './startup-error.js';

/** The text of a PEM file named by `flag`, or a one-line StartupError. */
function readPem(flag: string, path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new StartupError(`cannot read ${flag} ${path}: ${reason}`, { cause: error });
  }
  if (!text.includes('-----BEGIN ')) throw new StartupError(`${flag} ${path} is not a PEM file`);
  return text;
}

/** The TLS credentials the flags name, read now (and again at each SIGHUP); `undefined` without `--tls-cert`. */
export function readTlsFiles(options: CliOptions): TlsOptions | undefined {
  if (options.tlsCert === null || options.tlsKey === null) return undefined;
  return {
    cert: readPem('--tls-cert', options.tlsCert),
    key: readPem('--tls-key', options.tlsKey),
    ...(options.tlsCa === null ? {} : { ca: readPem('--tls-ca', options.tlsCa) }),
  };
}

/** The CSR signer the flags name; `undefined` without `--csr-ca-cert`. */
export function readCsrSigner(options: CliOptions): CertificateSigner | undefined {
  if (options.csrCaCert === null || options.csrCaKey === null) return undefined;
  const certificate = readPem('--csr-ca-cert', options.csrCaCert);
  const privateKey = readPem('--csr-ca-key', options.csrCaKey);
  try {
    return createCaCertificateSigner({ certificate, privateKey });
  } catch (error) {
    throw new StartupError(`--csr-ca-cert/--csr-ca-key: ${securityMessage(error)}`, { cause: error });
  }
}

/** An InvalidOptionError's message without the library's option name, which means nothing on a command line. */
export function securityMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return error instanceof InvalidOptionError ? message.replace(/^Invalid option "[^"]+": /, '') : message;
}
