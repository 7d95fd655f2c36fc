// End to end with TLS: the built `levity` binary serving wss:// and https:// on one port,
// passwords provisioned with the client subcommands, SIGHUP reloading the certificate.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import type { TestPki } from '@levity/core/testing';
import { createTestPki } from '@levity/core/testing';
import { RPCClient } from 'ocpp-rpc';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  isStartupLine,
  killStragglers,
  runLevity,
  spawnLevity,
} from './support/levity-process.js';

type ClientOptions = ConstructorParameters<typeof RPCClient>[0];

let dir: string;
let pki: TestPki;
let renewed: TestPki;

beforeAll(() => {
  assertBuilt();
  pki = createTestPki();
  renewed = createTestPki();
});
afterAll(() => {
  pki.remove();
  renewed.remove();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'levity-security-e2e-'));
});
afterEach(() => {
  killStragglers();
  rmSync(dir, { recursive: true, force: true });
});

/** The SHA-256 fingerprint of the certificate the server presents now. */
function servedFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(
      { host: '127.0.0.1', port, servername: 'localhost', ca: [pki.ca.cert, renewed.ca.cert] },
      () => {
        resolve(socket.getPeerCertificate().fingerprint256);
        socket.destroy();
      },
    );
    socket.on('error', reject);
  });
}

describe('levity with TLS and security profile 1', () => {
  it('serves wss:// and https://, provisions a password from the CLI, and reloads its certificate on SIGHUP', async () => {
    const cert = join(dir, 'server.pem');
    const key = join(dir, 'server.key');
    copyFileSync(pki.server.certFile, cert);
    copyFileSync(pki.server.keyFile, key);
    const db = join(dir, 'tls.db');
    const token = 'security-e2e-token-0123456789';
    await using levity = spawnLevity(
      [
        '--host',
        '127.0.0.1',
        '--port',
        '0',
        '--db',
        db,
        '--log-file',
        '',
        '--ping-interval',
        '0',
        '--api-token',
        token,
        '--tls-cert',
        cert,
        '--tls-key',
        key,
        '--security-profile',
        '1',
      ],
      { cwd: dir },
    );
    const startup = await levity.waitForLog(isStartupLine);
    const port = startup.port as number;
    expect(startup.url).toBe(`wss://127.0.0.1:${port}/ws/{chargePointId}`);

    // The client subcommands reach the API over https:// when told to trust the CA.
    const cli = (args: string[]) =>
      runLevity([...args, '--url', `https://localhost:${port}`, '--api-token', token], {
        cwd: dir,
        env: { NODE_EXTRA_CA_CERTS: pki.ca.certFile },
      });
    const generated = await cli(['cp', 'set-password', 'CP001', '--generate']);
    expect(generated.code).toBe(0);
    const password = generated.stdout.trim();
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    const refused = await cli(['cp', 'set-password', 'CP002', '--password', 'too-short']);
    expect(refused).toMatchObject({ code: 1 });
    expect(refused.stderr).toMatch(/^levity: 400 body\/password: the password must be 16 to 20 bytes long/);
    expect((await cli(['cp', 'set-profile', 'CP001', '2'])).stdout).toBe(
      'CP001: security profile 2 (Stored)\n',
    );

    const chargePoint = new RPCClient({
      endpoint: `wss://localhost:${port}/ws`,
      identity: 'CP001',
      password,
      protocols: ['ocpp1.6'],
      reconnect: false,
      pingIntervalMs: 0,
      wsOpts: { ca: [pki.ca.cert, renewed.ca.cert] },
    } as Partial<ClientOptions> as ClientOptions);
    await chargePoint.connect();
    expect(await chargePoint.call('Heartbeat', {})).toHaveProperty('currentTime');

    const before = await servedFingerprint(port);
    // A broken file is refused and the running certificate stays.
    writeFileSync(cert, 'not a certificate');
    levity.child.kill('SIGHUP');
    await levity.waitForLog((line) => line.msg === 'SIGHUP: reload failed; the previous certificate stays');
    expect(await servedFingerprint(port)).toBe(before);

    copyFileSync(renewed.server.certFile, cert);
    copyFileSync(renewed.server.keyFile, key);
    levity.child.kill('SIGHUP');
    await levity.waitForLog((line) => line.msg === 'SIGHUP: TLS certificate, key and CA reloaded');
    expect(await servedFingerprint(port)).not.toBe(before);
    // The charge point connected before the reload is still served.
    expect(await chargePoint.call('Heartbeat', {})).toHaveProperty('currentTime');
    await chargePoint.close();

    const log = levity.stdout();
    expect(log).not.toContain(password);
    levity.child.kill('SIGTERM');
    expect((await levity.exited).code).toBe(0);
  });
});

describe('levity simulate with security profiles', () => {
  it('connects over wss:// with a password and with a client certificate', async () => {
    const token = 'simulate-e2e-token-0123456789';
    await using levity = spawnLevity(
      [
        '--host',
        '127.0.0.1',
        '--port',
        '0',
        '--db',
        join(dir, 'sim.db'),
        '--log-file',
        '',
        '--api-token',
        token,
        '--tls-cert',
        pki.server.certFile,
        '--tls-key',
        pki.server.keyFile,
        '--tls-ca',
        pki.ca.certFile,
        '--security-profile',
        '2',
      ],
      { cwd: dir },
    );
    const { port } = (await levity.waitForLog(isStartupLine)) as { port: number };
    const password = 'simulated-pass-01';
    const set = await runLevity(
      [
        'cp',
        'set-password',
        'SIM-1',
        '--password',
        password,
        '--url',
        `https://localhost:${port}`,
        '--api-token',
        token,
      ],
      { cwd: dir, env: { NODE_EXTRA_CA_CERTS: pki.ca.certFile } },
    );
    expect(set.stdout).toBe('SIM-1: password stored\n');
    const simulate = (args: string[]) =>
      runLevity(
        [
          'simulate',
          '--url',
          `wss://localhost:${port}/ws`,
          '--cps',
          '1',
          '--duration',
          '2',
          '--ca',
          pki.ca.certFile,
          '--session-seconds',
          '1',
          ...args,
        ],
        { cwd: dir },
      );
    const withPassword = await simulate(['--password', password]);
    expect(withPassword.code).toBe(0);
    expect(withPassword.stderr).toMatch(/booted 1\/1/);

    const certificate = pki.client('CERT-1');
    const withCertificate = await simulate([
      '--id-prefix',
      'CERT-',
      '--cert',
      certificate.certFile,
      '--key',
      certificate.keyFile,
    ]);
    expect(withCertificate.code).toBe(0);
    expect(withCertificate.stderr).toMatch(/booted 1\/1/);

    const wrong = await simulate(['--password', 'not-the-password']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/no charge point could boot/);
    expect((await simulate(['--cert', certificate.certFile])).stderr).toBe(
      'levity simulate: --cert and --key go together\n',
    );
  });
});

describe('levity security flags', () => {
  it('reports an unreadable or unusable file in one line and exits 1, and a bad combination with 2', async () => {
    const notPem = join(dir, 'not.pem');
    writeFileSync(notPem, 'hello');
    const run = (args: string[]) =>
      runLevity(['--port', '0', '--db', ':memory:', '--log-file', '', ...args], { cwd: dir });

    const missing = await run(['--tls-cert', join(dir, 'missing.pem'), '--tls-key', pki.server.keyFile]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`levity: cannot read --tls-cert ${join(dir, 'missing.pem')}: no such file\n`);

    const garbage = await run(['--tls-cert', notPem, '--tls-key', pki.server.keyFile]);
    expect(garbage.code).toBe(1);
    expect(garbage.stderr).toBe(`levity: --tls-cert ${notPem} is not a PEM file\n`);

    const mismatch = await run(['--tls-cert', pki.server.certFile, '--tls-key', pki.ca.keyFile]);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(
      /^levity: --tls-cert\/--tls-key: cannot use the certificate, key or CA: .+\n$/,
    );
    expect(mismatch.stderr.split('\n')).toHaveLength(2);

    const notCa = await run(['--csr-ca-cert', pki.server.certFile, '--csr-ca-key', pki.server.keyFile]);
    expect(notCa.code).toBe(1);
    expect(notCa.stderr).toBe(
      'levity: --csr-ca-cert/--csr-ca-key: the certificate is not a CA (basicConstraints CA:TRUE)\n',
    );

    const usage = await run(['--security-profile', '2']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe('levity: --security-profile 2 needs --tls-cert and --tls-key\n');
  });
});
