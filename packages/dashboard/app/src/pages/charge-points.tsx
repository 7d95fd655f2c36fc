import { useEffect, useState } from 'preact/hooks';
import { segment } from '../api/api-client.js';
import type { ChargePoint, ConnectorRecord, List } from '../api/api-types.js';
import { ActionButton } from '../components/action-button.js';
import type { Column } from '../components/data-table.js';
import { DataTable } from '../components/data-table.js';
import { PageTitle } from '../components/layout.js';
import { ErrorNotice } from '../components/notice.js';
import { CONNECTOR_STATUSES, chargePointHref } from '../components/ocpp.js';
import { StatusBadge } from '../components/status-badge.js';
import { Time } from '../components/time.js';
import { useResource, useThrottled } from '../components/use-resource.js';
import type { ConnectorStates } from '../live/connector-statuses.js';
import { eachLimited, statusesOf, withStatus } from '../live/connector-statuses.js';
import { useLive } from '../live/live-events.js';
import { readOnly, useApi } from '../session/session.js';

/** Accept / reject buttons: the operator's decision under the `known-only` and `pending` boot policies. */
export function AdmissionButtons({
  chargePoint,
  onChange,
  onError,
}: {
  chargePoint: Pick<ChargePoint, 'id' | 'admission' | 'registrationStatus'>;
  onChange: () => void;
  onError: (error: unknown) => void;
}) {
  const api = useApi();
  const id = chargePoint.id;
  // Accepting means something for one that is not accepted yet (Pending, unknown under
  // known-only) or was rejected; under accept-all a booted charge point needs no decision.
  const canAccept =
    chargePoint.admission === 'Rejected' ||
    (chargePoint.admission !== 'Accepted' && chargePoint.registrationStatus !== 'Accepted');
  return (
    <span class="button-row">
      {canAccept ? (
        <ActionButton
          label={`Accept ${id}`}
          action={() => api.post(`/api/charge-points/${segment(id)}/accept`)}
          onDone={onChange}
          onError={onError}
        >
          Accept
        </ActionButton>
      ) : null}
      {chargePoint.admission !== 'Rejected' ? (
        <ActionButton
          kind="danger"
          label={`Reject ${id}`}
          confirm={`Reject ${id}? Its next BootNotification will be answered Rejected.`}
          action={() => api.post(`/api/charge-points/${segment(id)}/reject`)}
          onDone={onChange}
          onError={onError}
        >
          Reject
        </ActionButton>
      ) : null}
    </span>
  );
}

const matches = (cp: ChargePoint, search: string) => {
  if (search === '') return true;
  const text = search.toLowerCase();
  return [cp.id, cp.vendor, cp.model, cp.chargePointSerialNumber, cp.firmwareVersion].some((field) =>
    field?.toLowerCase().includes(text),
  );
};

/** Every charge point with its connectors' live status; search, filter, sort, admission. */
export function ChargePointsPage() {
  const api = useApi();
  const list = useResource((client) => client.get<List<ChargePoint>>('/api/charge-points'), []);
  const [connectors, setConnectors] = useState<ConnectorStates>({});
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState('');
  const [actionError, setActionError] = useState<unknown>(undefined);
  const [register, setRegister] = useState('');

  // Each charge point's connectors, a few requests at a time; events keep them current after.
  useEffect(() => {
    const items = list.data?.items;
    if (items === undefined) return;
    let cancelled = false;
    void eachLimited(items, 4, async (cp) => {
      try {
        const { items: found } = await api.get<List<ConnectorRecord>>(
          `/api/charge-points/${segment(cp.id)}/connectors`,
        );
        if (cancelled) return;
        setConnectors((states) => {
          let next = states;
          for (const c of found) next = withStatus(next, cp.id, c);
          return next;
        });
      } catch {
        // One charge point's connectors failing to load leaves its cell empty, not the page broken.
      }
    });
    return () => {
      cancelled = true;
    };
  }, [list.data, api]);

  const reload = useThrottled(list.reload, 1000);
  useLive('booted', reload);
  useLive('connected', (event) => {
    if (!list.data?.items.some((cp) => cp.id === event.chargePointId)) reload();
    list.update((data) => ({
      items: data.items.map((cp) => (cp.id === event.chargePointId ? { ...cp, connected: true } : cp)),
    }));
  });
  useLive('disconnected', (event) =>
    list.update((data) => ({
      items: data.items.map((cp) => (cp.id === event.chargePointId ? { ...cp, connected: false } : cp)),
    })),
  );
  useLive('statusChanged', (event) => {
    if (event.connectorId === 0) {
      list.update((data) => ({
        items: data.items.map((cp) => (cp.id === event.chargePointId ? { ...cp, status: event.status } : cp)),
      }));
      return;
    }
    setConnectors((states) =>
      withStatus(states, event.chargePointId, {
        connectorId: event.connectorId,
        status: event.status,
        errorCode: event.errorCode,
      }),
    );
  });

  const rows = (list.data?.items ?? []).filter((cp) => {
    if (!matches(cp, search)) return false;
    if (filter === '') return true;
    if (filter === 'connected') return cp.connected;
    if (filter === 'disconnected') return !cp.connected;
    if (filter === 'pending') return cp.registrationStatus === 'Pending' || cp.admission === 'Pending';
    return statusesOf(cp.status, connectors[cp.id]).has(filter);
  });

  const columns: Column<ChargePoint>[] = [
    {
      key: 'id',
      label: 'Charge point',
      sortValue: (cp) => cp.id,
      render: (cp) => <a href={chargePointHref(cp.id)}>{cp.id}</a>,
    },
    {
      key: 'connection',
      label: 'Connection',
      sortValue: (cp) => (cp.connected ? 0 : 1),
      render: (cp) => <StatusBadge status={cp.connected ? 'Connected' : 'Disconnected'} />,
    },
    {
      key: 'registration',
      label: 'Registration',
      sortValue: (cp) => cp.registrationStatus,
      render: (cp) => <StatusBadge status={cp.registrationStatus ?? cp.admission} />,
    },
    {
      key: 'status',
      label: 'Status',
      sortValue: (cp) => cp.status,
      render: (cp) => <StatusBadge status={cp.status} />,
    },
    {
      key: 'connectors',
      label: 'Connectors',
      render: (cp) => (
        <ul class="connector-list" aria-label={`Connectors of ${cp.id}`}>
          {(connectors[cp.id] ?? []).map((c) => (
            <li key={c.connectorId} data-connector={c.connectorId}>
              <span class="connector-id">{c.connectorId}</span>
              <StatusBadge status={c.status} label={`Connector ${c.connectorId}`} />
            </li>
          ))}
        </ul>
      ),
    },
    {
      key: 'model',
      label: 'Model',
      sortValue: (cp) => `${cp.vendor ?? ''} ${cp.model ?? ''}`,
      render: (cp) => [cp.vendor, cp.model].filter(Boolean).join(' ') || '—',
    },
    {
      key: 'seen',
      label: 'Last seen',
      sortValue: (cp) => cp.lastSeenAt ?? '',
      render: (cp) => <Time iso={cp.lastSeenAt} ago />,
    },
    {
      key: 'actions',
      label: 'Admission',
      render: (cp) => <AdmissionButtons chargePoint={cp} onChange={list.reload} onError={setActionError} />,
    },
  ];

  return (
    <section>
      <PageTitle title="Charge points">Charge points</PageTitle>
      <form class="toolbar" onSubmit={(event) => event.preventDefault()}>
        <div class="field">
          <label for="cp-search">Search</label>
          <input
            id="cp-search"
            type="search"
            placeholder="Id, vendor, model, serial"
            value={search}
            onInput={(event) => setSearch(event.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="cp-filter">Status</label>
          <select id="cp-filter" value={filter} onChange={(event) => setFilter(event.currentTarget.value)}>
            <option value="">Any</option>
            <option value="connected">Connected</option>
            <option value="disconnected">Disconnected</option>
            <option value="pending">Pending registration</option>
            {CONNECTOR_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </div>
        <p class="toolbar-count" aria-live="polite">
          {list.data ? `${rows.length} of ${list.data.items.length}` : ''}
        </p>
      </form>
      <ErrorNotice error={list.error} />
      <ErrorNotice error={actionError} title="Not done" />
      <DataTable
        caption="Charge points"
        columns={columns}
        rows={rows}
        rowKey={(cp) => cp.id}
        rowTestId={(cp) => cp.id}
        initialSort={{ key: 'id' }}
        empty={list.loading ? 'Loading…' : 'No charge point matches.'}
      />
      <form
        class="toolbar toolbar-spaced"
        onSubmit={async (event) => {
          event.preventDefault();
          const id = register.trim();
          if (id === '') return;
          try {
            await api.post(`/api/charge-points/${segment(id)}/accept`);
            setRegister('');
            list.reload();
          } catch (error) {
            setActionError(error);
          }
        }}
      >
        <div class="field">
          <label for="cp-register">Register a charge point before it connects</label>
          <input
            id="cp-register"
            value={register}
            placeholder="Charge point id"
            onInput={(event) => setRegister(event.currentTarget.value)}
          />
        </div>
        <button type="submit" class="button button-secondary" disabled={readOnly.value}>
          Accept id
        </button>
      </form>
    </section>
  );
}
