import type { CommandRecord, Page } from '../../api/api-types.js';
import { commandsSent } from '../../api/commands.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorNotice } from '../../components/notice.js';
import { Pager, useCursorPages } from '../../components/pager.js';
import { StatusBadge } from '../../components/status-badge.js';
import { Time } from '../../components/time.js';
import { useResource } from '../../components/use-resource.js';

/** Every command sent to the charge point (from anywhere) and its outcome, newest first. */
export function CommandLog({ chargePointId }: { chargePointId: string }) {
  const pages = useCursorPages(chargePointId);
  const sent = commandsSent.value;
  const log = useResource(
    (api) =>
      api.get<Page<CommandRecord>>('/api/commands', { chargePointId, limit: 15, cursor: pages.cursor }),
    [chargePointId, pages.cursor, sent],
  );
  return (
    <section aria-labelledby="log-title" class="panel" data-panel="command-log">
      <h2 id="log-title">Command log</h2>
      <ErrorNotice error={log.error} />
      <DataTable
        caption="Commands sent to this charge point"
        rows={log.data?.items ?? []}
        rowKey={(c) => c.id}
        rowTestId={(c) => c.action}
        empty={log.loading ? 'Loading…' : 'No command sent yet.'}
        columns={[
          { key: 'at', label: 'Sent', render: (c) => <Time iso={c.requestedAt} short /> },
          { key: 'action', label: 'Command', render: (c) => c.action },
          { key: 'status', label: 'Outcome', render: (c) => <StatusBadge status={c.status} /> },
          {
            key: 'answer',
            label: 'Answer',
            render: (c) =>
              c.status === 'Answered'
                ? summarizeAnswer(c.response)
                : [c.errorCode, c.errorDescription].filter(Boolean).join(': '),
          },
          {
            key: 'details',
            label: 'Details',
            render: (c) => (
              <details>
                <summary>Payloads</summary>
                <pre>{JSON.stringify({ params: c.params, response: c.response }, null, 2)}</pre>
              </details>
            ),
          },
        ]}
      />
      <Pager
        label="Command log"
        page={pages.page}
        nextCursor={log.data?.nextCursor}
        onOlder={pages.older}
        onNewer={pages.newer}
      />
    </section>
  );
}

function summarizeAnswer(response: unknown): string {
  if (response !== null && typeof response === 'object' && 'status' in response) {
    return String((response as { status: unknown }).status);
  }
  const text = JSON.stringify(response);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
