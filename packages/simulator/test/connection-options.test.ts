import { RPCServer } from 'ocpp-rpc';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulatedChargePoint } from '../src/index.js';

/** A bare OCPP server (no validation) that records who connected from where, and the Authorize calls it got. */
async function bareServer() {
  const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: false } as ConstructorParameters<
    typeof RPCServer
  >[0]);
  const remoteAddresses: string[] = [];
  const authorized: unknown[] = [];
  server.on('client', (client) => {
    remoteAddresses.push(client.handshake.remoteAddress);
    client.handle('Authorize', ({ params }: { params: unknown }) => {
      authorized.push(params);
      return { idTagInfo: { status: 'Accepted' } };
    });
  });
  const http = await server.listen(0, '127.0.0.1');
  const { port } = http.address() as { port: number };
  return { server, url: `ws://127.0.0.1:${port}/ws`, remoteAddresses, authorized };
}

describe('connection options', () => {
  let close: () => Promise<void> = async () => {};
  afterEach(() => close());

  it('connects from `localAddress`', async () => {
    const bed = await bareServer();
    const sim = createSimulatedChargePoint({
      url: bed.url,
      id: 'CP-SRC',
      localAddress: '127.0.0.3',
      reconnect: false,
    });
    close = async () => {
      await sim.close();
      await bed.server.close({ force: true });
    };
    await sim.connect();
    expect(bed.remoteAddresses).toEqual(['127.0.0.3']);
  });

  it('validates its own calls by default, and sends them unchecked with `strictMode: false`', async () => {
    const bed = await bareServer();
    const strict = createSimulatedChargePoint({ url: bed.url, id: 'CP-STRICT', reconnect: false });
    const lax = createSimulatedChargePoint({
      url: bed.url,
      id: 'CP-LAX',
      reconnect: false,
      strictMode: false,
    });
    close = async () => {
      await Promise.all([strict.close(), lax.close()]);
      await bed.server.close({ force: true });
    };
    await Promise.all([strict.connect(), lax.connect()]);
    const invalid = { idTag: 'X'.repeat(21) };
    await expect(strict.send('Authorize', invalid)).rejects.toThrow();
    expect(bed.authorized).toEqual([]);
    await expect(lax.send('Authorize', invalid)).resolves.toEqual({ idTagInfo: { status: 'Accepted' } });
    expect(bed.authorized).toEqual([invalid]);
  });
});
