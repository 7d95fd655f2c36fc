import type { ErrorEventRecord } from '../api/api-types.js';
import { chargePointHref } from '../components/ocpp.js';
import { RecordsPage } from '../components/records-page.js';
import { StatusBadge } from '../components/status-badge.js';
import { Time } from '../components/time.js';

/** StatusNotifications that carried an errorCode, newest first. */
export function ErrorsPage() {
  return (
    <RecordsPage<ErrorEventRecord>
      title="Errors"
      intro="Every StatusNotification whose errorCode was not NoError, newest first."
      path="/api/errors"
      filters={[{ name: 'chargePointId', label: 'Charge point' }]}
      rowKey={(row) => row.id}
      empty="No error reported."
      liveEvents={['statusChanged']}
      columns={[
        { key: 'received', label: 'Received', render: (row) => <Time iso={row.receivedAt} /> },
        {
          key: 'cp',
          label: 'Charge point',
          render: (row) => <a href={chargePointHref(row.chargePointId)}>{row.chargePointId}</a>,
        },
        { key: 'connector', label: 'Connector', render: (row) => row.connectorId },
        { key: 'code', label: 'Error code', render: (row) => <StatusBadge status={row.errorCode} /> },
        { key: 'status', label: 'Status', render: (row) => <StatusBadge status={row.status} /> },
        { key: 'info', label: 'Info', render: (row) => row.info ?? '' },
        {
          key: 'vendor',
          label: 'Vendor error',
          render: (row) => [row.vendorId, row.vendorErrorCode].filter(Boolean).join(' '),
        },
      ]}
    />
  );
}
