import { OCPP16_SCHEMAS } from '../connection/ocpp-rpc-adapter.js';
import type { ChargePointAction } from '../ocpp16/actions.js';
import { CHARGE_POINT_ACTIONS } from '../ocpp16/actions.js';
import { OcppError } from '../ocpp16/error-codes.js';

/**
 * Transaction messages: a charger resends them until it gets a CALLRESULT and then
 * may drop them (OCPP 1.6 §4.7, §4.8, §4.10), so what is too big in them is cut, not
 * refused.
 */
const TRANSACTION_MESSAGES: ReadonlySet<string> = new Set([
  'StartTransaction',
  'StopTransaction',
  'MeterValues',
]);

/** The largest integer JSON numbers keep exactly (2^53 − 1); also what storage can hold. */
const LARGEST_INTEGER = Number.MAX_SAFE_INTEGER;

/** A field of a request schema that needs a limit: `*` stands for every item of an array. */
interface LimitedField {
  readonly path: readonly string[];
  /** `text`: a string the schema leaves unbounded; `integer`: any integer. */
  readonly kind: 'text' | 'integer';
}

interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  maxLength?: number;
  enum?: unknown[];
  format?: string;
  $ref?: string;
  definitions?: Record<string, SchemaNode>;
}

/** Walks a request schema (resolving its local `$ref`s) for the fields that need a limit. */
function limitedFields(schema: SchemaNode): LimitedField[] {
  const found: LimitedField[] = [];
  const visit = (node: SchemaNode, path: string[], depth: number) => {
    if (depth > 16) return;
    const ref = node.$ref?.match(/^#\/definitions\/(.+)$/)?.[1];
    const resolved = ref === undefined ? node : (schema.definitions?.[ref] ?? {});
    const types = ([] as unknown[]).concat(resolved.type ?? []);
    if (types.includes('integer') || types.includes('number')) found.push({ path, kind: 'integer' });
    // Date-times are normalised to a fixed length before they are stored; enums are short.
    if (
      types.includes('string') &&
      resolved.maxLength === undefined &&
      resolved.enum === undefined &&
      resolved.format === undefined
    ) {
      found.push({ path, kind: 'text' });
    }
    for (const [name, child] of Object.entries(resolved.properties ?? {}))
      visit(child, [...path, name], depth + 1);
    if (resolved.items) visit(resolved.items, [...path, '*'], depth + 1);
  };
  visit(schema, [], 0);
  return found;
}

const FIELDS: ReadonlyMap<string, readonly LimitedField[]> = new Map(
  CHARGE_POINT_ACTIONS.map((action) => {
    const schema = OCPP16_SCHEMAS.find(({ $id }) => $id === `urn:${action}.req`) as SchemaNode | undefined;
    return [action, schema ? limitedFields(schema) : []];
  }),
);

/** What `limitPayload` changed, as JSON pointers, for the log and the counters. */
export interface PayloadAdjustments {
  /** Integers beyond ±(2^53 − 1), clamped to it. */
  readonly clamped: string[];
  /** Strings longer than the limit, cut to it (transaction messages only). */
  readonly cut: string[];
}

/**
 * Applies Levity's limits to a request the schema has already validated, before any
 * handler sees it: integers beyond ±(2^53 − 1) (`1e21` is a valid JSON-schema
 * integer) are clamped to it; strings the OCPP 1.6 schema leaves unbounded
 * (DataTransfer `data`, a sampled `value`) longer than `maxFieldLength` are cut to it
 * in transaction messages and answered PropertyConstraintViolation in the others.
 * Returns the params to use (the same object when nothing changed).
 *
 * @example
 * const { params } = limitPayload('StopTransaction', { transactionId: 1, meterStop: 1e21, timestamp }, { maxFieldLength: 8192 });
 * params.meterStop; // 9007199254740991
 */
export function limitPayload(
  action: ChargePointAction,
  params: unknown,
  { maxFieldLength }: { maxFieldLength: number },
): { params: unknown; adjustments: PayloadAdjustments } {
  const adjustments: PayloadAdjustments = { clamped: [], cut: [] };
  const fields = FIELDS.get(action) ?? [];
  let result = params;
  for (const field of fields) {
    result = limitAt(result, field.path, '', (value, pointer) => {
      if (field.kind === 'integer') {
        if (typeof value !== 'number' || Math.abs(value) <= LARGEST_INTEGER) return value;
        adjustments.clamped.push(pointer);
        return Math.sign(value) * LARGEST_INTEGER;
      }
      if (typeof value !== 'string' || value.length <= maxFieldLength) return value;
      if (!TRANSACTION_MESSAGES.has(action)) {
        throw new OcppError(
          'PropertyConstraintViolation',
          `${pointer} is longer than ${maxFieldLength} characters`,
          { field: pointer },
        );
      }
      adjustments.cut.push(pointer);
      return cutText(value, maxFieldLength);
    });
  }
  return { params: result, adjustments };
}

/** Replaces the values at `path` (copying only what changes); `*` visits every item of an array. */
function limitAt(
  value: unknown,
  path: readonly string[],
  pointer: string,
  limit: (value: unknown, pointer: string) => unknown,
): unknown {
  if (path.length === 0) return limit(value, pointer);
  const [head, ...rest] = path as [string, ...string[]];
  if (head === '*') {
    if (!Array.isArray(value)) return value;
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const next = limitAt(item, rest, `${pointer}/${index}`, limit);
      if (next !== item) {
        copy ??= [...value];
        copy[index] = next;
      }
    });
    return copy ?? value;
  }
  if (value === null || typeof value !== 'object' || !Object.hasOwn(value, head)) return value;
  const record = value as Record<string, unknown>;
  const next = limitAt(record[head], rest, `${pointer}/${head}`, limit);
  return next === record[head] ? value : { ...record, [head]: next };
}

/** The first `length` UTF-16 units of `text`, without splitting a surrogate pair. */
export function cutText(text: string, length: number): string {
  const code = text.charCodeAt(length - 1);
  const splitsPair = code >= 0xd800 && code <= 0xdbff;
  return text.slice(0, splitsPair ? length - 1 : length);
}
