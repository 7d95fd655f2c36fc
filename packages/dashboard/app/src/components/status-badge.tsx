// OCPP 1.6 ChargePointStatus (§7.7) and the other statuses the API reports, grouped by
// what an operator should make of them; the text is always shown, colour only helps.
const TONES: Readonly<Record<string, string>> = {
  Available: 'ok',
  Accepted: 'ok',
  Answered: 'ok',
  Completed: 'ok',
  Connected: 'ok',
  Installed: 'ok',
  Uploaded: 'ok',
  Used: 'ok',
  Charging: 'active',
  Active: 'active',
  Preparing: 'busy',
  SuspendedEV: 'busy',
  SuspendedEVSE: 'busy',
  Finishing: 'busy',
  Reserved: 'busy',
  Pending: 'busy',
  Requested: 'busy',
  Downloading: 'busy',
  Downloaded: 'busy',
  Installing: 'busy',
  Uploading: 'busy',
  Unavailable: 'off',
  Disconnected: 'off',
  Expired: 'off',
  Cancelled: 'off',
  Faulted: 'bad',
  Rejected: 'bad',
  Blocked: 'bad',
  Invalid: 'bad',
  ConcurrentTx: 'bad',
  CallError: 'bad',
  TimedOut: 'bad',
  Failed: 'bad',
  Refused: 'bad',
  DownloadFailed: 'bad',
  InstallationFailed: 'bad',
  UploadFailed: 'bad',
};

export function StatusBadge({ status, label }: { status: string | null | undefined; label?: string }) {
  if (status === null || status === undefined) return <span class="muted">—</span>;
  return (
    <span class={`badge badge-${TONES[status] ?? 'neutral'}`} data-status={status}>
      {label ? <span class="visually-hidden">{label}: </span> : null}
      {status}
    </span>
  );
}
