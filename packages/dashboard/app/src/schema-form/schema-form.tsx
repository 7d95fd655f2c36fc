import type { JSX } from 'preact';
import type { FieldError } from './form-payload.js';
import type { FormState, JsonSchema } from './json-schema.js';
import { emptyState, getIn, resolve, setIn } from './json-schema.js';

type Path = readonly (string | number)[];

interface FormContext {
  readonly root: JsonSchema;
  readonly state: FormState;
  readonly onChange: (state: FormState) => void;
  readonly idPrefix: string;
  readonly errors: ReadonlyMap<string, string>;
  readonly disabled: boolean;
}

const dotted = (path: Path): string =>
  path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? key : `${out}.${key}`),
    '',
  );
const fieldId = (context: FormContext, path: Path): string =>
  `${context.idPrefix}-${path.join('-')}`.replace(/[^A-Za-z0-9_-]/g, '_');

/** What to type, under the label: the schema's constraints in words. */
function hint(node: JsonSchema): string | undefined {
  if (node.format === 'date-time') return 'Date and time in your time zone; sent as UTC.';
  if (node.type === 'string' && node.maxLength !== undefined && node.enum === undefined) {
    return `At most ${node.maxLength} characters.`;
  }
  if (node.type === 'number' && node.multipleOf !== undefined) return `A multiple of ${node.multipleOf}.`;
  return undefined;
}

function Leaf({ context, node, path, name, required }: FieldProps) {
  const id = fieldId(context, path);
  const value = getIn(context.state, path);
  const text = typeof value === 'string' ? value : '';
  const error = context.errors.get(dotted(path));
  const help = hint(node);
  const describedBy =
    [help ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const set = (next: string) => context.onChange(setIn(context.state, path, next));
  const common = {
    id,
    name: dotted(path),
    disabled: context.disabled,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    required,
  };
  let input: JSX.Element;
  if (node.enum !== undefined || node.type === 'boolean') {
    const options = node.enum ?? ['true', 'false'];
    input = (
      <select {...common} value={text} onChange={(event) => set(event.currentTarget.value)}>
        <option value="">{required ? 'Choose…' : '(not sent)'}</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  } else if (node.format === 'date-time') {
    input = (
      <input
        {...common}
        type="datetime-local"
        step={1}
        value={text}
        onInput={(event) => set(event.currentTarget.value)}
      />
    );
  } else if (node.type === 'integer' || node.type === 'number') {
    input = (
      <input
        {...common}
        type="text"
        inputMode={node.type === 'integer' ? 'numeric' : 'decimal'}
        autoComplete="off"
        value={text}
        onInput={(event) => set(event.currentTarget.value)}
      />
    );
  } else if (node.maxLength !== undefined && node.maxLength > 500) {
    input = (
      <textarea
        {...common}
        rows={4}
        maxLength={node.maxLength}
        value={text}
        onInput={(event) => set(event.currentTarget.value)}
      />
    );
  } else {
    input = (
      <input
        {...common}
        type="text"
        autoComplete="off"
        spellcheck={false}
        maxLength={node.maxLength}
        value={text}
        onInput={(event) => set(event.currentTarget.value)}
      />
    );
  }
  return (
    <div class="field">
      <label for={id}>
        {name}
        {required ? <span class="required"> (required)</span> : null}
        <span class="field-type">
          {' '}
          {node.enum ? 'choice' : node.format === 'date-time' ? 'date-time' : node.type}
        </span>
      </label>
      {input}
      {help ? (
        <span id={`${id}-hint`} class="field-hint">
          {help}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-error`} class="field-error">
          {name} {error}
        </span>
      ) : null}
    </div>
  );
}

interface FieldProps {
  readonly context: FormContext;
  readonly node: JsonSchema;
  readonly path: Path;
  readonly name: string;
  readonly required: boolean;
}

function ObjectFields({ context, node, path }: { context: FormContext; node: JsonSchema; path: Path }) {
  return (
    <>
      {Object.entries(node.properties ?? {}).map(([name, child]) => (
        <Field
          key={name}
          context={context}
          node={resolve(child, context.root)}
          path={[...path, name]}
          name={name}
          required={node.required?.includes(name) ?? false}
        />
      ))}
    </>
  );
}

function ArrayField({ context, node, path, name, required }: FieldProps) {
  const items = getIn(context.state, path);
  const list = Array.isArray(items) ? items : [];
  const itemSchema = resolve(node.items ?? {}, context.root);
  const error = context.errors.get(dotted(path));
  const setList = (next: readonly FormState[]) => context.onChange(setIn(context.state, path, next));
  return (
    <fieldset class="field-group">
      <legend>
        {name}
        {required ? <span class="required"> (required)</span> : null} <span class="field-type">list</span>
      </legend>
      {list.length === 0 ? <p class="muted">No items{required ? '' : ' (not sent)'}.</p> : null}
      {list.map((_, index) => (
        <div class="array-item" key={index}>
          <Field
            context={context}
            node={itemSchema}
            path={[...path, index]}
            name={`${name} ${index + 1}`}
            required
          />
          <button
            type="button"
            class="button button-small"
            disabled={context.disabled}
            onClick={() => setList(list.filter((__, i) => i !== index))}
          >
            Remove {name} {index + 1}
          </button>
        </div>
      ))}
      <button
        type="button"
        class="button button-small"
        disabled={context.disabled}
        onClick={() => setList([...list, emptyState(itemSchema, context.root)])}
      >
        Add {name}
      </button>
      {error ? <span class="field-error">{error}</span> : null}
    </fieldset>
  );
}

function Field(props: FieldProps) {
  const { node, name, required, context, path } = props;
  if (node.type === 'object') {
    const body = <ObjectFields context={context} node={node} path={path} />;
    if (required) {
      return (
        <fieldset class="field-group">
          <legend>
            {name} <span class="required">(required)</span>
          </legend>
          {body}
        </fieldset>
      );
    }
    // Optional objects fold away: left empty, they are not sent.
    return (
      <details class="field-group">
        <summary>
          {name} <span class="muted">(optional; sent when filled in)</span>
        </summary>
        {body}
      </details>
    );
  }
  if (node.type === 'array') return <ArrayField {...props} />;
  return <Leaf {...props} />;
}

export interface SchemaFormProps {
  /** An OCPP 1.6 request schema (an object). */
  readonly schema: JsonSchema;
  readonly state: FormState;
  readonly onChange: (state: FormState) => void;
  /** Unique per form on the page: field ids derive from it. */
  readonly idPrefix: string;
  readonly errors?: readonly FieldError[];
  readonly disabled?: boolean;
}

/**
 * The fields of a JSON schema: a labelled input per leaf (a select for enumerations and
 * booleans, a date-time picker for `date-time`), a fieldset per object and a list with
 * add/remove buttons per array. The caller keeps the state and turns it into a payload
 * with `toPayload`.
 */
export function SchemaForm(props: SchemaFormProps) {
  const context: FormContext = {
    root: props.schema,
    state: props.state,
    onChange: props.onChange,
    idPrefix: props.idPrefix,
    errors: new Map((props.errors ?? []).map((error) => [error.path, error.message])),
    disabled: props.disabled ?? false,
  };
  const schema = resolve(props.schema, props.schema);
  if (Object.keys(schema.properties ?? {}).length === 0) {
    return <p class="muted">This command has no parameters.</p>;
  }
  return <ObjectFields context={context} node={schema} path={[]} />;
}
