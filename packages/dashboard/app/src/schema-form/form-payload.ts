import type { FormState, JsonSchema } from './json-schema.js';
import { resolve } from './json-schema.js';

export interface FieldError {
  /** Dotted path of the field, e.g. `csChargingProfiles.chargingSchedule.chargingRateUnit`. */
  readonly path: string;
  readonly message: string;
}

export interface Payload {
  /** The request payload; `undefined` when the form (an optional part of it) is empty. */
  readonly value: unknown;
  readonly errors: readonly FieldError[];
}

const INTEGER = /^[+-]?\d+$/;

function leaf(node: JsonSchema, text: string, path: string): Payload {
  const raw = text.trim();
  if (raw === '') return { value: undefined, errors: [] };
  const fail = (message: string): Payload => ({ value: undefined, errors: [{ path, message }] });
  switch (node.type) {
    case 'integer': {
      if (!INTEGER.test(raw)) return fail('must be a whole number');
      const value = Number(raw);
      if (node.minimum !== undefined && value < node.minimum) return fail(`must be at least ${node.minimum}`);
      return { value, errors: [] };
    }
    case 'number': {
      const value = Number(raw);
      if (!Number.isFinite(value)) return fail('must be a number');
      return { value, errors: [] };
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') return fail('must be true or false');
      return { value: raw === 'true', errors: [] };
    default: {
      if (node.enum !== undefined && !node.enum.includes(raw))
        return fail(`must be one of ${node.enum.join(', ')}`);
      if (node.format === 'date-time') {
        // A datetime-local input gives the reader's local time without a zone: send it as UTC.
        const ms = Date.parse(raw);
        if (Number.isNaN(ms)) return fail('must be a date and time');
        return { value: new Date(ms).toISOString(), errors: [] };
      }
      if (node.maxLength !== undefined && raw.length > node.maxLength) {
        return fail(`must be at most ${node.maxLength} characters`);
      }
      // Text is sent as typed (trimmed): ids and keys are case- and content-sensitive.
      return { value: raw, errors: [] };
    }
  }
}

/**
 * The request payload a form describes, checked against the OCPP 1.6 schema it was
 * built from: empty optional fields (and optional objects left empty) are left out,
 * numbers and booleans are converted, local date-times become UTC, and every problem
 * is named with its field. The server validates again; this only spares a round trip.
 *
 * @example
 * toPayload(resetSchema, { type: 'Soft' }) // { value: { type: 'Soft' }, errors: [] }
 */
export function toPayload(schema: JsonSchema, state: FormState, root: JsonSchema = schema): Payload {
  return build(schema, state, root, '', true);
}

/** Whether nothing was typed anywhere in `state` (no text, no array item). */
export function isBlank(state: FormState): boolean {
  if (typeof state === 'string') return state.trim() === '';
  if (Array.isArray(state)) return state.length === 0;
  return Object.values(state as Record<string, FormState>).every(isBlank);
}

function build(
  schema: JsonSchema,
  state: FormState,
  root: JsonSchema,
  path: string,
  required: boolean,
): Payload {
  const node = resolve(schema, root);
  // An optional part nobody filled in is left out, with no complaint about what it would require.
  if (!required && isBlank(state)) return { value: undefined, errors: [] };
  if (node.type === 'object') {
    const fields = (typeof state === 'object' && !Array.isArray(state) ? state : {}) as Record<
      string,
      FormState
    >;
    const value: Record<string, unknown> = {};
    const errors: FieldError[] = [];
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      const childPath = path === '' ? name : `${path}.${name}`;
      const isRequired = node.required?.includes(name) ?? false;
      const built = build(child, fields[name] ?? '', root, childPath, isRequired);
      errors.push(...built.errors);
      if (built.value !== undefined) value[name] = built.value;
      else if (isRequired && built.errors.length === 0)
        errors.push({ path: childPath, message: 'is required' });
    }
    return { value, errors };
  }
  if (node.type === 'array') {
    const items = Array.isArray(state) ? state : [];
    const value: unknown[] = [];
    const errors: FieldError[] = [];
    items.forEach((item, index) => {
      const built = build(node.items ?? {}, item, root, `${path}[${index}]`, true);
      errors.push(...built.errors);
      if (built.value !== undefined) value.push(built.value);
      else if (built.errors.length === 0) errors.push({ path: `${path}[${index}]`, message: 'is empty' });
    });
    return { value, errors };
  }
  return leaf(node, typeof state === 'string' ? state : '', path);
}
