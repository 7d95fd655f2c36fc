// The simulator against Levity with security profiles: Basic auth, TLS and client
// certificates, and the whitepaper's over-the-air changes (A01 AuthorizationKey, A02 a
// signed certificate, A05 SecurityProfile), end to end on real sockets.
import { once } from 'node:events';
import type { Server } from 'node:http';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CentralSystem, CentralSystemEvents, CentralSystemOptions } from '@levity/core';
import { createCaCertificateSigner, createCentralSystem, MemoryStorage } from '@levity/core';
import type { TestPki } from '@levity/core/testing';
import { createTestPki } from '@levity/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedChargePoint, SimulatedChargePointOptions } from '../src/index.js';
import { createSimulatedChargePoint } from '../src/index.js';
import { eventually, FAST_TIMING } from './support/central-system.js';

const PASSWORD = 'first-password-01';

let pki: TestPki;
beforeAll(() => {
  pki = createTestPki();
});
afterAll(() => pki.remove());

/** Levity serving wss:// on one port and ws:// on another (whitepaper A00.FR.006), with simulators. */
async function start(options: CentralSystemOptions = {}) {
  const storage = new MemoryStorage();
  const cs: CentralSystem = createCentralSystem({
    storage,
    pingIntervalSeconds: 0,
    authFailureLimit: 0,
    tls: { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert },
    ...options,
  });
  const { port: tlsPort } = await cs.listen({ host: '127.0.0.1', port: 0 });
  const plain: Server = createServer().on('upgrade', cs.handleUpgrade).listen(0, '127.0.0.1');
  await once(plain, 'listening');
  const plainPort = (plain.address() as AddressInfo).port;
  const connected: CentralSystemEvents['connected'][] = [];
  cs.on('connected', (event) => connected.push(event));
  const sims: SimulatedChargePoint[] = [];
  return {
    cs,
    storage,
    plainPort,
    connected,
    async sim(id: string, simOptions: Partial<SimulatedChargePointOptions> = {}) {
      const sim = createSimulatedChargePoint({
        url: `ws://127.0.0.1:${plainPort}/ws`,
        secureUrl: `wss://localhost:${tlsPort}/ws`,
        id,
        tls: { ca: pki.ca.cert },
        callTimeoutMs: 10_000,
        timing: FAST_TIMING,
        ...simOptions,
      });
      sims.push(sim);
      const boot = await sim.start();
      expect(boot.status).toBe('Accepted');
      return sim;
    },
    async [Symbol.asyncDispose]() {
      await Promise.allSettled(sims.map((sim) => sim.close()));
      await cs.close();
      plain.close();
    },
  };
}

/** The status of an upgrade to the plain port with a Basic auth password. */
function plainUpgrade(port: number, id: string, password: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path: `/ws/${id}`,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Protocol': 'ocpp1.6',
        Authorization: `Basic ${Buffer.from(`${id}:${password}`).toString('base64')}`,
      },
    });
    req.on('upgrade', (_response, socket) => {
      socket.destroy();
      resolve(101);
    });
    req.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the simulator with security profiles', () => {
  it('rotates its AuthorizationKey over the air and reconnects with the new password (A01)', async () => {
    await using bed = await start({ securityProfile: 1 });
    await bed.cs.chargePoints.setPassword('SIM-1', PASSWORD);
    const sim = await bed.sim('SIM-1', { password: PASSWORD });
    expect(bed.connected).toMatchObject([{ chargePointId: 'SIM-1', securityProfile: 1 }]);
    // Write-only: the charge point never tells its key.
    const { configurationKey } = await bed.cs.chargePoint('SIM-1').call('GetConfiguration', {
      key: ['AuthorizationKey', 'SecurityProfile'],
    });
    expect(configurationKey).toStrictEqual([
      { key: 'AuthorizationKey', readonly: false },
      { key: 'SecurityProfile', readonly: false, value: '1' },
    ]);

    const { status, password } = await bed.cs.chargePoints.rotatePassword('SIM-1');
    expect(status).toBe('Accepted');
    await eventually(() => expect(bed.connected).toHaveLength(2));
    expect(bed.connected[1]).toMatchObject({ chargePointId: 'SIM-1', securityProfile: 1 });
    expect(await sim.heartbeat()).toHaveProperty('currentTime');
    expect(await plainUpgrade(bed.plainPort, 'SIM-2', PASSWORD)).toBe(401);
    expect(await plainUpgrade(bed.plainPort, 'SIM-1', PASSWORD)).toBe(401);
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
  });

  it('moves from profile 1 over ws:// to 2 over wss:// when told (A05), and ws:// is refused afterwards', async () => {
    await using bed = await start({ securityProfile: 1 });
    await bed.cs.chargePoints.setPassword('SIM-2', PASSWORD);
    await bed.sim('SIM-2', { password: PASSWORD });
    expect(await bed.cs.chargePoints.setSecurityProfile('SIM-2', 2)).toStrictEqual({
      securityProfile: 2,
      status: 'Accepted',
    });
    await eventually(() => expect(bed.connected).toHaveLength(2));
    expect(bed.connected[1]).toMatchObject({ chargePointId: 'SIM-2', securityProfile: 2 });
    expect(await plainUpgrade(bed.plainPort, 'SIM-2', PASSWORD)).toBe(401);
  });

  it('gets a certificate signed by Levity and moves to profile 3 with it (A02, A05)', async () => {
    await using bed = await start({
      certificateSigner: createCaCertificateSigner({ certificate: pki.ca.cert, privateKey: pki.ca.key }),
    });
    await bed.cs.chargePoints.setPassword('SIM-3', PASSWORD);
    await bed.cs.chargePoints.setSecurityProfile('SIM-3', 2);
    const sim = await bed.sim('SIM-3', { password: PASSWORD, securityProfile: 2 });
    expect(bed.connected).toMatchObject([{ chargePointId: 'SIM-3', securityProfile: 2 }]);

    // Without a certificate, the charge point refuses profile 3 itself (A05.FR.04).
    expect(await bed.cs.chargePoints.setSecurityProfile('SIM-3', 3)).toMatchObject({ status: 'Rejected' });
    await bed.cs
      .chargePoint('SIM-3')
      .call('ExtendedTriggerMessage', { requestedMessage: 'SignChargePointCertificate' });
    await eventually(async () =>
      expect(await bed.storage.certificateRequests.list()).toMatchObject([{ status: 'Signed' }]),
    );
    expect(sim.state.certificates.chargePointCertificate?.subject).toMatch(/CN=SIM-3/);

    expect(await bed.cs.chargePoints.setSecurityProfile('SIM-3', 3)).toStrictEqual({
      securityProfile: 3,
      status: 'Accepted',
    });
    await eventually(() => expect(bed.connected).toHaveLength(2));
    expect(bed.connected[1]).toMatchObject({ chargePointId: 'SIM-3', securityProfile: 3 });
    expect(await sim.heartbeat()).toHaveProperty('currentTime');
  });
});
