import type { ComponentChildren } from 'preact';
import type { ChargePointDetail } from '../../api/api-types.js';
import { StatusBadge } from '../../components/status-badge.js';
import { Time } from '../../components/time.js';

/** What the charge point said of itself in its BootNotification, and its presence. */
export function BootData({ chargePoint: cp }: { chargePoint: ChargePointDetail }) {
  const rows: [string, ComponentChildren][] = [
    ['Vendor', cp.vendor],
    ['Model', cp.model],
    ['Serial number', cp.chargePointSerialNumber],
    ['Charge box serial', cp.chargeBoxSerialNumber],
    ['Firmware', cp.firmwareVersion],
    ['Meter', [cp.meterType, cp.meterSerialNumber].filter(Boolean).join(' ') || null],
    ['ICCID / IMSI', [cp.iccid, cp.imsi].filter(Boolean).join(' / ') || null],
    ['Booted', <Time key="booted" iso={cp.bootedAt} />],
    ['Last heartbeat', <Time key="hb" iso={cp.lastHeartbeatAt} ago />],
    ['Last seen', <Time key="seen" iso={cp.lastSeenAt} ago />],
    ['Address', cp.remoteAddress],
    ['Firmware status', <StatusBadge key="fw" status={cp.firmwareStatus} />],
    ['Diagnostics status', <StatusBadge key="diag" status={cp.diagnosticsStatus} />],
  ];
  return (
    <section aria-labelledby="boot-title" class="panel">
      <h2 id="boot-title">Boot data</h2>
      <dl class="facts">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>
              {value === null || value === undefined || value === '' ? <span class="muted">—</span> : value}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
