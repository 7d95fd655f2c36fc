import { useState } from 'preact/hooks';
import { segment } from '../../api/api-client.js';
import type { ChargePointDetail } from '../../api/api-types.js';
import { PageTitle } from '../../components/layout.js';
import { ErrorNotice, Loading } from '../../components/notice.js';
import { StatusBadge } from '../../components/status-badge.js';
import { useResource, useThrottled } from '../../components/use-resource.js';
import { useLive } from '../../live/live-events.js';
import { AdmissionButtons } from '../charge-points.js';
import { BootData } from './boot-data.js';
import { ChargingProfilesPanel } from './charging-profiles-panel.js';
import { CommandConsole } from './command-console.js';
import { CommandLog } from './command-log.js';
import { ConfigurationPanel } from './configuration-panel.js';
import { ConnectorsPanel } from './connectors-panel.js';
import { LiveMessages } from './live-messages.js';
import { LiveTransactions } from './live-transactions.js';

const SECTIONS = [
  ['connectors-title', 'Connectors'],
  ['running-title', 'Running transaction'],
  ['console-title', 'Command console'],
  ['messages-title', 'Live messages'],
  ['config-title', 'Configuration'],
  ['profiles-title', 'Charging profiles'],
  ['log-title', 'Command log'],
  ['boot-title', 'Boot data'],
] as const;

/** One charge point: its state live, its transaction charted, and every command at hand. */
export function ChargePointPage({ id }: { id: string }) {
  const detail = useResource((api) => api.get<ChargePointDetail>(`/api/charge-points/${segment(id)}`), [id]);
  const [actionError, setActionError] = useState<unknown>(undefined);
  const reload = useThrottled(detail.reload, 500);
  const mine = (event: { chargePointId: string }) => event.chargePointId === id;

  useLive('connected', (event) => mine(event) && reload());
  useLive('disconnected', (event) => {
    if (mine(event)) detail.update((cp) => ({ ...cp, connected: false }));
  });
  useLive('booted', (event) => mine(event) && reload());
  useLive('message', (event) => {
    if (mine(event) && event.action === 'Heartbeat') reload();
  });
  useLive('statusChanged', (event) => {
    if (!mine(event)) return;
    detail.update((cp) => {
      if (event.connectorId === 0) return { ...cp, status: event.status, errorCode: event.errorCode };
      const now = new Date().toISOString();
      const others = cp.connectors.filter((c) => c.connectorId !== event.connectorId);
      const previous = cp.connectors.find((c) => c.connectorId === event.connectorId);
      const updated = {
        chargePointId: id,
        connectorId: event.connectorId,
        status: event.status,
        errorCode: event.errorCode,
        info: event.info ?? null,
        vendorId: event.vendorId ?? null,
        vendorErrorCode: event.vendorErrorCode ?? null,
        statusTimestamp: event.timestamp ?? previous?.statusTimestamp ?? null,
        receivedAt: now,
      };
      return { ...cp, connectors: [...others, updated].sort((a, b) => a.connectorId - b.connectorId) };
    });
  });

  const cp = detail.data;
  return (
    <section>
      <PageTitle title={id}>
        Charge point <span class="mono">{id}</span>
      </PageTitle>
      <ErrorNotice error={detail.error} />
      {cp === undefined ? (
        detail.error ? null : (
          <Loading what="the charge point" />
        )
      ) : (
        <>
          <div class="page-summary">
            <StatusBadge status={cp.connected ? 'Connected' : 'Disconnected'} label="Connection" />
            <StatusBadge status={cp.registrationStatus ?? cp.admission} label="Registration" />
            <StatusBadge status={cp.status} label="Status" />
            <span class="muted">
              {[cp.vendor, cp.model].filter(Boolean).join(' ')}{' '}
              {cp.firmwareVersion ? `· firmware ${cp.firmwareVersion}` : ''}
            </span>
            <AdmissionButtons chargePoint={cp} onChange={detail.reload} onError={setActionError} />
          </div>
          <ErrorNotice error={actionError} title="Not done" />
          <nav class="in-page" aria-label="Sections of this page">
            {SECTIONS.map(([anchor, label]) => (
              <a key={anchor} href={`#${anchor}`}>
                {label}
              </a>
            ))}
          </nav>
          <div class="columns">
            <ConnectorsPanel connectors={cp.connectors} />
            <LiveTransactions chargePointId={id} />
          </div>
          <div class="columns">
            <CommandConsole chargePointId={id} connected={cp.connected} />
            <LiveMessages chargePointId={id} />
          </div>
          <ConfigurationPanel chargePointId={id} />
          <ChargingProfilesPanel chargePointId={id} />
          <CommandLog chargePointId={id} />
          <BootData chargePoint={cp} />
        </>
      )}
    </section>
  );
}
