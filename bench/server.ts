/**
 * The central system under load: Levity on SQLite, in a process of its own.
 * Talks to its parent over IPC only:
 *   → { type: 'listening', port }   once it accepts charge points
 *   → { type: 'stats', rssBytes, cpuSeconds, connected }   every 250 ms and when asked with { type: 'stats' }
 *   ← { type: 'stop' }   closes connections and storage, answers { type: 'stopped' } and exits
 *
 * @example
 *   spawn(process.execPath, ['--import', 'tsx', 'bench/server.ts', '--db', '/tmp/bench.db'], { stdio: [..., 'ipc'] })
 */
import { parseArgs } from 'node:util';
import { createCentralSystem } from '@levity/core';
import { SqliteStorage } from '@levity/sqlite';

export type ServerMessage =
  | { type: 'listening'; port: number }
  | { type: 'stats'; rssBytes: number; cpuSeconds: number; connected: number }
  | { type: 'stopped' };

const send = (message: ServerMessage) => process.send?.(message);
if (!process.send)
  throw new Error('bench/server.ts runs as a child process with an IPC channel (see bench/run.ts)');

const { values } = parseArgs({
  options: { db: { type: 'string' }, host: { type: 'string', default: '127.0.0.1' } },
});
if (!values.db) throw new Error('--db <file> is required');

const storage = await SqliteStorage.open({ filename: values.db });
const cs = createCentralSystem({ storage, heartbeatIntervalSeconds: 300 });
const { port } = await cs.listen({ host: values.host, port: 0 });

const stats = () => {
  const cpu = process.cpuUsage();
  send({
    type: 'stats',
    rssBytes: process.memoryUsage.rss(),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    connected: cs.connectedChargePoints().length,
  });
};
const timer = setInterval(stats, 250);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  clearInterval(timer);
  await cs.close();
  await storage.close();
  send({ type: 'stopped' });
  process.disconnect?.();
};

process.on('message', (message: { type?: string }) => {
  if (message.type === 'stats') stats();
  if (message.type === 'stop') void stop();
});
// The parent died or went away: never linger as an orphan holding the port.
process.on('disconnect', () => void stop());
send({ type: 'listening', port });
