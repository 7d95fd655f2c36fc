import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { Page, Transaction } from '../api/api-types.js';
import { DataTable } from '../components/data-table.js';
import { formatEnergy, isoToLocalInput, localInputToIso } from '../components/format.js';
import { PageTitle } from '../components/layout.js';
import { ErrorNotice } from '../components/notice.js';
import { chargePointHref, transactionHref } from '../components/ocpp.js';
import { Pager, useCursorPages } from '../components/pager.js';
import { StatusBadge } from '../components/status-badge.js';
import { Time } from '../components/time.js';
import { useResource, useThrottled } from '../components/use-resource.js';
import { useLive } from '../live/live-events.js';

const FILTERS = ['chargePointId', 'idTag', 'status', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** The filters as they stand in the URL (so a filtered list can be bookmarked or shared). */
function filtersOf(query: Record<string, string>): Filters {
  return Object.fromEntries(FILTERS.map((name) => [name, query[name] ?? ''])) as Filters;
}

/** Transactions, newest first: filter by charge point, id tag, status and period; page through. */
export function TransactionsPage() {
  const location = useLocation();
  const filters = filtersOf(location.query);
  const [draft, setDraft] = useState<Filters>({
    ...filters,
    from: isoToLocalInput(filters.from || null),
    to: isoToLocalInput(filters.to || null),
  });
  const filterKey = JSON.stringify(filters);
  const pages = useCursorPages(filterKey);
  const list = useResource(
    (api) =>
      api.get<Page<Transaction>>('/api/transactions', {
        chargePointId: filters.chargePointId,
        idTag: filters.idTag,
        status: filters.status,
        from: filters.from,
        to: filters.to,
        limit: 25,
        cursor: pages.cursor,
      }),
    [filterKey, pages.cursor],
  );
  const reload = useThrottled(list.reload, 1000);
  // Only the first page moves with new sessions; older pages stay put while read.
  useLive('transactionStarted', () => pages.page === 1 && reload());
  useLive('transactionStopped', () => pages.page === 1 && reload());

  const apply = (event: Event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const name of FILTERS) {
      const raw = draft[name].trim();
      const value = name === 'from' || name === 'to' ? localInputToIso(raw) : raw;
      if (value) query.set(name, value);
    }
    const text = query.toString();
    location.route(text ? `/transactions?${text}` : '/transactions');
  };
  const field = (name: keyof Filters) => ({
    id: `tx-${name}`,
    value: draft[name],
    onInput: (event: { currentTarget: HTMLInputElement | HTMLSelectElement }) =>
      setDraft((current) => ({ ...current, [name]: event.currentTarget.value })),
  });

  return (
    <section>
      <PageTitle title="Transactions">Transactions</PageTitle>
      <form class="toolbar" onSubmit={apply} aria-label="Filter transactions">
        <div class="field">
          <label for="tx-chargePointId">Charge point</label>
          <input {...field('chargePointId')} autoComplete="off" />
        </div>
        <div class="field">
          <label for="tx-idTag">Id tag</label>
          <input {...field('idTag')} autoComplete="off" />
        </div>
        <div class="field">
          <label for="tx-status">Status</label>
          <select {...field('status')} onChange={field('status').onInput}>
            <option value="">Any</option>
            <option value="active">Active</option>
            <option value="completed">Completed</option>
          </select>
        </div>
        <div class="field">
          <label for="tx-from">Started from</label>
          <input type="datetime-local" {...field('from')} />
        </div>
        <div class="field">
          <label for="tx-to">Started before</label>
          <input type="datetime-local" {...field('to')} />
        </div>
        <button type="submit" class="button button-primary">
          Filter
        </button>
      </form>
      <ErrorNotice error={list.error} />
      <DataTable
        caption="Transactions, newest first"
        rows={list.data?.items ?? []}
        rowKey={(tx) => tx.id}
        rowTestId={(tx) => String(tx.id)}
        empty={list.loading ? 'Loading…' : 'No transaction matches.'}
        columns={[
          { key: 'id', label: 'Id', render: (tx) => <a href={transactionHref(tx.id)}>{tx.id}</a> },
          {
            key: 'cp',
            label: 'Charge point',
            render: (tx) => (
              <a href={chargePointHref(tx.chargePointId)}>
                {tx.chargePointId}
                {tx.connectorId === null ? '' : ` #${tx.connectorId}`}
              </a>
            ),
          },
          { key: 'tag', label: 'Id tag', render: (tx) => tx.idTag ?? '—' },
          { key: 'status', label: 'Status', render: (tx) => <StatusBadge status={tx.status} /> },
          { key: 'started', label: 'Started', render: (tx) => <Time iso={tx.startedAt} /> },
          { key: 'stopped', label: 'Stopped', render: (tx) => <Time iso={tx.stoppedAt} /> },
          {
            key: 'energy',
            label: 'Energy',
            className: 'number',
            render: (tx) => formatEnergy(tx.energy.energyWh),
          },
          { key: 'reason', label: 'Stop reason', render: (tx) => tx.stopReason ?? '' },
          {
            key: 'attention',
            label: 'Attention',
            render: (tx) =>
              [tx.attention, tx.anomaly, tx.idTagStatus !== 'Accepted' ? tx.idTagStatus : null]
                .filter(Boolean)
                .join(', '),
          },
        ]}
      />
      <Pager
        label="Transactions"
        page={pages.page}
        nextCursor={list.data?.nextCursor}
        onOlder={pages.older}
        onNewer={pages.newer}
      />
    </section>
  );
}
