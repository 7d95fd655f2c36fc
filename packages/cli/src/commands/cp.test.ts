import { afterEach, describe, expect, it, vi } from 'vitest';
import { chargePointsCommand } from './cp.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** An API answering `GET /api/charge-points` from `ids`, `pageSize` at most per page, whatever `limit` asks. */
function fakeApi(ids: readonly string[], pageSize: number) {
  const requests: URL[] = [];
  const fetch = vi.fn(async (input: URL | string) => {
    const url = new URL(String(input));
    requests.push(url);
    const cursor = url.searchParams.get('cursor');
    const start = cursor === null ? 0 : ids.indexOf(cursor) + 1;
    const items = ids.slice(start, start + pageSize).map((id) => ({ id, connected: false }));
    const more = start + pageSize < ids.length;
    const body = { items, nextCursor: more ? (items.at(-1)?.id ?? null) : null };
    return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetch);
  return requests;
}

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await chargePointsCommand.run(
    argv,
    {},
    {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
    },
  );
  return { code, stdout, stderr };
}

const connection = ['--url', 'http://levity.test', '--api-token', 'secret'];

describe('levity cp list', () => {
  it('follows nextCursor until the last page and prints every charge point', async () => {
    const ids = Array.from({ length: 7 }, (_, n) => `CP${n}`);
    const requests = fakeApi(ids, 3);
    const { code, stdout, stderr } = await run(['list', '--json', ...connection]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect((JSON.parse(stdout) as { id: string }[]).map((cp) => cp.id)).toEqual(ids);
    expect(requests.map((url) => [url.pathname, url.searchParams.get('cursor')])).toEqual([
      ['/api/charge-points', null],
      ['/api/charge-points', 'CP2'],
      ['/api/charge-points', 'CP5'],
    ]);
    expect(requests.every((url) => url.searchParams.get('limit') === '1000')).toBe(true);
  });

  it('prints one table for all pages', async () => {
    fakeApi(['A', 'B', 'C'], 1);
    const { code, stdout } = await run(['list', ...connection]);
    expect(code).toBe(0);
    expect(
      stdout
        .trim()
        .split('\n')
        .map((line) => line.split(/\s+/)[0]),
    ).toEqual(['ID', 'A', 'B', 'C']);
  });
});
