import { Server } from 'node:net';
import { DEFAULT_LISTEN_BACKLOG, silentLogger } from '@levity/core';
import { describe, expect, it, vi } from 'vitest';
import { parseCommandLine } from './options.js';
import { runServer } from './server.js';

function options(argv: string[]) {
  const line = parseCommandLine(argv, {}, '0.0.0');
  if (line.kind !== 'run') throw new Error(`expected options, got ${JSON.stringify(line)}`);
  return line.options;
}

describe('the levity server', () => {
  it.each([
    ['the API and charge points on one port', []],
    ['charge points alone (--no-http)', ['--no-http']],
  ])('listens with a deep queue for reconnect storms: %s', async (_name, flags) => {
    const listen = vi.spyOn(Server.prototype, 'listen');
    try {
      const server = await runServer(
        options([
          '--host',
          '127.0.0.1',
          '--port',
          '0',
          '--db',
          ':memory:',
          '--api-token',
          'x'.repeat(32),
          ...flags,
        ]),
        silentLogger,
      );
      await server.close();
      // Node's own default is 511; Fastify passes its options object through.
      expect(listen.mock.calls.map(([listenOptions]) => listenOptions)).toEqual([
        expect.objectContaining({ backlog: DEFAULT_LISTEN_BACKLOG }),
      ]);
    } finally {
      listen.mockRestore();
    }
  });
});
