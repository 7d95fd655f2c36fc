const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/**
 * A duration such as `400d`, `12h`, `90m`, `30s` or `2w` in milliseconds; `0` means
 * "for ever" where a retention takes it. Returns `undefined` for anything else (a number
 * without a unit other than 0, a fraction, a negative).
 *
 * @example parseDuration('400d') // 34_560_000_000
 * @example parseDuration('0') // 0
 */
export function parseDuration(raw: string): number | undefined {
  const text = raw.trim().toLowerCase();
  if (text === '0') return 0;
  const match = /^(\d+)\s*([smhdw])$/.exec(text);
  if (!match) return undefined;
  const ms = Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  return Number.isSafeInteger(ms) ? ms : undefined;
}
