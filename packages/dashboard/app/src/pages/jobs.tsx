import type { JobRecord } from '../api/api-types.js';
import { chargePointHref } from '../components/ocpp.js';
import { RecordsPage } from '../components/records-page.js';
import { StatusBadge } from '../components/status-badge.js';
import { Time } from '../components/time.js';

/** Firmware updates, diagnostics and log uploads, followed through their status notifications. */
export function JobsPage() {
  return (
    <RecordsPage<JobRecord>
      title="Firmware, diagnostics and log jobs"
      intro="Started with UpdateFirmware, SignedUpdateFirmware, GetDiagnostics or GetLog from a charge point's command console."
      path="/api/firmware-jobs"
      filters={[
        { name: 'chargePointId', label: 'Charge point' },
        { name: 'kind', label: 'Kind', options: ['Firmware', 'SignedFirmware', 'Diagnostics', 'Log'] },
        { name: 'open', label: 'Open only', options: ['true', 'false'] },
      ]}
      rowKey={(row) => row.id}
      empty="No job."
      liveActions={[
        'FirmwareStatusNotification',
        'DiagnosticsStatusNotification',
        'LogStatusNotification',
        'SignedFirmwareStatusNotification',
      ]}
      columns={[
        { key: 'id', label: 'Job', render: (row) => row.id },
        {
          key: 'cp',
          label: 'Charge point',
          render: (row) => <a href={chargePointHref(row.chargePointId)}>{row.chargePointId}</a>,
        },
        { key: 'kind', label: 'Kind', render: (row) => row.kind },
        // Which image is being installed, or where the logs go: what the command asked for.
        { key: 'location', label: 'Location', render: (row) => row.location ?? '' },
        { key: 'status', label: 'Status', render: (row) => <StatusBadge status={row.status} /> },
        { key: 'finished', label: 'Finished', render: (row) => (row.finished ? 'yes' : 'no') },
        { key: 'file', label: 'File', render: (row) => row.fileName ?? '' },
        { key: 'request', label: 'Request id', render: (row) => row.requestId ?? '' },
        { key: 'updated', label: 'Updated', render: (row) => <Time iso={row.updatedAt} /> },
      ]}
    />
  );
}
