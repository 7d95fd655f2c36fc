import { createCentralSystem } from '@levity/core';
import { describe, expect, it } from 'vitest';
import { simulate } from './run.js';

function capture(isTTY: boolean) {
  const written = { stdout: '', stderr: '' };
  const stream = (name: keyof typeof written) => (chunk: string | Uint8Array) => {
    written[name] += String(chunk);
    return true;
  };
  return {
    output: { stdout: { write: stream('stdout') }, stderr: { isTTY, write: stream('stderr') } },
    stdout: () => written.stdout,
    stderr: () => written.stderr,
  };
}

describe('simulate', () => {
  it('refreshes the summary in place on a terminal, and ends with the final summary on its own line', async () => {
    const cs = createCentralSystem({ pingIntervalSeconds: 0 });
    const { port } = await cs.listen({ host: '127.0.0.1', port: 0 });
    try {
      const io = capture(true);
      const code = await simulate(
        ['--url', `ws://127.0.0.1:${port}/ws`, '--cps', '2', '--duration', '2', '--session-seconds', '0.5'],
        io.output,
      );
      expect(code).toBe(0);
      expect(io.stdout()).toBe('');
      const live = io
        .stderr()
        .split('\r\u001b[2K')
        .filter((part) => part !== '');
      expect(live.length).toBeGreaterThanOrEqual(2);
      expect(live.slice(0, -1).every((part) => !part.includes('\n'))).toBe(true);
      expect(live.at(-1)).toMatch(
        /\nlevity simulate: [\d.]+s stopped {2}connected 0\/2 {2}booted 2\/2 .*\n$/,
      );
    } finally {
      await cs.close();
    }
  });

  it('exits 2 for a bad flag, telling why in one line', async () => {
    const io = capture(false);
    expect(await simulate(['--cps', '3'], io.output)).toBe(2);
    expect(io.stderr()).toBe('levity simulate: missing --url (see levity simulate --help)\n');
  });
});
