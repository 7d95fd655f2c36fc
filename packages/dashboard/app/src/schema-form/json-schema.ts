/** The part of JSON Schema (draft 7) the OCPP 1.6 request schemas use. */
export interface JsonSchema {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly enum?: readonly string[];
  readonly format?: string;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly multipleOf?: number;
  readonly $ref?: string;
  readonly definitions?: Readonly<Record<string, JsonSchema>>;
  readonly description?: string;
}

/**
 * The schema `node` stands for: itself, or the `#/definitions/…` entry of `root` it
 * refers to (the security extension's schemas name their enumerations that way).
 */
export function resolve(node: JsonSchema, root: JsonSchema): JsonSchema {
  const name = node.$ref === undefined ? undefined : /^#\/definitions\/(.+)$/.exec(node.$ref)?.[1];
  if (node.$ref === undefined) return node;
  const target = name === undefined ? undefined : root.definitions?.[name];
  if (target === undefined) throw new Error(`unresolvable $ref ${node.$ref}`);
  return resolve(target, root);
}

/** What a form holds: text for every leaf (as typed), arrays and objects as in the payload. */
export type FormState = string | readonly FormState[] | { readonly [name: string]: FormState };

/** An empty form for `schema`: objects with their fields, no array items, empty leaves. */
export function emptyState(schema: JsonSchema, root: JsonSchema): FormState {
  const node = resolve(schema, root);
  if (node.type === 'object') {
    const out: Record<string, FormState> = {};
    for (const [name, child] of Object.entries(node.properties ?? {})) out[name] = emptyState(child, root);
    return out;
  }
  if (node.type === 'array') return [];
  return '';
}

/** A copy of `state` with `value` at `path`. */
export function setIn(state: FormState, path: readonly (string | number)[], value: FormState): FormState {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(state)) {
    const copy = [...state];
    copy[head as number] = setIn(copy[head as number] ?? '', rest, value);
    return copy;
  }
  const object = (typeof state === 'object' ? state : {}) as Record<string, FormState>;
  return { ...object, [head]: setIn(object[head as string] ?? '', rest, value) };
}

/** The value at `path`, or `''`. */
export function getIn(state: FormState, path: readonly (string | number)[]): FormState {
  let node: FormState | undefined = state;
  for (const key of path) {
    if (node === undefined || typeof node === 'string') return '';
    node = Array.isArray(node) ? node[key as number] : (node as Record<string, FormState>)[key as string];
  }
  return node ?? '';
}
