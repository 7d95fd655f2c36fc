import type { SecurityEventRecord } from '../api/api-types.js';
import { chargePointHref } from '../components/ocpp.js';
import { RecordsPage } from '../components/records-page.js';
import { Time } from '../components/time.js';

/** SecurityEventNotifications (OCPP 1.6 security extension), newest first. */
export function SecurityEventsPage() {
  return (
    <RecordsPage<SecurityEventRecord>
      title="Security events"
      intro="SecurityEventNotifications from charge points (OCPP 1.6 security extension)."
      path="/api/security-events"
      filters={[{ name: 'chargePointId', label: 'Charge point' }]}
      rowKey={(row) => row.id}
      empty="No security event."
      liveActions={['SecurityEventNotification']}
      columns={[
        { key: 'time', label: 'Time', render: (row) => <Time iso={row.timestamp} /> },
        {
          key: 'cp',
          label: 'Charge point',
          render: (row) => <a href={chargePointHref(row.chargePointId)}>{row.chargePointId}</a>,
        },
        { key: 'type', label: 'Type', render: (row) => row.type },
        { key: 'info', label: 'Technical info', render: (row) => row.techInfo ?? '' },
        { key: 'received', label: 'Received', render: (row) => <Time iso={row.receivedAt} /> },
      ]}
    />
  );
}
