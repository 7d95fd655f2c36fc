// A strict reader of the Prometheus text exposition format 0.0.4, for tests: every line
// must be a HELP, a TYPE, a comment or a sample of a declared family, or it throws with
// the line. Written here rather than taken from parse-prometheus-text-format (one
// maintainer, few releases), and it checks more than a parser needs to: declared
// types, each family's samples together, cumulative histogram buckets.

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  /** The sample's own name (`x_bucket`, `x_sum`… for a histogram `x`). */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Family {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL_NAME = '[a-zA-Z_][a-zA-Z0-9_]*';
const LABEL_VALUE = '"(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
// Go's ParseFloat, which Prometheus reads values with: NaN and Inf in any case (prom-client writes `Nan`).
const VALUE =
  '(?:[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[nN][aA][nN]|[+-]?[iI][nN][fF](?:[iI][nN][iI][tT][yY])?)';
const HELP = new RegExp(`^# HELP (${NAME}) (.*)$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const SAMPLE = new RegExp(
  `^(${NAME})(?:\\{((?:${LABEL_NAME}=${LABEL_VALUE})(?:,${LABEL_NAME}=${LABEL_VALUE})*,?)?\\})? (${VALUE})(?: -?\\d+)?$`,
);
const LABEL = new RegExp(`(${LABEL_NAME})=(${LABEL_VALUE})`, 'g');

const unescapeLabel = (quoted: string) =>
  quoted.slice(1, -1).replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char));

function parseValue(text: string): number {
  if (/^\+?inf/i.test(text)) return Number.POSITIVE_INFINITY;
  if (/^-inf/i.test(text)) return Number.NEGATIVE_INFINITY;
  return /^nan$/i.test(text) ? Number.NaN : Number(text);
}

/** The family a sample belongs to: its own name, or without a histogram's or summary's suffix. */
function familyOf(name: string, families: Map<string, Family>): Family | undefined {
  const own = families.get(name);
  if (own) return own;
  const base = /^(.*)_(bucket|sum|count)$/.exec(name)?.[1];
  const family = base === undefined ? undefined : families.get(base);
  if (!family) return undefined;
  if (family.type === 'histogram' || (family.type === 'summary' && !name.endsWith('_bucket'))) return family;
  return undefined;
}

/** Checks a histogram: cumulative buckets per series, ending with `+Inf` equal to `_count`. */
function checkHistogram(family: Family): void {
  const series = new Map<string, { buckets: [number, number][]; count?: number }>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (sample.name.endsWith('_bucket')) {
      if (le === undefined) throw new Error(`${family.name}: a bucket without le`);
      entry.buckets.push([parseValue(le), sample.value]);
    } else if (sample.name.endsWith('_count')) entry.count = sample.value;
  }
  for (const [key, { buckets, count }] of series) {
    for (let i = 1; i < buckets.length; i++) {
      const [previous, current] = [buckets[i - 1], buckets[i]] as [[number, number], [number, number]];
      if (current[0] <= previous[0] || current[1] < previous[1]) {
        throw new Error(`${family.name} ${key}: buckets are not cumulative and ordered`);
      }
    }
    const last = buckets.at(-1);
    if (!last || last[0] !== Number.POSITIVE_INFINITY || last[1] !== count) {
      throw new Error(`${family.name} ${key}: the +Inf bucket must equal _count`);
    }
  }
}

/**
 * Parses an exposition, throwing on the first line that breaks the format.
 *
 * @example
 * const families = parseExposition(await (await fetch(url)).text());
 * families.get('levity_charge_points_connected')?.samples[0]?.value;
 */
export function parseExposition(text: string): Map<string, Family> {
  if (!text.endsWith('\n')) throw new Error('an exposition ends with a line feed');
  const families = new Map<string, Family>();
  const helps = new Map<string, string>();
  const finished = new Set<string>();
  let current: Family | undefined;
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '') continue;
    const help = HELP.exec(line);
    if (help) {
      const [, name, doc] = help as unknown as [string, string, string];
      if (helps.has(name)) throw new Error(`HELP of ${name} twice`);
      helps.set(name, doc);
      continue;
    }
    const type = TYPE.exec(line);
    if (type) {
      const [, name, kind] = type as unknown as [string, string, MetricType];
      if (families.has(name)) throw new Error(`TYPE of ${name} twice`);
      if (current) finished.add(current.name);
      current = { name, type: kind, help: helps.get(name) ?? '', samples: [] };
      families.set(name, current);
      continue;
    }
    if (line.startsWith('#')) continue;
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`not a sample line: ${JSON.stringify(line)}`);
    const [, name, labelText = '', valueText] = sample as unknown as [
      string,
      string,
      string | undefined,
      string,
    ];
    const family = familyOf(name, families);
    if (!family) throw new Error(`sample of an undeclared family: ${JSON.stringify(line)}`);
    if (finished.has(family.name) || family !== current) {
      throw new Error(`samples of ${family.name} are not together: ${JSON.stringify(line)}`);
    }
    const labels: Record<string, string> = {};
    for (const [, labelName, quoted] of labelText.matchAll(LABEL) as Iterable<[string, string, string]>) {
      if (labelName in labels) throw new Error(`label ${labelName} twice: ${JSON.stringify(line)}`);
      labels[labelName] = unescapeLabel(quoted);
    }
    family.samples.push({ name, labels, value: parseValue(valueText) });
  }
  for (const family of families.values()) {
    if (family.type === 'histogram') checkHistogram(family);
    if (family.type === 'counter' && family.samples.some((sample) => !(sample.value >= 0))) {
      throw new Error(`${family.name}: a counter below 0`);
    }
  }
  return families;
}

/**
 * The value of the sample `name` whose labels include `labels`, summed over the
 * others; 0 when there is none.
 */
export function sampleValue(
  families: Map<string, Family>,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number {
  const family = familyOf(name, families);
  if (!family) throw new Error(`no family ${name} in the exposition`);
  return family.samples
    .filter(
      (sample) =>
        sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    )
    .reduce((sum, sample) => sum + sample.value, 0);
}

/** Every series (name and labels) of the families whose name starts with `prefix`. */
export function seriesOf(families: Map<string, Family>, prefix: string): string[] {
  return [...families.values()]
    .filter((family) => family.name.startsWith(prefix))
    .flatMap((family) => family.samples.map((sample) => `${sample.name}${JSON.stringify(sample.labels)}`))
    .sort();
}
