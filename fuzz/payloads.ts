/**
 * The payloads the fuzzer starts from (a valid request of every action a charge point
 * sends) and how it mutates them: values at and beyond every boundary a parser, a
 * validator, a database or a log may choke on.
 */
import fc from 'fast-check';

const T = '2025-01-31T12:00:00Z';

/** A valid request of every action a charge point sends (OCPP 1.6 and its security extension). */
export const VALID_REQUESTS: Readonly<Record<string, Record<string, unknown>>> = {
  Authorize: { idTag: 'FUZZ-TAG' },
  BootNotification: {
    chargePointVendor: 'Fuzz',
    chargePointModel: 'F1',
    chargePointSerialNumber: 'SN1',
    firmwareVersion: '1.0',
  },
  DataTransfer: { vendorId: 'com.fuzz', messageId: 'm', data: 'payload' },
  DiagnosticsStatusNotification: { status: 'Uploading' },
  FirmwareStatusNotification: { status: 'Downloading' },
  Heartbeat: {},
  MeterValues: {
    connectorId: 1,
    transactionId: 1,
    meterValue: [
      {
        timestamp: T,
        sampledValue: [
          {
            value: '1200',
            measurand: 'Energy.Active.Import.Register',
            unit: 'Wh',
            context: 'Sample.Periodic',
          },
          { value: '7.2', measurand: 'Power.Active.Import', unit: 'kW', phase: 'L1' },
        ],
      },
    ],
  },
  StartTransaction: { connectorId: 1, idTag: 'FUZZ-TAG', meterStart: 100, timestamp: T, reservationId: 3 },
  StatusNotification: {
    connectorId: 1,
    errorCode: 'NoError',
    status: 'Charging',
    timestamp: T,
    info: 'fuzz',
    vendorId: 'com.fuzz',
    vendorErrorCode: 'E1',
  },
  StopTransaction: {
    transactionId: 1,
    meterStop: 5000,
    timestamp: T,
    reason: 'Local',
    idTag: 'FUZZ-TAG',
    transactionData: [{ timestamp: T, sampledValue: [{ value: '5000' }] }],
  },
  LogStatusNotification: { status: 'Uploaded', requestId: 7 },
  SecurityEventNotification: { type: 'FuzzEvent', timestamp: T, techInfo: 'fuzzing' },
  SignCertificate: { csr: '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----' },
  SignedFirmwareStatusNotification: { status: 'Installed', requestId: 9 },
};

export const lone = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
export const edgeCharacters = fc.constantFrom(
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u00a0',
  '\u200b',
  '\u200d',
  '\u202e',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\uffff',
  '\ufffd',
  '😀',
  '👩‍👩‍👧',
  'e\u0301',
  'é',
  'ß',
  'İ',
  '"',
  '\\',
  '/',
  '%',
  '%00',
  '..',
);

/** Strings a parser, a database or a log may choke on. */
export const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.oneof(lone, edgeCharacters, fc.string({ unit: 'grapheme', maxLength: 1 })),
    maxLength: 30,
  }),
  fc.integer({ min: 100, max: 300_000 }).map((length) => 'x'.repeat(length)),
  fc.constantFrom(
    '',
    ' ',
    'null',
    'undefined',
    'NaN',
    '-1',
    '1e21',
    '0x10',
    '<script>',
    "'; DROP TABLE cp; --",
  ),
);

/** Times the date-time format admits (and some it does not). */
const hostileTime = fc.oneof(
  fc.constantFrom(
    '2016-12-31T23:59:60Z',
    '2016-12-31T23:59:60.999+01:00',
    '2025-01-10T00:00:00+99:99',
    '2025-01-10T00:00:00-99:99',
    '2025-01-10T00:00:00+0530',
    '2025-01-10T00:00:00+05',
    '2025-01-10t00:00:00z',
    '2025-01-10 00:00:00Z',
    '2025-01-10T00:00:00',
    '0000-01-01T00:00:00Z',
    '0000-01-01T00:00:00+99:00',
    '9999-12-31T23:59:59-99:59',
    `2025-01-10T00:00:00.${'9'.repeat(5000)}Z`,
    '2024-02-29T12:00:00Z',
    '2025-02-29T12:00:00Z',
    '2025-13-01T00:00:00Z',
    '2025-01-01T24:00:00Z',
    'yesterday',
    '',
  ),
  fc
    .date({ min: new Date(-62_000_000_000_000), max: new Date(250_000_000_000_000), noInvalidDate: true })
    .map((d) => d.toISOString()),
);

/** Numbers at and beyond every boundary: int32, 2^53, int64, float limits. */
const hostileNumber = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    1.5,
    2_147_483_647,
    2_147_483_648,
    -2_147_483_649,
    2 ** 53 - 1,
    2 ** 53,
    2 ** 53 + 2,
    2 ** 63,
    -(2 ** 63),
    1e21,
    -1e21,
    1e308,
    -1e308,
    5e-324,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Stands in a payload for deep nesting; `serialize` expands it into text. */
const DEEP_MARK = '\u0001deep\u0001';
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MARK_IN_JSON = escapeRegExp(JSON.stringify(DEEP_MARK).slice(1, -1));
const DEEP = new RegExp(`"${MARK_IN_JSON}(array|object):(\\d+)${MARK_IN_JSON}"`, 'g');

/**
 * Nesting a recursive parser, validator or serializer may not survive (up to 100 000
 * levels). Too deep for JSON.stringify on this side, so it stands in the payload as a
 * marker that `serialize` expands into text.
 */
const deep = fc
  .record({ depth: fc.integer({ min: 10, max: 100_000 }), shape: fc.constantFrom('array', 'object') })
  .map(({ depth, shape }) => `${DEEP_MARK}${shape}:${depth}${DEEP_MARK}`);

/** JSON text of a frame, with the deep-nesting markers expanded. */
export function serialize(frame: unknown): string {
  return JSON.stringify(frame).replace(DEEP, (_match, shape: string, depth: string) => {
    const n = Number(depth);
    return shape === 'array' ? `${'['.repeat(n)}1${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
  });
}

/** Any value a mutated field may take. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileNumber },
  { weight: 2, arbitrary: hostileTime },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: deep },
);

type Path = (string | number)[];

/** Every path to a value inside `value` (objects and arrays included), the root excepted. */
function paths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...paths(child, [...prefix, key])]);
}

function setAt(
  root: unknown,
  path: Path,
  update: (parent: Record<string | number, unknown>, key: string | number) => void,
) {
  let parent = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1);
  if (last !== undefined && parent !== null && typeof parent === 'object') update(parent, last);
}

const copy = <T>(value: T): T =>
  value !== null && typeof value === 'object' ? structuredClone(value) : value;

export type Mutation =
  | { op: 'set'; pick: number; value: unknown }
  | { op: 'delete'; pick: number }
  | { op: 'add'; pick: number; name: string; value: unknown };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ op: fc.constant('set' as const), pick: fc.nat(), value: hostileValue }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('add' as const),
      pick: fc.nat(),
      name: fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.integer({ min: 1000, max: 100_000 }).map((n) => 'k'.repeat(n)),
      ),
      value: hostileValue,
    }),
  },
);

/** Applies mutations to a copy of `payload`; `pick` chooses among its paths (or the root). */
export function mutate(payload: unknown, mutations: readonly Mutation[]): unknown {
  const root = { payload: structuredClone(payload) };
  for (const m of mutations) {
    const all: Path[] = [['payload'], ...paths(root.payload, ['payload'])];
    const path = all[m.pick % all.length] ?? ['payload'];
    // Values are copied in: an arbitrary may hand out one object (`{}`) many times.
    if (m.op === 'set') {
      setAt(root, path, (parent, key) => {
        parent[key] = copy(m.value);
      });
    }
    if (m.op === 'delete') {
      setAt(root, path, (parent, key) => {
        delete parent[key];
      });
    }
    if (m.op === 'add') {
      let target = root as Record<string | number, unknown>;
      for (const key of path) target = target[key] as Record<string | number, unknown>;
      if (target !== null && typeof target === 'object' && !Array.isArray(target))
        target[m.name] = copy(m.value);
    }
  }
  return root.payload;
}
