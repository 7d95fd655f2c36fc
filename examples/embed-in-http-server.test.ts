import { MemoryStorage } from '@levity/core';
import { RPCClient } from 'ocpp-rpc';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runChargePoint } from './charge-point.js';
import type { EmbeddedServer } from './embed-in-http-server.js';
import { EXAMPLE_VENDOR_ID, startEmbeddedServer } from './embed-in-http-server.js';

describe('the example that embeds Levity in an http.Server', () => {
  const storage = new MemoryStorage();
  const lines: string[] = [];
  const clients: RPCClient[] = [];
  let embedded: EmbeddedServer;

  const connect = async (id: string) => {
    const client = new RPCClient({
      endpoint: embedded.url,
      identity: id,
      protocols: ['ocpp1.6'],
      strictMode: true,
      reconnect: false,
      pingIntervalMs: 0,
    } as ConstructorParameters<typeof RPCClient>[0]);
    clients.push(client);
    await client.connect();
    return client;
  };

  beforeAll(async () => {
    embedded = await startEmbeddedServer({ port: 0, storage, log: (line) => lines.push(line) });
  });

  afterEach(async () => {
    await Promise.allSettled(clients.splice(0).map((client) => client.close({ force: true })));
  });

  afterAll(async () => {
    await embedded?.close();
  });

  it("keeps answering the application's own routes", async () => {
    const hello = await fetch(`${embedded.httpUrl}/hello`);
    expect(hello.status).toBe(200);
    expect(await hello.text()).toBe('hello');
    expect((await fetch(`${embedded.httpUrl}/nothing-here`)).status).toBe(404);
  });

  it('accepts a charge point through the same port and stores its session', async () => {
    const result = await runChargePoint({ url: embedded.url, id: 'CP-EMBED', log: () => {} });

    expect(result.boot.status).toBe('Accepted');
    expect(await storage.transactions.get(result.transactionId)).toMatchObject({
      meterStop: result.meterStop,
    });
    expect(lines).toContain('CP-EMBED (Levity Example-CP) booted: Accepted');
    expect(lines).toContain(`CP-EMBED started transaction ${result.transactionId} for EXAMPLE-TAG`);
  });

  it('rejects a deny-listed vendor at boot and stores no boot for it', async () => {
    const client = await connect('CP-ACME');
    const boot = await client.call('BootNotification', {
      chargePointVendor: 'AcmeBroken',
      chargePointModel: 'X1',
    });

    expect(boot).toMatchObject({ status: 'Rejected', interval: 600 });
    expect((await storage.chargePoints.get('CP-ACME'))?.registrationStatus ?? null).toBeNull();
    await expect(
      runChargePoint({ url: embedded.url, id: 'CP-ACME-2', vendor: 'AcmeBroken', log: () => {} }),
    ).rejects.toThrow('BootNotification was answered Rejected');
  });

  it("answers its own vendor's DataTransfer and leaves other vendors to the default", async () => {
    const client = await connect('CP-DATA');

    expect(
      await client.call('DataTransfer', { vendorId: EXAMPLE_VENDOR_ID, messageId: 'Echo', data: 'ping' }),
    ).toEqual({ status: 'Accepted', data: 'ping' });
    expect(await client.call('DataTransfer', { vendorId: EXAMPLE_VENDOR_ID, messageId: 'Other' })).toEqual({
      status: 'UnknownMessageId',
    });
    expect(await client.call('DataTransfer', { vendorId: 'com.someone.else' })).toEqual({
      status: 'UnknownVendorId',
    });
  });

  it('calls a connected charge point from an HTTP route', async () => {
    const client = await connect('CP-CONFIG');
    client.handle('GetConfiguration', async () => ({
      configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '60' }],
    }));

    const configuration = await fetch(`${embedded.httpUrl}/charge-points/CP-CONFIG/configuration`);
    expect(configuration.status).toBe(200);
    expect(await configuration.json()).toEqual({
      configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '60' }],
    });
    expect(await (await fetch(`${embedded.httpUrl}/charge-points`)).json()).toContain('CP-CONFIG');
    expect((await fetch(`${embedded.httpUrl}/charge-points/CP-GONE/configuration`)).status).toBe(404);
  });
});
