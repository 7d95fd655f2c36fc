import type { ConnectorRecord } from '../../api/api-types.js';
import { DataTable } from '../../components/data-table.js';
import { StatusBadge } from '../../components/status-badge.js';
import { Time } from '../../components/time.js';

/** A charge point's connectors and their last reported status (kept live by the page). */
export function ConnectorsPanel({ connectors }: { connectors: readonly ConnectorRecord[] }) {
  return (
    <section aria-labelledby="connectors-title" class="panel" data-panel="connectors">
      <h2 id="connectors-title">Connectors</h2>
      <DataTable
        caption="Connectors"
        rows={connectors}
        rowKey={(c) => c.connectorId}
        rowTestId={(c) => `connector-${c.connectorId}`}
        empty="No connector has reported yet."
        columns={[
          { key: 'id', label: 'Connector', render: (c) => c.connectorId },
          { key: 'status', label: 'Status', render: (c) => <StatusBadge status={c.status} /> },
          {
            key: 'error',
            label: 'Error',
            render: (c) =>
              c.errorCode === 'NoError' ? (
                <span class="muted">none</span>
              ) : (
                <StatusBadge status={c.errorCode} />
              ),
          },
          { key: 'info', label: 'Info', render: (c) => c.info ?? c.vendorErrorCode ?? '' },
          {
            key: 'since',
            label: 'Since',
            render: (c) => <Time iso={c.statusTimestamp ?? c.receivedAt} ago />,
          },
        ]}
      />
    </section>
  );
}
