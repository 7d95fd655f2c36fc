import type { ReservationRecord } from '../api/api-types.js';
import { chargePointHref, transactionHref } from '../components/ocpp.js';
import { RecordsPage } from '../components/records-page.js';
import { StatusBadge } from '../components/status-badge.js';
import { Time } from '../components/time.js';

const STATUSES = [
  'Requested',
  'Accepted',
  'Faulted',
  'Occupied',
  'Rejected',
  'Unavailable',
  'Failed',
  'Used',
  'Cancelled',
  'Expired',
];

/** Reservations (ReserveNow) and where each stands. */
export function ReservationsPage() {
  return (
    <RecordsPage<ReservationRecord>
      title="Reservations"
      intro="Made with ReserveNow from a charge point's command console; cancelled with CancelReservation."
      path="/api/reservations"
      filters={[
        { name: 'chargePointId', label: 'Charge point' },
        { name: 'status', label: 'Status', options: STATUSES },
      ]}
      rowKey={(row) => row.id}
      empty="No reservation."
      liveEvents={['transactionStarted']}
      columns={[
        { key: 'id', label: 'Reservation', render: (row) => row.id },
        {
          key: 'cp',
          label: 'Charge point',
          render: (row) => (
            <a href={chargePointHref(row.chargePointId)}>
              {row.chargePointId} #{row.connectorId}
            </a>
          ),
        },
        { key: 'tag', label: 'Id tag', render: (row) => row.idTag },
        { key: 'status', label: 'Status', render: (row) => <StatusBadge status={row.status} /> },
        { key: 'expiry', label: 'Expires', render: (row) => <Time iso={row.expiryDate} /> },
        {
          key: 'tx',
          label: 'Used by',
          render: (row) =>
            row.transactionId === null ? (
              '—'
            ) : (
              <a href={transactionHref(row.transactionId)}>{row.transactionId}</a>
            ),
        },
        { key: 'created', label: 'Made', render: (row) => <Time iso={row.createdAt} /> },
      ]}
    />
  );
}
