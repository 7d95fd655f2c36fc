import { once } from 'node:events';
import { createServer as createPlainServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTlsServer, connect as tlsConnect } from 'node:tls';
import { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CentralSystem, CentralSystemEvents, CentralSystemOptions } from '../src/index.js';
import { createCentralSystem, MemoryStorage } from '../src/index.js';
import type { TestPki } from '../src/testing/index.js';
import { createTestPki } from '../src/testing/index.js';
import type { RpcClientOptions } from './support/server.js';
import { attemptUpgrade } from './support/upgrade.js';

const PASSWORD = 'sixteen-chars-ok';

let pki: TestPki;
beforeAll(() => {
  pki = createTestPki();
});
afterAll(() => pki.remove());

interface Running {
  cs: CentralSystem;
  storage: MemoryStorage;
  port: number;
  refused: CentralSystemEvents['connectionRefused'][];
  connected: CentralSystemEvents['connected'][];
  client(id: string, options?: Partial<RpcClientOptions>): Promise<RPCClient>;
  [Symbol.asyncDispose](): Promise<void>;
}

async function start(
  options: CentralSystemOptions & { tlsFromPki?: 'server' | 'mutual' } = {},
): Promise<Running> {
  const { tlsFromPki, ...rest } = options;
  const storage = new MemoryStorage();
  const tls =
    tlsFromPki === undefined
      ? undefined
      : {
          cert: pki.server.cert,
          key: pki.server.key,
          ...(tlsFromPki === 'mutual' ? { ca: pki.ca.cert } : {}),
        };
  const cs = createCentralSystem({ pingIntervalSeconds: 0, storage, ...(tls ? { tls } : {}), ...rest });
  const { port } = await cs.listen({ host: '127.0.0.1', port: 0 });
  const refused: Running['refused'] = [];
  const connected: Running['connected'] = [];
  cs.on('connectionRefused', (event) => refused.push(event));
  cs.on('connected', (event) => connected.push(event));
  const clients: RPCClient[] = [];
  return {
    cs,
    storage,
    port,
    refused,
    connected,
    async client(id, clientOptions = {}) {
      const client = new RPCClient({
        endpoint: `${tls ? 'wss' : 'ws'}://${tls ? 'localhost' : '127.0.0.1'}:${port}/ws`,
        identity: id,
        protocols: ['ocpp1.6'],
        strictMode: true,
        reconnect: false,
        pingIntervalMs: 0,
        ...clientOptions,
        wsOpts: { ...(tls ? { ca: pki.ca.cert } : {}), ...(clientOptions.wsOpts ?? {}) },
      } as RpcClientOptions);
      clients.push(client);
      await client.connect();
      return client;
    },
    async [Symbol.asyncDispose]() {
      await Promise.allSettled(clients.map((client) => client.close({ force: true })));
      await cs.close();
    },
  };
}

const heartbeat = (client: RPCClient) => client.call('Heartbeat', {}) as Promise<{ currentTime: string }>;

describe('security profile 1: HTTP Basic auth at the upgrade', () => {
  it('accepts the right password and serves the charge point', async () => {
    await using server = await start({ securityProfile: 1 });
    await server.cs.chargePoints.setPassword('CP001', PASSWORD);
    const client = await server.client('CP001', { password: PASSWORD });
    expect(await heartbeat(client)).toHaveProperty('currentTime');
    expect(server.connected).toMatchObject([{ chargePointId: 'CP001', securityProfile: 1 }]);
  });

  it('refuses a wrong, a missing and an unknown charge point with 401 and WWW-Authenticate: Basic, and records each', async () => {
    await using server = await start({ securityProfile: 1, authFailureLimit: 0 });
    await server.cs.chargePoints.setPassword('CP001', PASSWORD);
    const wrong = await attemptUpgrade(server.port, 'CP001', { password: 'sixteen-chars-no' });
    const missing = await attemptUpgrade(server.port, 'CP001');
    const otherUser = await attemptUpgrade(server.port, 'CP001', {
      authorization: `Basic ${Buffer.from(`CP002:${PASSWORD}`).toString('base64')}`,
    });
    const unknown = await attemptUpgrade(server.port, 'CP404', { password: PASSWORD });
    for (const answer of [wrong, missing, otherUser, unknown]) {
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toMatch(/^Basic realm="levity"/);
    }
    // The same answer whatever the reason; the reason is in storage, the event and the log.
    expect(new Set([wrong.body, missing.body, unknown.body]).size).toBe(1);
    await expect.poll(() => server.storage.connectionRefusals.list()).toHaveLength(4);
    const stored = await server.storage.connectionRefusals.list();
    expect(stored.map((row) => [row.chargePointId, row.reason, row.requiredProfile]).reverse()).toStrictEqual(
      [
        ['CP001', 'InvalidCredentials', 1],
        ['CP001', 'MissingCredentials', 1],
        ['CP001', 'MissingCredentials', 1],
        ['CP404', 'UnknownChargePoint', 1],
      ],
    );
    expect(stored[0]?.remoteAddress).toMatch(/127\.0\.0\.1/);
    expect(server.refused).toHaveLength(4);
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);
  });

  it('accepts an id and a password with colons, and a binary password', async () => {
    await using server = await start({ securityProfile: 1 });
    await server.cs.chargePoints.setPassword('CP:01:A', 'pass:word:with:16');
    const binary = Buffer.from('00ff10e2c3a1b2c3d4e5f60718293a4b', 'hex');
    await server.cs.chargePoints.setPassword('CP002', binary);
    expect((await attemptUpgrade(server.port, 'CP:01:A', { password: 'pass:word:with:16' })).status).toBe(
      101,
    );
    expect((await attemptUpgrade(server.port, 'CP:01:A', { password: 'pass:word:with:17' })).status).toBe(
      401,
    );
    expect((await attemptUpgrade(server.port, 'CP002', { password: binary })).status).toBe(101);
    const client = await server.client('CP:01:A', { password: 'pass:word:with:16' });
    expect(await heartbeat(client)).toHaveProperty('currentTime');
  });

  it('stores only a salted scrypt hash with its parameters, and never shows it', async () => {
    await using server = await start();
    await server.cs.chargePoints.setPassword('CP001', PASSWORD);
    await server.cs.chargePoints.setPassword('CP002', PASSWORD);
    const first = await server.storage.chargePointSecurity.get('CP001');
    const second = await server.storage.chargePointSecurity.get('CP002');
    expect(first?.passwordHash).toMatch(/^scrypt\$ln=15,r=8,p=1\$/);
    expect(first?.passwordHash).not.toBe(second?.passwordHash);
    expect(first?.passwordHash).not.toContain(PASSWORD);
    expect(await server.cs.chargePoints.credentials('CP001')).toStrictEqual({
      chargePointId: 'CP001',
      securityProfile: 0,
      passwordSet: true,
      updatedAt: expect.any(String),
    });
  });

  it('refuses a password that breaks the whitepaper rules, naming the rule', async () => {
    await using server = await start();
    await expect(server.cs.chargePoints.setPassword('CP001', 'short')).rejects.toMatchObject({
      code: 'LEVITY_ERR_INVALID_ARGUMENT',
      message: expect.stringMatching(/16 to 20 bytes.*A00\.FR\.205/),
    });
    await expect(server.cs.chargePoints.setPassword('CP001', 'twenty-one-characters')).rejects.toThrow(
      /16 to 20/,
    );
    await expect(server.cs.chargePoints.setPassword('CP001', 'sixteen\nchars-ok')).rejects.toThrow(/control/);
    const generated = await server.cs.chargePoints.generatePassword('CP003');
    expect(generated).toMatch(/^[A-Za-z0-9]{20}$/);
    expect((await attemptUpgrade(server.port, 'CP003', { password: generated })).status).toBe(101);
  });

  it("asks a charge point for its stored profile even when the server's minimum is 0", async () => {
    await using server = await start();
    expect((await attemptUpgrade(server.port, 'CP001')).status).toBe(101);
    await server.cs.chargePoints.setPassword('CP001', PASSWORD);
    await server.cs.chargePoints.setSecurityProfile('CP001', 1);
    expect((await attemptUpgrade(server.port, 'CP001')).status).toBe(401);
    expect((await attemptUpgrade(server.port, 'CP001', { password: PASSWORD })).status).toBe(101);
    expect((await attemptUpgrade(server.port, 'CP002')).status).toBe(101);
  });
});

describe('repeated failed authentications', () => {
  it('answer 429 with Retry-After for a while, then let the right password in', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    await using server = await start({
      securityProfile: 1,
      authFailureLimit: 3,
      authBackoffSeconds: 30,
      clock: () => new Date(now),
    });
    await server.cs.chargePoints.setPassword('CP001', PASSWORD);
    for (let i = 0; i < 3; i++) {
      expect((await attemptUpgrade(server.port, 'CP001', { password: 'sixteen-chars-no' })).status).toBe(401);
    }
    const slowed = await attemptUpgrade(server.port, 'CP001', { password: PASSWORD });
    expect(slowed.status).toBe(429);
    expect(slowed.headers['retry-after']).toBe('30');
    now += 31_000;
    expect((await attemptUpgrade(server.port, 'CP001', { password: PASSWORD })).status).toBe(101);
  });

  it('do not lock out a charge point from the address it authenticated from', async () => {
    await using server = await start({ securityProfile: 1, authFailureLimit: 3, authBackoffSeconds: 60 });
    await server.cs.chargePoints.setPassword('CP001', PASSWORD);
    const legitimate = { password: PASSWORD, localAddress: '127.0.0.1' };
    expect((await attemptUpgrade(server.port, 'CP001', legitimate)).status).toBe(101);
    for (let i = 0; i < 3; i++) {
      const guess = await attemptUpgrade(server.port, 'CP001', {
        password: `guess-${i}-sixteen!`,
        localAddress: '127.0.0.2',
      });
      expect(guess.status).toBe(401);
    }
    expect(
      (await attemptUpgrade(server.port, 'CP001', { password: PASSWORD, localAddress: '127.0.0.2' })).status,
    ).toBe(429);
    expect(
      (await attemptUpgrade(server.port, 'CP001', { password: PASSWORD, localAddress: '127.0.0.3' })).status,
    ).toBe(429);
    expect((await attemptUpgrade(server.port, 'CP001', legitimate)).status).toBe(101);
  });
});

describe('security profile 2: TLS with Basic auth', () => {
  it('serves wss:// and https:// on the same server, and accepts the password over TLS', async () => {
    await using server = await start({ securityProfile: 2, tlsFromPki: 'server' });
    await server.cs.chargePoints.setPassword('CP001', PASSWORD);
    const client = await server.client('CP001', { password: PASSWORD });
    expect(await heartbeat(client)).toHaveProperty('currentTime');
    expect(server.connected).toMatchObject([{ chargePointId: 'CP001', securityProfile: 2 }]);

    const api = server.cs.createServer((_request, response) => response.end('over https'));
    api.listen(0, '127.0.0.1');
    await once(api, 'listening');
    const { port } = api.address() as AddressInfo;
    const body = await fetchOverTls(port);
    expect(body).toBe('over https');
    expect(
      (await attemptUpgrade(port, 'CP001', { password: PASSWORD, tls: { ca: pki.ca.cert } })).status,
    ).toBe(101);
    api.close();
  });

  it('refuses ws:// for a charge point whose profile is 2, even with the right password', async () => {
    await using server = await start({ securityProfile: 1, tlsFromPki: 'server', authFailureLimit: 0 });
    await server.cs.chargePoints.setPassword('CP001', PASSWORD);
    await server.cs.chargePoints.setSecurityProfile('CP001', 2);
    // Plain HTTP in front of the same central system (e.g. a second port).
    const plain = createPlainServer().on('upgrade', server.cs.handleUpgrade).listen(0, '127.0.0.1');
    await once(plain, 'listening');
    const plainPort = (plain.address() as AddressInfo).port;
    const refused = await attemptUpgrade(plainPort, 'CP001', { password: PASSWORD });
    expect(refused.status).toBe(401);
    await expect
      .poll(() => server.storage.connectionRefusals.list())
      .toMatchObject([{ chargePointId: 'CP001', reason: 'TlsRequired', requiredProfile: 2 }]);
    // The downgrade is refused; the same charge point over TLS is accepted.
    expect(
      (await attemptUpgrade(server.port, 'CP001', { password: PASSWORD, tls: { ca: pki.ca.cert } })).status,
    ).toBe(101);
    // A profile-1 charge point still connects over ws://.
    await server.cs.chargePoints.setPassword('CP002', PASSWORD);
    expect((await attemptUpgrade(plainPort, 'CP002', { password: PASSWORD })).status).toBe(101);
    plain.close();
  });

  it('refuses TLS 1.1 and negotiates a suite the whitepaper allows on TLS 1.2', async () => {
    await using server = await start({ tlsFromPki: 'server' });
    const legacy = { maxVersion: 'TLSv1.1', minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' } as const;
    // The same client completes a handshake with a server that allows TLS 1.1: it really offers it.
    const permissive = createTlsServer({
      cert: pki.server.cert,
      key: pki.server.key,
      minVersion: 'TLSv1',
      ciphers: 'DEFAULT@SECLEVEL=0',
    }).listen(0, '127.0.0.1');
    await once(permissive, 'listening');
    expect(await handshake((permissive.address() as AddressInfo).port, legacy)).toMatchObject({
      version: 'TLSv1.1',
    });
    permissive.close();

    await expect(handshake(server.port, legacy)).rejects.toThrow(/protocol version|unsupported protocol/i);
    const modern = await handshake(server.port, { maxVersion: 'TLSv1.2' });
    expect(modern).toMatchObject({ version: 'TLSv1.2' });
    expect(['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384']).toContain(modern.cipher);
    await expect(
      handshake(server.port, {
        maxVersion: 'TLSv1.2',
        ciphers: 'ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305',
      }),
    ).rejects.toThrow(/handshake failure|no shared cipher/i);
  });
});

describe('security profile 3: TLS with client certificates', () => {
  it('accepts a client certificate that chains to the CA with CN = the charge point id, without a password', async () => {
    await using server = await start({ securityProfile: 3, tlsFromPki: 'mutual' });
    const certificate = pki.client('CP001');
    const client = await server.client('CP001', { wsOpts: { cert: certificate.cert, key: certificate.key } });
    expect(await heartbeat(client)).toHaveProperty('currentTime');
    expect(server.connected).toMatchObject([{ chargePointId: 'CP001', securityProfile: 3 }]);
  });

  it('refuses a missing, foreign-CA, wrong-CN or expired certificate, and records why', async () => {
    await using server = await start({ securityProfile: 3, tlsFromPki: 'mutual', authFailureLimit: 0 });
    const foreignCa = pki.foreignCa();
    const attempts = {
      missing: { ca: pki.ca.cert },
      foreign: { ca: pki.ca.cert, ...pki.client('CP001', { issuer: foreignCa }) },
      wrongCn: { ca: pki.ca.cert, ...pki.client('CP002') },
      expired: { ca: pki.ca.cert, ...pki.client('CP001', { days: -1 }) },
    };
    for (const tls of Object.values(attempts)) {
      const answer = await attemptUpgrade(server.port, 'CP001', { tls, password: PASSWORD });
      expect(answer.status).toBe(401);
    }
    await expect.poll(() => server.storage.connectionRefusals.list()).toHaveLength(4);
    const reasons = (await server.storage.connectionRefusals.list()).reverse();
    expect(reasons.map((row) => row.reason)).toStrictEqual([
      'ClientCertificateRequired',
      'InvalidClientCertificate',
      'InvalidClientCertificate',
      'InvalidClientCertificate',
    ]);
    expect(reasons[1]?.detail).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to get local issuer/i);
    expect(reasons[2]?.detail).toMatch(/CN "CP002"/);
    expect(reasons[3]?.detail).toMatch(/CERT_HAS_EXPIRED/);
  });

  it('leaves profile 1 and 2 charge points on the same port unaffected', async () => {
    await using server = await start({ tlsFromPki: 'mutual' });
    await server.cs.chargePoints.setPassword('CP001', PASSWORD);
    await server.cs.chargePoints.setSecurityProfile('CP001', 2);
    const client = await server.client('CP001', { password: PASSWORD });
    expect(await heartbeat(client)).toHaveProperty('currentTime');
    await server.cs.chargePoints.setSecurityProfile('CP003', 3);
    expect(
      (await attemptUpgrade(server.port, 'CP003', { tls: { ca: pki.ca.cert }, password: PASSWORD })).status,
    ).toBe(401);
    expect(server.connected).toMatchObject([{ chargePointId: 'CP001', securityProfile: 2 }]);
  });
});

describe('certificate reload', () => {
  it('serves a new certificate to new connections and keeps open ones', async () => {
    await using server = await start({ tlsFromPki: 'server' });
    const client = await server.client('CP001');
    const before = await peerSerial(server.port);
    const fresh = createTestPki();
    try {
      // Unusable credentials change nothing.
      expect(() => server.cs.reloadTls({ cert: 'not a certificate', key: fresh.server.key })).toThrow(
        /cannot use/,
      );
      expect(await peerSerial(server.port)).toBe(before);
      server.cs.reloadTls({ cert: fresh.server.cert, key: fresh.server.key });
      const after = await peerSerial(server.port, fresh.ca.cert);
      expect(after).not.toBe(before);
      expect(await heartbeat(client)).toHaveProperty('currentTime');
    } finally {
      fresh.remove();
    }
  });
});

/** Completes a TLS handshake and reports what was negotiated. */
function handshake(
  port: number,
  options: { maxVersion?: 'TLSv1.1' | 'TLSv1.2'; minVersion?: 'TLSv1'; ciphers?: string },
): Promise<{ version: string | null; cipher: string }> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect(
      { host: '127.0.0.1', port, servername: 'localhost', ca: pki.ca.cert, ...options },
      () => {
        resolve({ version: socket.getProtocol(), cipher: socket.getCipher().name });
        socket.destroy();
      },
    );
    socket.on('error', reject);
  });
}

function peerSerial(port: number, ca = pki.ca.cert): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', ca }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.destroy();
    });
    socket.on('error', reject);
  });
}

async function fetchOverTls(port: number): Promise<string> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/', ca: pki.ca.cert, servername: 'localhost' },
      (response) => {
        let body = '';
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () => resolve(body));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
