import { describe, expect, it } from 'vitest';
import { parseExposition, valueOf } from './support/exposition.js';

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
    expect(valueOf(families, 'requests_total')).toBe(4);
    expect(families.get('requests_total')?.samples[1]?.labels.route).toBe('/b"c\\d\ne');
    expect(valueOf(families, 'latency_seconds_count')).toBe(2);
    expect(families.get('up')?.samples[0]?.value).toBeNaN();
    expect(families.get('lag')?.samples.map((sample) => sample.value)).toEqual([Number.NaN, Number.NEGATIVE_INFINITY]);
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
});
