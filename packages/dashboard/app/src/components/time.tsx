import { formatAgo, formatShortTime, formatTime } from './format.js';

/**
 * A timestamp in the reader's time zone with the exact time in the tooltip: in full,
 * `ago` ("3 minutes ago"), or `short` (the clock alone for today's times).
 */
export function Time({
  iso,
  ago = false,
  short = false,
}: {
  iso: string | null | undefined;
  ago?: boolean;
  short?: boolean;
}) {
  if (iso === null || iso === undefined) return <span class="muted">—</span>;
  const text = ago ? formatAgo(iso) : short ? formatShortTime(iso) : formatTime(iso);
  return (
    <time dateTime={iso} title={formatTime(iso)}>
      {text}
    </time>
  );
}
