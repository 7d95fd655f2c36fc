/**
 * The reference: a bare ocpp-rpc server (strict mode, OCPP 1.6, trivial handlers, no
 * storage), what a central system costs when it does nothing but speak OCPP-J. Its ping
 * interval matches Levity's default (60 s) so that both keep their sockets alike.
 * Prints one JSON line `{"msg":"reference listening","port":N}` once it listens.
 *
 * @example
 *   node --import tsx bench/src/reference-server.ts --port 0
 */
import { parseArgs } from 'node:util';
import { RPCServer } from 'ocpp-rpc';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '0' }, host: { type: 'string', default: '0.0.0.0' } },
});

const HEARTBEAT_INTERVAL_SECONDS = 300;
const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: true, pingIntervalMs: 60_000 });
let transactionId = 0;
const accepted = { status: 'Accepted' };
const now = () => new Date().toISOString();

server.on('client', (client) => {
  client.handle('BootNotification', () => ({
    status: 'Accepted',
    currentTime: now(),
    interval: HEARTBEAT_INTERVAL_SECONDS,
  }));
  client.handle('Heartbeat', () => ({ currentTime: now() }));
  client.handle('StatusNotification', () => ({}));
  client.handle('MeterValues', () => ({}));
  client.handle('Authorize', () => ({ idTagInfo: accepted }));
  client.handle('StartTransaction', () => ({ transactionId: ++transactionId, idTagInfo: accepted }));
  client.handle('StopTransaction', () => ({ idTagInfo: accepted }));
});

const http = await server.listen(Number(values.port), values.host);
const address = http.address();
const port = typeof address === 'object' && address ? address.port : Number(values.port);
console.log(JSON.stringify({ msg: 'reference listening', port }));

const stop = async () => {
  await server.close({ code: 1001, awaitPending: false, force: true });
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
