import { describe, expect, it } from 'vitest';
import type { ApiServer } from './support/api-server.js';
import { startApi } from './support/api-server.js';

interface Page {
  items: { id: string; connected: boolean }[];
  nextCursor: string | null;
}

/** Every page of `url` (which has a query string already), following `nextCursor`. */
async function allPages(api: ApiServer, url: string): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const next: string = cursor === null ? url : `${url}&cursor=${encodeURIComponent(cursor)}`;
    const { status, body } = await api.get<Page>(next);
    expect(status, next).toBe(200);
    pages.push(body);
    cursor = body.nextCursor;
  } while (cursor !== null);
  return pages;
}

const idOf = (n: number) => `CP${String(n).padStart(4, '0')}`;

describe('GET /api/charge-points, paged', () => {
  it('answers 501 charge points 100 at a time by default, in id order, until nextCursor is null', async () => {
    await using api = await startApi();
    for (let n = 1; n <= 501; n++) await api.cs.chargePoints.accept(idOf(n));

    const first = await api.get<Page>('/api/charge-points');
    expect(first.body.items).toHaveLength(100);
    expect(first.body.nextCursor).toEqual(expect.any(String));

    const pages = await allPages(api, '/api/charge-points?limit=100');
    expect(pages.map((page) => page.items.length)).toEqual([100, 100, 100, 100, 100, 1]);
    expect(pages.flatMap((page) => page.items.map((item) => item.id))).toEqual(
      Array.from({ length: 501 }, (_, i) => idOf(i + 1)),
    );
    const big = await allPages(api, '/api/charge-points?limit=1000');
    expect(big.map((page) => page.items.length)).toEqual([501]);
  });

  it('ends with nextCursor null when the last page is exactly full', async () => {
    await using api = await startApi();
    for (let n = 1; n <= 4; n++) await api.cs.chargePoints.accept(idOf(n));
    const pages = await allPages(api, '/api/charge-points?limit=2');
    expect(pages.map((page) => page.items.map((item) => item.id))).toEqual([
      ['CP0001', 'CP0002'],
      ['CP0003', 'CP0004'],
    ]);
  });

  it('fills each page with the connected (or disconnected) charge points, however sparse', async () => {
    await using api = await startApi();
    for (let n = 1; n <= 30; n++) await api.cs.chargePoints.accept(idOf(n));
    const connected = [3, 17, 18, 29].map(idOf);
    for (const id of connected) await api.connect(id);

    const online = await allPages(api, '/api/charge-points?connected=true&limit=2');
    expect(online.map((page) => page.items.map((item) => item.id))).toEqual([
      ['CP0003', 'CP0017'],
      ['CP0018', 'CP0029'],
    ]);
    const offline = await allPages(api, '/api/charge-points?connected=false&limit=10');
    expect(offline.map((page) => page.items.length)).toEqual([10, 10, 6]);
    expect(offline.flatMap((page) => page.items).every((item) => !item.connected)).toBe(true);
  });

  it('refuses a cursor it did not issue and a limit out of range', async () => {
    await using api = await startApi();
    for (const query of ['cursor=nonsense', 'cursor=eyJiZWZvcmUiOjV9', 'limit=0', 'limit=1001']) {
      const { status, body } = await api.get<{ field: string }>(`/api/charge-points?${query}`);
      expect(status, query).toBe(400);
      expect(body.field, query).toMatch(/^querystring\/(cursor|limit)$/);
    }
  });
});
