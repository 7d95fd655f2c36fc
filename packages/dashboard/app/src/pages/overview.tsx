import type { ApiClient } from '../api/api-client.js';
import type {
  ChargePoint,
  ErrorEventRecord,
  List,
  Page,
  SecurityEventRecord,
  Transaction,
} from '../api/api-types.js';
import { DataTable } from '../components/data-table.js';
import { formatEnergy, formatNumber } from '../components/format.js';
import { PageTitle } from '../components/layout.js';
import { ErrorNotice } from '../components/notice.js';
import { StatusBadge } from '../components/status-badge.js';
import { Time } from '../components/time.js';
import { TimeChart } from '../components/time-chart.js';
import { useResource, useThrottled } from '../components/use-resource.js';
import { clockTick, messageRate, useLive } from '../live/live-events.js';

const PAGE = 500;
/** Pages of today's transactions summed at most; past that the figure says "at least". */
const MAX_PAGES = 20;

/** Energy of the sessions that started since local midnight (paging through them). */
async function energyToday(api: ApiClient): Promise<{ wh: number; complete: boolean }> {
  const midnight = new Date();
  midnight.setHours(0, 0, 0, 0);
  let cursor: string | null = null;
  let wh = 0;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result: Page<Transaction> = await api.get<Page<Transaction>>('/api/transactions', {
      from: midnight.toISOString(),
      limit: PAGE,
      cursor,
    });
    for (const tx of result.items) wh += tx.energy.energyWh ?? 0;
    cursor = result.nextCursor;
    if (cursor === null) return { wh, complete: true };
  }
  return { wh, complete: false };
}

function Stat({
  label,
  value,
  detail,
  testId,
}: {
  label: string;
  value: string;
  detail?: string;
  testId: string;
}) {
  return (
    <div class="stat" data-stat={testId}>
      <dt>{label}</dt>
      <dd>
        <span class="stat-value">{value}</span>
        {detail ? <span class="stat-detail">{detail}</span> : null}
      </dd>
    </div>
  );
}

/** The fleet at a glance, kept live by the event stream. */
export function OverviewPage() {
  const chargePoints = useResource((api) => api.get<List<ChargePoint>>('/api/charge-points'), []);
  const active = useResource(
    (api) => api.get<Page<Transaction>>('/api/transactions', { status: 'active', limit: PAGE }),
    [],
  );
  const energy = useResource(energyToday, []);
  const faults = useResource((api) => api.get<List<ErrorEventRecord>>('/api/errors', { limit: 8 }), []);
  const security = useResource(
    (api) => api.get<List<SecurityEventRecord>>('/api/security-events', { limit: 8 }),
    [],
  );

  const reloadChargePoints = useThrottled(chargePoints.reload, 1000);
  const reloadActive = useThrottled(active.reload, 1000);
  const reloadEnergy = useThrottled(energy.reload, 10_000);
  const reloadFaults = useThrottled(faults.reload, 2000);
  const reloadSecurity = useThrottled(security.reload, 2000);

  useLive('connected', reloadChargePoints);
  useLive('disconnected', reloadChargePoints);
  useLive('booted', reloadChargePoints);
  useLive('transactionStarted', () => {
    reloadActive();
    reloadEnergy();
  });
  useLive('transactionStopped', () => {
    reloadActive();
    reloadEnergy();
  });
  useLive('meterValues', reloadEnergy);
  useLive('statusChanged', (event) => {
    if (event.errorCode !== 'NoError') reloadFaults();
  });
  useLive('message', (event) => {
    if (event.action === 'SecurityEventNotification') reloadSecurity();
  });

  void clockTick.value; // redraw the message rate every second
  const now = Date.now();
  const rate = messageRate.series(now);
  const all = chargePoints.data?.items ?? [];
  const connected = all.filter((cp) => cp.connected).length;
  const charging = active.data ? `${active.data.items.length}${active.data.nextCursor ? '+' : ''}` : '…';

  return (
    <section>
      <PageTitle title="Overview">Overview</PageTitle>
      <ErrorNotice error={chargePoints.error ?? active.error ?? energy.error} />
      <dl class="stats">
        <Stat
          testId="connected"
          label="Charge points connected"
          value={chargePoints.data ? `${connected} / ${all.length}` : '…'}
          detail="connected / known"
        />
        <Stat testId="charging" label="Charging now" value={charging} detail="active transactions" />
        <Stat
          testId="energy"
          label="Energy delivered today"
          value={energy.data ? `${energy.data.complete ? '' : '≥ '}${formatEnergy(energy.data.wh)}` : '…'}
          detail="sessions started since midnight"
        />
        <Stat
          testId="rate"
          label="Inbound messages"
          value={formatNumber(messageRate.perSecond(now), '/s')}
          detail="last 5 seconds"
        />
      </dl>

      <TimeChart
        title="Inbound messages per second (last 2 minutes)"
        unit="msg/s"
        kind="bars"
        height={140}
        lines={[{ label: 'messages', points: rate }]}
      />

      <div class="columns">
        <section aria-labelledby="faults-title">
          <h2 id="faults-title">
            Recent faults <a href="/errors">all errors</a>
          </h2>
          <ErrorNotice error={faults.error} />
          <DataTable
            caption="Recent faults"
            rows={faults.data?.items ?? []}
            rowKey={(row) => row.id}
            empty={faults.loading ? 'Loading…' : 'No faults reported.'}
            columns={[
              { key: 'time', label: 'Received', render: (row) => <Time iso={row.receivedAt} ago /> },
              {
                key: 'cp',
                label: 'Charge point',
                render: (row) => (
                  <a href={`/charge-points/${encodeURIComponent(row.chargePointId)}`}>
                    {row.chargePointId} #{row.connectorId}
                  </a>
                ),
              },
              { key: 'code', label: 'Error', render: (row) => <StatusBadge status={row.errorCode} /> },
              { key: 'info', label: 'Info', render: (row) => row.info ?? row.vendorErrorCode ?? '' },
            ]}
          />
        </section>
        <section aria-labelledby="security-title">
          <h2 id="security-title">
            Security events <a href="/security-events">all</a>
          </h2>
          <ErrorNotice error={security.error} />
          <DataTable
            caption="Recent security events"
            rows={security.data?.items ?? []}
            rowKey={(row) => row.id}
            empty={security.loading ? 'Loading…' : 'No security events.'}
            columns={[
              { key: 'time', label: 'Time', render: (row) => <Time iso={row.timestamp} ago /> },
              {
                key: 'cp',
                label: 'Charge point',
                render: (row) => (
                  <a href={`/charge-points/${encodeURIComponent(row.chargePointId)}`}>{row.chargePointId}</a>
                ),
              },
              { key: 'type', label: 'Type', render: (row) => row.type },
              { key: 'info', label: 'Details', render: (row) => row.techInfo ?? '' },
            ]}
          />
        </section>
      </div>
    </section>
  );
}
