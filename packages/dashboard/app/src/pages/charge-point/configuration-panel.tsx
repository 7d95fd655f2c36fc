import { useState } from 'preact/hooks';
import { segment } from '../../api/api-client.js';
import type { ConfigurationKeyRecord, List } from '../../api/api-types.js';
import { sendCommand } from '../../api/commands.js';
import { ActionButton } from '../../components/action-button.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorNotice } from '../../components/notice.js';
import { Time } from '../../components/time.js';
import { useResource } from '../../components/use-resource.js';
import { readOnly, useApi } from '../../session/session.js';

/** The configuration Levity knows of the charge point; read it again, or change a key (ChangeConfiguration). */
export function ConfigurationPanel({ chargePointId }: { chargePointId: string }) {
  const api = useApi();
  const config = useResource(
    (client) =>
      client.get<List<ConfigurationKeyRecord>>(`/api/charge-points/${segment(chargePointId)}/configuration`),
    [chargePointId],
  );
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [answer, setAnswer] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const keys = config.data?.items ?? [];

  const change = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setAnswer(null);
    setBusy(true);
    try {
      const { status } = await sendCommand<{ status: string }>(api, chargePointId, 'ChangeConfiguration', {
        key: key.trim(),
        value,
      });
      setAnswer(`ChangeConfiguration ${key.trim()} = ${value}: ${status}`);
      config.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="config-title" class="panel" data-panel="configuration">
      <h2 id="config-title">Configuration</h2>
      <div class="button-row">
        <ActionButton
          action={async () => {
            setError(undefined);
            await sendCommand(api, chargePointId, 'GetConfiguration', {});
            config.reload();
          }}
          onError={setError}
        >
          Read from the charge point (GetConfiguration)
        </ActionButton>
      </div>
      <ErrorNotice error={config.error ?? error} />
      <form class="toolbar" onSubmit={change}>
        <div class="field">
          <label for="config-key">Key</label>
          <input
            id="config-key"
            list="config-keys"
            required
            maxLength={50}
            value={key}
            autoComplete="off"
            onInput={(event) => {
              const next = event.currentTarget.value;
              setKey(next);
              const known = keys.find((k) => k.key === next);
              if (known?.value !== undefined && known.value !== null) setValue(known.value);
            }}
          />
          <datalist id="config-keys">
            {keys
              .filter((k) => k.readonly !== true)
              .map((k) => (
                <option key={k.key} value={k.key} />
              ))}
          </datalist>
        </div>
        <div class="field">
          <label for="config-value">Value</label>
          <input
            id="config-value"
            maxLength={500}
            value={value}
            autoComplete="off"
            onInput={(event) => setValue(event.currentTarget.value)}
          />
        </div>
        <button
          type="submit"
          class="button button-primary"
          disabled={busy || readOnly.value || key.trim() === ''}
        >
          Change (ChangeConfiguration)
        </button>
      </form>
      {answer ? (
        <p class="notice notice-info" role="status">
          {answer}
        </p>
      ) : null}
      <DataTable
        caption="Configuration keys"
        rows={keys}
        rowKey={(k) => k.key}
        initialSort={{ key: 'key' }}
        empty={config.loading ? 'Loading…' : 'Not read yet: use "Read from the charge point".'}
        columns={[
          { key: 'key', label: 'Key', sortValue: (k) => k.key, render: (k) => <code>{k.key}</code> },
          { key: 'value', label: 'Value', render: (k) => k.value ?? <span class="muted">—</span> },
          {
            key: 'flags',
            label: 'Notes',
            render: (k) =>
              [
                k.readonly ? 'read-only' : null,
                k.unknown ? 'unknown to the charge point' : null,
                k.rebootRequired ? 'reboot required' : null,
              ]
                .filter(Boolean)
                .join(', '),
          },
          { key: 'updated', label: 'Learned', render: (k) => <Time iso={k.updatedAt} ago /> },
        ]}
      />
    </section>
  );
}
