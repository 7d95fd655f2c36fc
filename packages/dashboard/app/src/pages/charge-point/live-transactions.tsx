import { useState } from 'preact/hooks';
import type { Page, Transaction } from '../../api/api-types.js';
import { sendCommand } from '../../api/commands.js';
import { ActionButton } from '../../components/action-button.js';
import { ErrorNotice, Notice } from '../../components/notice.js';
import { transactionHref } from '../../components/ocpp.js';
import { Time } from '../../components/time.js';
import { TransactionCharts } from '../../components/transaction-charts.js';
import { useResource } from '../../components/use-resource.js';
import { useLive } from '../../live/live-events.js';
import { useApi } from '../../session/session.js';

/** The charge point's running transactions, each with live power and energy charts and a stop button. */
export function LiveTransactions({ chargePointId }: { chargePointId: string }) {
  const api = useApi();
  const active = useResource(
    (client) =>
      client.get<Page<Transaction>>('/api/transactions', { chargePointId, status: 'active', limit: 20 }),
    [chargePointId],
  );
  const [stopAnswer, setStopAnswer] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  useLive('transactionStarted', (event) => {
    if (event.chargePointId === chargePointId) active.reload();
  });
  useLive('transactionStopped', (event) => {
    if (event.chargePointId === chargePointId) active.reload();
  });

  const transactions = active.data?.items ?? [];
  return (
    <section aria-labelledby="running-title" class="panel" data-panel="running">
      <h2 id="running-title">Running transaction</h2>
      <ErrorNotice error={active.error ?? error} />
      {stopAnswer ? (
        <p class="notice notice-info" role="status">
          {stopAnswer}
        </p>
      ) : null}
      {transactions.length === 0 && !active.loading ? <Notice>No transaction is running.</Notice> : null}
      {transactions.map((tx) => (
        <article key={tx.id} class="transaction" data-transaction={tx.id} aria-label={`Transaction ${tx.id}`}>
          <div class="transaction-head">
            <dl class="facts facts-inline">
              <div>
                <dt>Transaction</dt>
                <dd>
                  <a href={transactionHref(tx.id)}>{tx.id}</a>
                </dd>
              </div>
              <div>
                <dt>Connector</dt>
                <dd>{tx.connectorId ?? '—'}</dd>
              </div>
              <div>
                <dt>Id tag</dt>
                <dd>{tx.idTag ?? '—'}</dd>
              </div>
              <div>
                <dt>Started</dt>
                <dd>
                  <Time iso={tx.startedAt} ago />
                </dd>
              </div>
            </dl>
            <ActionButton
              kind="danger"
              label={`Stop transaction ${tx.id}`}
              action={async () => {
                setError(undefined);
                const answer = await sendCommand<{ status: string }>(
                  api,
                  chargePointId,
                  'RemoteStopTransaction',
                  {
                    transactionId: tx.id,
                  },
                );
                setStopAnswer(`RemoteStopTransaction ${tx.id}: ${answer.status}`);
              }}
              onError={setError}
            >
              Stop
            </ActionButton>
          </div>
          <TransactionCharts
            transactionId={tx.id}
            kinds={['power', 'energy']}
            live
            meterStartWh={tx.meterStart}
          />
        </article>
      ))}
    </section>
  );
}
