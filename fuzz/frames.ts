/**
 * What the fuzzer sends, as fast-check arbitraries: valid CALLs of every action a
 * charge point sends with mutated payloads (wrong types, missing and extra fields,
 * huge numbers, long strings, deep nesting, unicode edge cases and lone surrogates,
 * times the schema admits that Date does not), CALLs of actions only a central system
 * sends, unknown actions, random JSON, text that is no JSON, binary frames, every
 * message type id, floods of CALLRESULTs and CALLERRORs for calls never made, and
 * messages split into fragments. Frames that make the server close the connection
 * on purpose (invalid UTF-8: 1007, oversize: 1009) are `killer`s, sent on a
 * connection of their own.
 */
import fc from 'fast-check';

/** One WebSocket message the fuzzer sends, and what it expects back. */
export type FuzzMessage =
  | { kind: 'text'; family: string; text: string }
  | { kind: 'binary'; family: string; bytes: Uint8Array }
  /** One text message sent as several frames (`fin: false` until the last), cut anywhere in its UTF-8. */
  | { kind: 'fragments'; family: string; parts: Uint8Array[] }
  /** Sent on a throw-away connection: the server closes it on purpose. */
  | { kind: 'killer'; family: string; payload: Uint8Array; binary: false; closeCode: number };

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
          { value: '1200', measurand: 'Energy.Active.Import.Register', unit: 'Wh', context: 'Sample.Periodic' },
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

/** Actions only a central system sends: a charge point sending one gets NotSupported. */
const CENTRAL_SYSTEM_ACTIONS = [
  'Reset',
  'RemoteStartTransaction',
  'RemoteStopTransaction',
  'ChangeConfiguration',
  'GetConfiguration',
  'UnlockConnector',
  'SetChargingProfile',
  'TriggerMessage',
  'InstallCertificate',
  'GetLog',
];

const lone = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const edgeCharacters = fc.constantFrom(
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
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.oneof(lone, edgeCharacters, fc.string({ unit: 'grapheme', maxLength: 1 })), maxLength: 30 }),
  fc.integer({ min: 100, max: 300_000 }).map((length) => 'x'.repeat(length)),
  fc.constantFrom('', ' ', 'null', 'undefined', 'NaN', '-1', '1e21', '0x10', '<script>', "'; DROP TABLE cp; --"),
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
  fc.date({ min: new Date(-62_000_000_000_000), max: new Date(250_000_000_000_000), noInvalidDate: true }).map((d) =>
    d.toISOString(),
  ),
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
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
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

function setAt(root: unknown, path: Path, update: (parent: Record<string | number, unknown>, key: string | number) => void) {
  let parent = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1);
  if (last !== undefined && parent !== null && typeof parent === 'object') update(parent, last);
}

type Mutation =
  | { op: 'set'; pick: number; value: unknown }
  | { op: 'delete'; pick: number }
  | { op: 'add'; pick: number; name: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('set' as const), pick: fc.nat(), value: hostileValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('add' as const),
      pick: fc.nat(),
      name: fc.oneof(fc.string({ maxLength: 20 }), fc.integer({ min: 1000, max: 100_000 }).map((n) => 'k'.repeat(n))),
      value: hostileValue,
    }),
  },
);

/** Applies mutations to a copy of `payload`; `pick` chooses among its paths (or the root). */
function mutate(payload: unknown, mutations: readonly Mutation[]): unknown {
  const root = { payload: structuredClone(payload) };
  for (const m of mutations) {
    const all: Path[] = [['payload'], ...paths(root.payload, ['payload'])];
    const path = all[m.pick % all.length] ?? ['payload'];
    if (m.op === 'set') setAt(root, path, (parent, key) => void (parent[key] = m.value));
    if (m.op === 'delete') setAt(root, path, (parent, key) => void delete parent[key]);
    if (m.op === 'add') {
      let target = root as Record<string | number, unknown>;
      for (const key of path) target = target[key] as Record<string | number, unknown>;
      if (target !== null && typeof target === 'object' && !Array.isArray(target)) target[m.name] = m.value;
    }
  }
  return root.payload;
}

/** A message id: mostly valid ones, some at and past the 36-character limit. */
const messageId = fc.oneof(
  { weight: 8, arbitrary: fc.string({ minLength: 1, maxLength: 36 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.oneof(lone, edgeCharacters), minLength: 1, maxLength: 36 }) },
  { weight: 1, arbitrary: fc.constantFrom('', 'x'.repeat(37), 'y'.repeat(5000)) },
);

const chargePointAction = fc.constantFrom(...Object.keys(VALID_REQUESTS));

/** A CALL of an action a charge point sends, its payload mutated 0 to 4 times. */
const mutatedCall = fc
  .record({
    id: messageId,
    action: chargePointAction,
    mutations: fc.array(mutation, { maxLength: 4 }),
  })
  .map(({ id, action, mutations }) => serialize([2, id, action, mutate(VALID_REQUESTS[action], mutations)]));

const centralSystemCall = fc
  .record({ id: messageId, action: fc.constantFrom(...CENTRAL_SYSTEM_ACTIONS), payload: hostileValue })
  .map(({ id, action, payload }) => serialize([2, id, action, payload]));

const unknownCall = fc
  .record({
    id: messageId,
    action: fc.oneof(
      fc.string({ minLength: 1, maxLength: 30 }),
      fc.integer({ min: 1000, max: 500_000 }).map((n) => 'A'.repeat(n)),
    ),
    payload: fc.jsonValue({ maxDepth: 2 }),
  })
  .map(({ id, action, payload }) => serialize([2, id, action, payload]));

/** Arrays with any message type id and any number of elements. */
const envelope = fc
  .record({
    type: fc.oneof(fc.integer({ min: -2, max: 12 }), fc.constantFrom(2.5, '2', '3', null, true, [2], {})),
    rest: fc.array(fc.oneof(messageId, chargePointAction, hostileValue), { maxLength: 6 }),
  })
  .map(({ type, rest }) => serialize([type, ...rest]));

/** CALLRESULTs and CALLERRORs for calls the server never made. */
const unsolicited = fc.oneof(
  fc.record({ id: messageId, result: fc.jsonValue({ maxDepth: 2 }) }).map(({ id, result }) => JSON.stringify([3, id, result])),
  fc
    .record({ id: messageId, code: hostileString, description: hostileString, details: hostileValue })
    .map(({ id, code, description, details }) => serialize([4, id, code, description, details])),
);

/**
 * Splits a text's UTF-8 into 2 to 6 fragments, anywhere, also inside a character: only
 * the whole message has to be valid UTF-8 (RFC 6455 §5.6).
 */
const fragmented = (text: fc.Arbitrary<string>) =>
  text.chain((whole) => {
    const bytes = Buffer.from(whole);
    return fc.array(fc.nat({ max: Math.max(bytes.length, 1) }), { minLength: 1, maxLength: 5 }).map((cuts) => {
      const points = [...new Set(cuts)].sort((a, b) => a - b);
      const parts: Uint8Array[] = [];
      let from = 0;
      for (const point of points) {
        parts.push(new Uint8Array(bytes.subarray(from, point)));
        from = point;
      }
      parts.push(new Uint8Array(bytes.subarray(from)));
      return parts;
    });
  });

/** Bytes that are not UTF-8: a text frame carrying them is closed with 1007 (RFC 6455 §8.1). */
const invalidUtf8 = fc
  .tuple(fc.constantFrom([0xc3, 0x28], [0xa0, 0xa1], [0xe2, 0x28, 0xa1], [0xf0, 0x28, 0x8c, 0x28], [0xed, 0xa0, 0x80], [0xff]), fc.string({ maxLength: 10 }))
  .map(([bad, text]) => new Uint8Array([...Buffer.from(`[2,"${text.replace(/["\\]/g, '')}`), ...bad, ...Buffer.from('"]')]));

/** One message of the fuzz traffic, weighted towards the CALLs that reach handlers. */
export function fuzzMessage(options: { maxFrameBytes: number }): fc.Arbitrary<FuzzMessage> {
  const text = (family: string, arbitrary: fc.Arbitrary<string>) =>
    arbitrary.map((value): FuzzMessage => ({ kind: 'text', family, text: value }));
  return fc.oneof(
    { weight: 40, arbitrary: text('mutated-call', mutatedCall) },
    {
      weight: 10,
      arbitrary: text(
        'valid-call',
        fc.record({ id: messageId, action: chargePointAction }).map(({ id, action }) =>
          JSON.stringify([2, id, action, VALID_REQUESTS[action]]),
        ),
      ),
    },
    { weight: 5, arbitrary: text('central-system-action', centralSystemCall) },
    { weight: 4, arbitrary: text('unknown-action', unknownCall) },
    { weight: 8, arbitrary: text('random-json', fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null')) },
    { weight: 6, arbitrary: text('not-json', fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }))) },
    { weight: 8, arbitrary: text('envelope', envelope) },
    { weight: 10, arbitrary: text('unsolicited-response', unsolicited) },
    {
      weight: 5,
      arbitrary: fc
        .oneof(fc.uint8Array({ maxLength: 300 }), mutatedCall.map((call) => new Uint8Array(Buffer.from(call))))
        .map((bytes): FuzzMessage => ({ kind: 'binary', family: 'binary', bytes })),
    },
    {
      weight: 7,
      arbitrary: fragmented(fc.oneof(mutatedCall, envelope)).map(
        (parts): FuzzMessage => ({ kind: 'fragments', family: 'fragmented', parts }),
      ),
    },
    {
      weight: 1,
      arbitrary: invalidUtf8.map(
        (payload): FuzzMessage => ({ kind: 'killer', family: 'invalid-utf8', payload, binary: false, closeCode: 1007 }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constant<FuzzMessage>({
        kind: 'killer',
        family: 'oversize',
        payload: new Uint8Array(Buffer.from(JSON.stringify([2, 'big', 'DataTransfer', { vendorId: 'v', data: 'x'.repeat(options.maxFrameBytes) }]))),
        binary: false,
        closeCode: 1009,
      }),
    },
  );
}

/** A flood of CALLRESULTs for calls never made (the 20,000 12-byte frames, in small). */
export const flood = fc
  .integer({ min: 20, max: 200 })
  .map((count): FuzzMessage[] =>
    Array.from({ length: count }, (_, i) => ({ kind: 'text', family: 'unsolicited-flood', text: `[3,"f${i}",{}]` })),
  );

/** A batch: a few dozen messages, sometimes with a flood in the middle. */
export function fuzzBatch(options: { maxFrameBytes: number; maxLength: number }): fc.Arbitrary<FuzzMessage[]> {
  return fc
    .tuple(
      fc.array(fuzzMessage(options), { minLength: 1, maxLength: options.maxLength, size: 'max' }),
      fc.option(flood, { freq: 30 }),
    )
    .map(([messages, extra]) => (extra ? [...messages, ...extra] : messages));
}

/** The text the server reads from a message (it decodes binary frames as UTF-8 too). */
export function textOf(message: FuzzMessage): string {
  switch (message.kind) {
    case 'text':
      return message.text;
    case 'binary':
      return Buffer.from(message.bytes).toString('utf8');
    case 'fragments':
      return Buffer.concat(message.parts).toString('utf8');
    case 'killer':
      return '';
  }
}

/**
 * Whether Levity must answer this text with a CALLRESULT or a CALLERROR naming its
 * id: a JSON array `[2, id, action, payload]` with an id of 1 to 36 characters and a
 * non-empty action (OCPP-J §4.2.1). Returns the id, or undefined.
 */
export function wellFormedCallId(text: string): string | undefined {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(frame) || frame.length !== 4 || frame[0] !== 2) return undefined;
  const [, id, action] = frame;
  if (typeof id !== 'string' || id.length === 0 || id.length > 36) return undefined;
  if (typeof action !== 'string' || action.length === 0) return undefined;
  return id;
}
