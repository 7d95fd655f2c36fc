import schemas from 'virtual:ocpp-command-schemas';
import { useMemo, useState } from 'preact/hooks';
import { ApiError } from '../../api/api-client.js';
import { sendCommand } from '../../api/commands.js';
import { COMMAND_PROFILES } from '../../components/ocpp.js';
import type { FieldError } from '../../schema-form/form-payload.js';
import { toPayload } from '../../schema-form/form-payload.js';
import type { FormState } from '../../schema-form/json-schema.js';
import { emptyState } from '../../schema-form/json-schema.js';
import { SchemaForm } from '../../schema-form/schema-form.js';
import { readOnly, useApi } from '../../session/session.js';

type Outcome =
  | { kind: 'answer'; action: string; body: unknown }
  | { kind: 'error'; action: string; message: string; code: string | undefined };

/**
 * A form for each of the 26 commands a central system sends, generated from its
 * OCPP 1.6 request schema; the charge point's answer (or why there is none) is shown
 * below it.
 */
export function CommandConsole({ chargePointId, connected }: { chargePointId: string; connected: boolean }) {
  const api = useApi();
  const [action, setAction] = useState('Reset');
  const schema = schemas[action] ?? { type: 'object' };
  const [states, setStates] = useState<Readonly<Record<string, FormState>>>({});
  const state = states[action] ?? emptyState(schema, schema);
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const payload = useMemo(() => toPayload(schema, state), [schema, state]);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (payload.errors.length > 0) {
      setErrors(payload.errors);
      return;
    }
    setErrors([]);
    setBusy(true);
    setOutcome(null);
    try {
      const answer = await sendCommand(api, chargePointId, action, payload.value ?? {});
      setOutcome({ kind: 'answer', action, body: answer });
    } catch (error) {
      setOutcome({
        kind: 'error',
        action,
        message: error instanceof Error ? error.message : String(error),
        code: error instanceof ApiError ? error.code : undefined,
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="console-title" class="panel" data-panel="console">
      <h2 id="console-title">Command console</h2>
      {connected ? null : (
        <p class="notice notice-warning">
          The charge point is not connected: commands will be refused (409).
        </p>
      )}
      <form class="console" onSubmit={submit} noValidate>
        <div class="field">
          <label for="console-action">Command</label>
          <select
            id="console-action"
            value={action}
            onChange={(event) => {
              setAction(event.currentTarget.value);
              setErrors([]);
            }}
          >
            {COMMAND_PROFILES.map((group) => (
              <optgroup key={group.profile} label={group.profile}>
                {group.actions.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <fieldset class="console-fields">
          <legend>{action} parameters</legend>
          <SchemaForm
            key={action}
            schema={schema}
            state={state}
            idPrefix={`cmd-${action}`}
            errors={errors}
            disabled={busy}
            onChange={(next) => setStates((all) => ({ ...all, [action]: next }))}
          />
        </fieldset>
        {errors.length > 0 ? (
          <div class="notice notice-error" role="alert">
            Fix {errors.length === 1 ? 'this field' : 'these fields'} first:{' '}
            {errors.map((error) => `${error.path} ${error.message}`).join('; ')}
          </div>
        ) : null}
        <details class="payload-preview">
          <summary>Request payload</summary>
          <pre>{JSON.stringify(payload.value ?? {}, null, 2)}</pre>
        </details>
        <div class="button-row">
          <button
            type="submit"
            class="button button-primary"
            disabled={busy || readOnly.value}
            aria-busy={busy}
            title={readOnly.value ? 'This token may only read' : undefined}
          >
            {busy ? `Sending ${action}…` : `Send ${action}`}
          </button>
          <button
            type="button"
            class="button button-secondary"
            onClick={() => {
              setStates((all) => ({ ...all, [action]: emptyState(schema, schema) }));
              setErrors([]);
            }}
          >
            Clear form
          </button>
        </div>
      </form>
      <output
        class="console-answer"
        aria-live="polite"
        for="console-action"
        data-outcome={outcome?.kind ?? ''}
      >
        {outcome === null ? null : outcome.kind === 'answer' ? (
          <>
            <h3>{outcome.action} answered</h3>
            <pre data-answer={outcome.action}>{JSON.stringify(outcome.body, null, 2)}</pre>
          </>
        ) : (
          <div class="notice notice-error" role="alert">
            <strong>{outcome.action} failed: </strong>
            {outcome.message}
            {outcome.code ? <code class="notice-code">{outcome.code}</code> : null}
          </div>
        )}
      </output>
    </section>
  );
}
