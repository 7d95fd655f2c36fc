import { useState } from 'preact/hooks';
import { segment } from '../../api/api-client.js';
import type { ChargingProfileRecord, List } from '../../api/api-types.js';
import { commandsSent, sendCommand } from '../../api/commands.js';
import { ActionButton } from '../../components/action-button.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorNotice } from '../../components/notice.js';
import { Time } from '../../components/time.js';
import { useResource } from '../../components/use-resource.js';
import { useApi } from '../../session/session.js';

/** The charging profiles Levity believes installed; each can be cleared (ClearChargingProfile). */
export function ChargingProfilesPanel({ chargePointId }: { chargePointId: string }) {
  const api = useApi();
  const sent = commandsSent.value;
  const profiles = useResource(
    (client) =>
      client.get<List<ChargingProfileRecord>>(
        `/api/charge-points/${segment(chargePointId)}/charging-profiles`,
      ),
    [chargePointId, sent],
  );
  const [error, setError] = useState<unknown>(undefined);
  return (
    <section aria-labelledby="profiles-title" class="panel" data-panel="profiles">
      <h2 id="profiles-title">Charging profiles</h2>
      <ErrorNotice error={profiles.error ?? error} />
      <DataTable
        caption="Charging profiles installed"
        rows={profiles.data?.items ?? []}
        rowKey={(p) => `${p.connectorId}-${p.chargingProfileId}`}
        empty={
          profiles.loading ? 'Loading…' : 'None installed (SetChargingProfile in the console installs one).'
        }
        columns={[
          { key: 'id', label: 'Profile', render: (p) => p.chargingProfileId },
          { key: 'connector', label: 'Connector', render: (p) => p.connectorId },
          { key: 'purpose', label: 'Purpose', render: (p) => p.purpose },
          { key: 'level', label: 'Stack level', render: (p) => p.stackLevel },
          { key: 'tx', label: 'Transaction', render: (p) => p.transactionId ?? '—' },
          {
            key: 'profile',
            label: 'Schedule',
            render: (p) => (
              <details>
                <summary>Show</summary>
                <pre>{JSON.stringify(p.profile, null, 2)}</pre>
              </details>
            ),
          },
          { key: 'installed', label: 'Installed', render: (p) => <Time iso={p.installedAt} ago /> },
          {
            key: 'clear',
            label: 'Clear',
            render: (p) => (
              <ActionButton
                kind="danger"
                label={`Clear charging profile ${p.chargingProfileId}`}
                action={() =>
                  sendCommand(api, chargePointId, 'ClearChargingProfile', { id: p.chargingProfileId })
                }
                onError={setError}
              >
                Clear
              </ActionButton>
            ),
          },
        ]}
      />
    </section>
  );
}
