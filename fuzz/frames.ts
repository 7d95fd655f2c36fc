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
import {
  edgeCharacters,
  hostileString,
  hostileValue,
  lone,
  mutate,
  mutation,
  serialize,
  VALID_REQUESTS,
} from './payloads.js';

/** One WebSocket message the fuzzer sends, and what it expects back. */
export type FuzzMessage =
  | { kind: 'text'; family: string; text: string }
  | { kind: 'binary'; family: string; bytes: Uint8Array }
  /** One text message sent as several frames (`fin: false` until the last), cut anywhere in its UTF-8. */
  | { kind: 'fragments'; family: string; parts: Uint8Array[] }
  /** Sent on a throw-away connection: the server closes it on purpose. */
  | { kind: 'killer'; family: string; payload: Uint8Array; binary: boolean; closeCode: number };

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
  fc
    .record({ id: messageId, result: fc.jsonValue({ maxDepth: 2 }) })
    .map(({ id, result }) => JSON.stringify([3, id, result])),
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
    return fc
      .array(fc.nat({ max: Math.max(bytes.length, 1) }), { minLength: 1, maxLength: 5 })
      .map((cuts) => {
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
  .tuple(
    fc.constantFrom(
      [0xc3, 0x28],
      [0xa0, 0xa1],
      [0xe2, 0x28, 0xa1],
      [0xf0, 0x28, 0x8c, 0x28],
      [0xed, 0xa0, 0x80],
      [0xff],
    ),
    fc.string({ maxLength: 10 }),
  )
  .map(
    ([bad, text]) =>
      new Uint8Array([...Buffer.from(`[2,"${text.replace(/["\\]/g, '')}`), ...bad, ...Buffer.from('"]')]),
  );

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
        fc
          .record({ id: messageId, action: chargePointAction })
          .map(({ id, action }) => JSON.stringify([2, id, action, VALID_REQUESTS[action]])),
      ),
    },
    { weight: 5, arbitrary: text('central-system-action', centralSystemCall) },
    { weight: 4, arbitrary: text('unknown-action', unknownCall) },
    {
      weight: 8,
      arbitrary: text(
        'random-json',
        fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
      ),
    },
    {
      weight: 6,
      arbitrary: text(
        'not-json',
        fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 })),
      ),
    },
    { weight: 8, arbitrary: text('envelope', envelope) },
    { weight: 10, arbitrary: text('unsolicited-response', unsolicited) },
    {
      weight: 5,
      arbitrary: fc
        .oneof(
          fc.uint8Array({ maxLength: 300 }),
          mutatedCall.map((call) => new Uint8Array(Buffer.from(call))),
        )
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
        (payload): FuzzMessage => ({
          kind: 'killer',
          family: 'invalid-utf8',
          payload,
          binary: false,
          closeCode: 1007,
        }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constant<FuzzMessage>({
        kind: 'killer',
        family: 'oversize',
        payload: new Uint8Array(
          Buffer.from(
            JSON.stringify([
              2,
              'big',
              'DataTransfer',
              { vendorId: 'v', data: 'x'.repeat(options.maxFrameBytes) },
            ]),
          ),
        ),
        binary: false,
        closeCode: 1009,
      }),
    },
  );
}

/** A flood of CALLRESULTs for calls never made (the 20,000 12-byte frames, in small). */
export const flood = fc.integer({ min: 20, max: 200 }).map((count): FuzzMessage[] =>
  Array.from({ length: count }, (_, i) => ({
    kind: 'text',
    family: 'unsolicited-flood',
    text: `[3,"f${i}",{}]`,
  })),
);

/** A batch: a few dozen messages, sometimes with a flood in the middle. */
export function fuzzBatch(options: {
  maxFrameBytes: number;
  maxLength: number;
}): fc.Arbitrary<FuzzMessage[]> {
  return fc
    .tuple(
      fc.array(fuzzMessage(options), { minLength: 1, maxLength: options.maxLength, size: 'max' }),
      // One batch in ten carries a flood.
      fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: flood }),
    )
    .map(([messages, extra]) => (extra ? [...messages, ...extra] : messages));
}

/**
 * A message over the server's size limit (deep nesting and long strings add up) is one
 * the server must close the connection for with 1009: it becomes a killer, sent on a
 * connection of its own. Others are returned as they are.
 */
export function withSizeLimit(message: FuzzMessage, maxFrameBytes: number): FuzzMessage {
  if (message.kind === 'killer') return message;
  const bytes =
    message.kind === 'text'
      ? Buffer.from(message.text)
      : message.kind === 'binary'
        ? Buffer.from(message.bytes)
        : Buffer.concat(message.parts);
  if (bytes.length <= maxFrameBytes) return message;
  return {
    kind: 'killer',
    family: `${message.family} (oversize)`,
    payload: new Uint8Array(bytes),
    binary: message.kind === 'binary',
    closeCode: 1009,
  };
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
