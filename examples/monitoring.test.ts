// The Grafana dashboard and the Prometheus scrape config of examples/ against a running
// server: every query is valid PromQL (parsed with Prometheus' own grammar) and names
// only metrics the server exposes; the scrape config's path and authorization work.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createCentralSystem, MemoryStorage } from '@levity/core';
import { createHttpApi } from '@levity/http';
import { parser } from '@prometheus-io/lezer-promql';
import { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

type ClientOptions = ConstructorParameters<typeof RPCClient>[0];

const TOKEN = 'monitoring-example-token-0123456789';
const DASHBOARD = new URL('./grafana/levity-dashboard.json', import.meta.url);
const SCRAPE_CONFIG = new URL('./prometheus/prometheus.yml', import.meta.url);

const cs = createCentralSystem({ storage: new MemoryStorage() });
const app = createHttpApi({ centralSystem: cs, token: TOKEN, metrics: true });
let base: string;

beforeAll(async () => {
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  // A charge point that talks, so that the labelled series and histograms have samples too.
  const client = new RPCClient({
    endpoint: `${base.replace('http', 'ws')}/ws`,
    identity: 'CP-GRAFANA',
    protocols: ['ocpp1.6'],
    strictMode: true,
    reconnect: false,
    pingIntervalMs: 0,
  } as Partial<ClientOptions> as ClientOptions);
  await client.connect();
  await client.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
  await client.close({ awaitPending: false });
});
afterAll(async () => {
  await cs.close();
  await app.close();
});

/** The sample names a scrape can hold, from the exposition's `# TYPE` lines (histograms: `_bucket`, `_sum`, `_count`). */
async function exposedNames(): Promise<Set<string>> {
  const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  const names = new Set<string>();
  for (const line of (await response.text()).split('\n')) {
    const match = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (!match) continue;
    const [, name, type] = match as unknown as [string, string, string];
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    else if (type === 'summary') for (const suffix of ['', '_sum', '_count']) names.add(name + suffix);
    else names.add(name);
  }
  return names;
}

interface Panel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly panels?: Panel[];
  readonly targets?: { readonly expr: string }[];
}

/** Grafana's own variables are no PromQL: each is replaced by what Grafana would put there. */
const asPromql = (expr: string) =>
  expr.replaceAll('$__rate_interval', '1m').replaceAll('$__interval', '15s').replaceAll('$__range', '1h');

/** The metric names a PromQL expression selects; throws where it is not valid PromQL. */
function metricNames(expr: string): string[] {
  const promql = asPromql(expr);
  const names: string[] = [];
  const errors: number[] = [];
  parser.parse(promql).iterate({
    enter(node) {
      if (node.type.isError) errors.push(node.from);
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') {
        names.push(promql.slice(node.from, node.to));
      }
    },
  });
  if (errors.length > 0) throw new Error(`not valid PromQL at ${errors[0]}: ${promql}`);
  return names;
}

describe('the Grafana dashboard of examples/grafana', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    panels: Panel[];
    templating: { list: { name: string; query?: string | { query: string } }[] };
  };
  const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
  const queries = panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ panel, expr: target.expr })),
  );

  it('parses, with unique panel ids and a query in every panel', () => {
    expect(new Set(panels.map((panel) => panel.id)).size).toBe(panels.length);
    for (const panel of panels.filter((candidate) => candidate.type !== 'row')) {
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
    }
    expect(queries.length).toBeGreaterThan(20);
  });

  it('queries only metrics a running server exposes, in valid PromQL', async () => {
    const exposed = await exposedNames();
    const used = new Set<string>();
    for (const { panel, expr } of queries) {
      const names = metricNames(expr);
      expect(names.length, `${panel.title}: ${expr}`).toBeGreaterThan(0);
      for (const name of names) {
        expect(exposed.has(name), `${panel.title}: ${name} is not exposed`).toBe(true);
        used.add(name);
      }
    }
    // The variables' label_values(metric, label) too.
    for (const variable of dashboard.templating.list) {
      const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
      const metric = /^label_values\((\w+),\s*\w+\)$/.exec(query ?? '')?.[1];
      if (metric !== undefined) expect(exposed.has(metric), `$${variable.name}: ${metric}`).toBe(true);
    }
    // What the issue asks to watch is on the dashboard.
    for (const name of [
      'levity_charge_points_connected',
      'levity_connections_opened_total',
      'levity_connections_closed_total',
      'levity_ocpp_inbound_messages_total',
      'levity_ocpp_handler_duration_seconds_bucket',
      'levity_ocpp_commands_total',
      'levity_ocpp_command_duration_seconds_bucket',
      'levity_storage_commit_duration_seconds_bucket',
      'levity_storage_commit_units_count',
      'levity_http_requests_total',
      'levity_http_event_streams',
      'process_cpu_seconds_total',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(used.has(name), name).toBe(true);
    }
  });

  it('refuses a query naming a metric no server exposes, or broken PromQL (the check can fail)', async () => {
    const exposed = await exposedNames();
    expect(
      metricNames('sum(rate(levity_no_such_metric_total[$__rate_interval]))').every((name) =>
        exposed.has(name),
      ),
    ).toBe(false);
    expect(() => metricNames('sum(rate(levity_charge_points_connected[5m])')).toThrow(/not valid PromQL/);
  });
});

describe('the Prometheus scrape config of examples/prometheus', () => {
  it('scrapes /metrics with a bearer token, which a request without one does not get', async () => {
    const config = parseYaml(readFileSync(SCRAPE_CONFIG, 'utf8')) as {
      scrape_configs: {
        job_name: string;
        metrics_path: string;
        scheme: string;
        authorization: { type: string; credentials_file: string };
        static_configs: { targets: string[] }[];
      }[];
    };
    const job = config.scrape_configs.find((candidate) => candidate.job_name === 'levity');
    expect(job).toBeDefined();
    const { metrics_path: path, authorization, static_configs: targets } = job as NonNullable<typeof job>;
    expect(targets[0]?.targets).toEqual(['localhost:9000']);
    // Prometheus sends `Authorization: <type> <credentials>`.
    const scrape = (headers: Record<string, string>) => fetch(`${base}${path}`, { headers });
    expect((await scrape({ authorization: `${authorization.type} ${TOKEN}` })).status).toBe(200);
    expect((await scrape({})).status).toBe(401);
  });
});
