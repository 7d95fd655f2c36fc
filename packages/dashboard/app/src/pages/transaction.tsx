import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Transaction } from '../api/api-types.js';
import { sendCommand } from '../api/commands.js';
import { ActionButton } from '../components/action-button.js';
import { formatEnergy } from '../components/format.js';
import { PageTitle } from '../components/layout.js';
import { ErrorNotice, Loading } from '../components/notice.js';
import { chargePointHref } from '../components/ocpp.js';
import { StatusBadge } from '../components/status-badge.js';
import { Time } from '../components/time.js';
import { TransactionCharts } from '../components/transaction-charts.js';
import { useResource } from '../components/use-resource.js';
import { useLive } from '../live/live-events.js';
import { useApi } from '../session/session.js';

/** One transaction: what was stored of it and its meter values as charts (live while it runs). */
export function TransactionPage({ id }: { id: string }) {
  const api = useApi();
  const transactionId = Number(id);
  const tx = useResource(
    (client) => client.get<Transaction>(`/api/transactions/${transactionId}`),
    [transactionId],
  );
  const [error, setError] = useState<unknown>(undefined);
  useLive('transactionStopped', (event) => event.transactionId === transactionId && tx.reload());

  const data = tx.data;
  const facts: [string, ComponentChildren][] = data
    ? [
        ['Status', <StatusBadge key="s" status={data.status} />],
        [
          'Charge point',
          <a key="cp" href={chargePointHref(data.chargePointId)}>
            {data.chargePointId}
          </a>,
        ],
        ['Connector', data.connectorId],
        ['Id tag', data.idTag],
        ['Authorization', <StatusBadge key="a" status={data.idTagStatus} />],
        ['Started', <Time key="st" iso={data.startedAt} />],
        ['Stopped', <Time key="sp" iso={data.stoppedAt} />],
        ['Meter start', data.meterStart === null ? null : `${data.meterStart} Wh`],
        ['Meter stop', data.meterStop === null ? null : `${data.meterStop} Wh`],
        [
          'Energy',
          `${formatEnergy(data.energy.energyWh)}${data.energy.source ? ` (${data.energy.source})` : ''}`,
        ],
        ['Stop reason', data.stopReason],
        ['Stopped by tag', data.stopIdTag],
        ['Reservation', data.reservationId],
        ['Attention', [data.attention, data.anomaly].filter(Boolean).join(', ') || null],
        ['Remote start command', data.remoteStartCommandId],
        ['Remote stop command', data.remoteStopCommandId],
      ]
    : [];

  return (
    <section>
      <PageTitle title={`Transaction ${id}`}>Transaction {id}</PageTitle>
      <ErrorNotice error={tx.error ?? error} />
      {data === undefined ? (
        tx.error ? null : (
          <Loading what="the transaction" />
        )
      ) : (
        <>
          {data.status === 'Active' ? (
            <div class="button-row">
              <ActionButton
                kind="danger"
                action={() =>
                  sendCommand(api, data.chargePointId, 'RemoteStopTransaction', { transactionId: data.id })
                }
                onError={setError}
              >
                Stop (RemoteStopTransaction)
              </ActionButton>
            </div>
          ) : null}
          <dl class="facts">
            {facts.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>
                  {value === null || value === undefined || value === '' ? (
                    <span class="muted">—</span>
                  ) : (
                    value
                  )}
                </dd>
              </div>
            ))}
          </dl>
          <h2>Meter values</h2>
          <TransactionCharts
            transactionId={transactionId}
            kinds={['power', 'energy', 'current', 'soc']}
            live={data.status === 'Active'}
            meterStartWh={data.meterStart}
            hideEmpty
          />
        </>
      )}
    </section>
  );
}
