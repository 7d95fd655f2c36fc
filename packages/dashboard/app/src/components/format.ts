const formats = new Map<number, Intl.NumberFormat>();
/** A number format with at most `digits` decimals (one per precision, made once). */
function number(digits: number): Intl.NumberFormat {
  let format = formats.get(digits);
  if (format === undefined) {
    format = new Intl.NumberFormat(undefined, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
    formats.set(digits, format);
  }
  return format;
}
const kwh = number(2);

/** 7350 → "7.35 kWh"; null → "—". */
export function formatEnergy(wh: number | null | undefined): string {
  return wh === null || wh === undefined ? '—' : `${kwh.format(wh / 1000)} kWh`;
}

export function formatNumber(value: number | null | undefined, unit = '', digits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const text = number(digits).format(value);
  return unit === '' ? text : `${text} ${unit}`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** An ISO time in the reader's time zone, or "—". */
export function formatTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : dateTime.format(ms);
}

const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** Today's times as the clock only ("14:03:07"); others in full. */
export function formatShortTime(iso: string | null | undefined, now = new Date()): string {
  if (iso === null || iso === undefined) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toDateString() === now.toDateString() ? clock.format(date) : dateTime.format(date);
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "3 minutes ago". */
export function formatAgo(iso: string | null | undefined, now = Date.now()): string {
  if (iso === null || iso === undefined) return '—';
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  if (Number.isNaN(seconds)) return iso;
  const abs = Math.abs(seconds);
  if (abs < 60) return relative.format(seconds, 'second');
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  return relative.format(Math.round(seconds / 86_400), 'day');
}

/** A `datetime-local` input's value (the reader's zone) as ISO UTC, or undefined when empty or broken. */
export function localInputToIso(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** An ISO time as a `datetime-local` input's value in the reader's zone. */
export function isoToLocalInput(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
