import { createSimulatedChargePoint } from '@levity/simulator';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { startApi, TOKEN } from './support/api-server.js';
import { parseExposition, sampleValue } from './support/exposition.js';

const GOOD = [
  '# HELP requests_total Requests, with a "quote" and a \\\\ backslash',
  '# TYPE requests_total counter',
  'requests_total{route="/a",status="200"} 3',
  'requests_total{route="/b\\"c\\\\d\\ne",status="500"} 1',
  '# TYPE latency_seconds histogram',
  'latency_seconds_bucket{le="0.1"} 1',
  'latency_seconds_bucket{le="+Inf"} 2',
  'latency_seconds_sum 0.35',
  'latency_seconds_count 2',
  '# TYPE up gauge',
  'up NaN',
  '# TYPE lag gauge',
  'lag{a="1"} Nan',
  'lag{a="2"} -Inf',
  '',
].join('\n');

describe('the exposition reader of the tests', () => {
  it('reads families, labels with escapes, histograms and special values', () => {
    const families = parseExposition(GOOD);
    expect([...families.keys()]).toEqual(['requests_total', 'latency_seconds', 'up', 'lag']);
    expect(sampleValue(families, 'requests_total')).toBe(4);
    expect(families.get('requests_total')?.samples[1]?.labels.route).toBe('/b"c\\d\ne');
    expect(sampleValue(families, 'latency_seconds_count')).toBe(2);
    expect(families.get('up')?.samples[0]?.value).toBeNaN();
    expect(families.get('lag')?.samples.map((sample) => sample.value)).toEqual([
      Number.NaN,
      Number.NEGATIVE_INFINITY,
    ]);
  });

  it.each([
    ['a sample of no declared family', 'other_total 1\n'],
    ['a broken label', '# TYPE x counter\nx{a=b} 1\n'],
    ['a value that is no number', '# TYPE x counter\nx one\n'],
    ['a family split in two', '# TYPE x counter\nx 1\n# TYPE y gauge\ny 1\nx{a="b"} 1\n'],
    ['buckets that shrink', '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\n'],
    ['a +Inf bucket unlike _count', '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_count 3\n'],
    ['a negative counter', '# TYPE x counter\nx -1\n'],
    ['no final line feed', '# TYPE x counter\nx 1'],
  ])('refuses %s', (_what, text) => {
    expect(() => parseExposition(text)).toThrow();
  });

  // parse-prometheus-text-format (a port of Prometheus' Go parser) is the independent
  // reading of counters and gauges. It cannot be the check itself: it takes `x one` and a
  // family split in two, and reads a histogram whose `le` comes first (as prom-client
  // writes it) without its labels, `_sum` and `_count`; so histograms are checked by
  // the strict reader's own rules (cumulative buckets, +Inf equal to _count).
  it("agrees with parse-prometheus-text-format on a running server's exposition", async () => {
    await using api = await startApi({ api: { metrics: true } });
    const port = await api.listen();
    await using cp = createSimulatedChargePoint({
      url: `ws://127.0.0.1:${port}/ws`,
      id: 'SIM-X',
      reconnect: false,
    });
    await cp.start();
    const text = (
      await api.request({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })
    ).body;
    const ours = parseExposition(text);
    const theirs = parsePrometheusTextFormat(text);
    expect(theirs.map((family) => family.name)).toEqual([...ours.keys()]);
    const number = (value: string | undefined) => Number(/^nan$/i.test(value ?? '') ? Number.NaN : value);
    let compared = 0;
    for (const family of theirs) {
      expect(ours.get(family.name)?.type.toUpperCase(), family.name).toBe(family.type);
      if (family.type === 'HISTOGRAM') continue;
      for (const sample of family.metrics) {
        compared++;
        const own = sampleValue(ours, family.name, sample.labels ?? {});
        if (Number.isNaN(number(sample.value))) expect(own, family.name).toBeNaN();
        else expect(own, family.name).toBe(number(sample.value));
      }
    }
    expect(compared).toBeGreaterThan(50);
    expect(sampleValue(ours, 'levity_ocpp_inbound_messages_total', { action: 'BootNotification' })).toBe(1);
  });
});
