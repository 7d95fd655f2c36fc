import { useState } from 'preact/hooks';
import { DataTable } from '../../components/data-table.js';
import { StatusBadge } from '../../components/status-badge.js';
import { Time } from '../../components/time.js';
import { useLive } from '../../live/live-events.js';
import { summarize } from '../../live/message-summary.js';

interface Entry {
  readonly seq: number;
  readonly at: string;
  readonly action: string;
  readonly text: string;
  readonly outcome: string | null;
}

const KEEP = 25;
let sequence = 0;

/** The messages this charge point sent since the page opened, newest first, with Levity's answer. */
export function LiveMessages({ chargePointId }: { chargePointId: string }) {
  const [entries, setEntries] = useState<readonly Entry[]>([]);
  useLive('message', (event) => {
    if (event.chargePointId !== chargePointId) return;
    sequence += 1;
    const entry: Entry = {
      seq: sequence,
      at: new Date().toISOString(),
      action: event.action,
      ...summarize(event.action, event.request, event.response),
    };
    setEntries((current) => [entry, ...current].slice(0, KEEP));
  });
  return (
    <section aria-labelledby="messages-title" class="panel" data-panel="messages">
      <h2 id="messages-title">Live messages</h2>
      <DataTable
        caption="Messages from the charge point since this page opened, newest first"
        rows={entries}
        rowKey={(entry) => entry.seq}
        rowTestId={(entry) => entry.action}
        empty="Nothing yet: messages appear here as the charge point sends them."
        columns={[
          { key: 'at', label: 'Received', render: (entry) => <Time iso={entry.at} short /> },
          { key: 'action', label: 'Message', render: (entry) => entry.action },
          { key: 'text', label: 'Details', render: (entry) => entry.text },
          { key: 'outcome', label: 'Outcome', render: (entry) => <StatusBadge status={entry.outcome} /> },
        ]}
      />
    </section>
  );
}
