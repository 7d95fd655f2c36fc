/**
 * After the fuzz traffic: every GET route of the HTTP API (read from its OpenAPI
 * document), for every stored charge point and transaction, must answer 2xx. A row a
 * hostile charge point managed to store must never make a read route fail.
 */

export interface ReadRoutesReport {
  requests: number;
  chargePoints: number;
  transactions: number;
  failures: { url: string; status: number; body: string }[];
}

/** Routes that answer 404 by design for a stored charge point Levity knows nothing more of. */
const MAY_BE_ABSENT = new Set(['/api/charge-points/{id}/local-list']);
/** Not read here: the event stream never ends; these are keyed by ids the fuzzer does not create. */
const SKIPPED = new Set(['/api/events', '/api/commands/{id}', '/api/id-tags/{idTag}']);

export async function checkReadRoutes(httpUrl: string, token: string): Promise<ReadRoutesReport> {
  const report: ReadRoutesReport = { requests: 0, chargePoints: 0, transactions: 0, failures: [] };
  const get = async (path: string, allow404 = false): Promise<unknown> => {
    report.requests++;
    const response = await fetch(`${httpUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const body = await response.text();
    const ok = (response.status >= 200 && response.status < 300) || (allow404 && response.status === 404);
    if (!ok) report.failures.push({ url: path, status: response.status, body: body.slice(0, 300) });
    try {
      return JSON.parse(body) as unknown;
    } catch {
      return undefined;
    }
  };

  const document = (await get('/api/openapi.json')) as { paths: Record<string, { get?: unknown }> };
  const routes = Object.entries(document.paths)
    .filter(([path, item]) => item.get !== undefined && !SKIPPED.has(path))
    .map(([path]) => path);

  const chargePoints = ((await get('/api/charge-points')) as { items: { id: string }[] }).items;
  report.chargePoints = chargePoints.length;
  const transactionIds: number[] = [];
  for (let cursor: string | null = null; ; ) {
    const page = (await get(
      `/api/transactions?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    )) as { items: { id: number }[]; nextCursor: string | null } | undefined;
    if (!page) break;
    transactionIds.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
    if (cursor === null) break;
  }
  report.transactions = transactionIds.length;

  for (const route of routes) {
    if (route.includes('{id}')) {
      for (const { id } of chargePoints) {
        await get(route.replace('{id}', encodeURIComponent(id)), MAY_BE_ABSENT.has(route));
      }
    } else if (route.includes('{transactionId}')) {
      for (const id of transactionIds) await get(route.replace('{transactionId}', String(id)));
    } else if (!route.includes('{')) {
      await get(route);
    }
  }
  return report;
}
