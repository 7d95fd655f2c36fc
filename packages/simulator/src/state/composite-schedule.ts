import type { ChargingRateUnit, ChargingSchedulePeriod, CompositeSchedule } from '../types.js';
import type { InstalledProfile } from './charging-profiles.js';

/** What a composite schedule is computed from. */
export interface CompositeInput {
  readonly profiles: readonly InstalledProfile[];
  readonly connectorId: number;
  /** The transaction running on the connector: Relative profiles start with it, TxProfiles belong to it. */
  readonly transaction?: { readonly transactionId: number; readonly startedAt: Date };
  /** The supply: converts between A and W (W = A × voltage × phases). */
  readonly voltage: number;
  readonly phases: number;
  /** What the hardware can deliver, in W: the limit where no profile sets one, and a cap everywhere. */
  readonly maxPowerW: number;
  /** Where Relative profiles start when no transaction runs (default: the time asked about). */
  readonly relativeStart?: Date;
}

interface Limit {
  /** In W. */
  readonly watts: number;
  readonly numberPhases?: number;
}

const DAY_MS = 86_400_000;
const RECURRENCE_MS = { Daily: DAY_MS, Weekly: 7 * DAY_MS } as const;

/**
 * The composite schedule of a connector from `start` for `durationSeconds` (OCPP 1.6
 * §3.13.4): in each period, the highest stackLevel in force wins within a purpose; a
 * TxProfile of the running transaction overrides the connector's TxDefaultProfile, which
 * overrides one set on connector 0; a ChargePointMaxProfile caps the result. Connector 0
 * reports the ChargePointMaxProfile alone. The hardware maximum applies where nothing else does.
 *
 * @example
 * compositeSchedule({ profiles: sim.state.chargingProfiles.list(), connectorId: 1, voltage: 230, phases: 3, maxPowerW: 22_080 },
 *   new Date(), 3600, 'A').chargingSchedulePeriod; // [{ startPeriod: 0, limit: 16 }, …]
 */
export function compositeSchedule(
  input: CompositeInput,
  start: Date,
  durationSeconds: number,
  unit: ChargingRateUnit,
): CompositeSchedule {
  const from = Math.floor(start.getTime() / 1000) * 1000;
  const to = from + durationSeconds * 1000;
  const scoped: CompositeInput = { ...input, relativeStart: new Date(from) };
  // Periods start at whole seconds (startPeriod is an integer): a change within a second shows from the next one.
  const seconds = [
    ...new Set([
      0,
      ...input.profiles
        .flatMap((p) => boundaries(p, scoped, from, to))
        .map((t) => Math.ceil((t - from) / 1000)),
    ]),
  ]
    .filter((second) => second >= 0 && second < durationSeconds)
    .sort((a, b) => a - b);
  const periods: ChargingSchedulePeriod[] = [];
  for (const second of seconds) {
    const { watts, numberPhases } = effectiveLimit(scoped, new Date(from + second * 1000));
    const phases = numberPhases ?? input.phases;
    const limit = round(unit === 'W' ? watts : watts / (input.voltage * phases));
    const previous = periods.at(-1);
    if (previous && previous.limit === limit && previous.numberPhases === numberPhases) continue;
    periods.push({
      startPeriod: second,
      limit,
      ...(numberPhases === undefined ? {} : { numberPhases }),
    });
  }
  return {
    duration: durationSeconds,
    startSchedule: new Date(from).toISOString(),
    chargingRateUnit: unit,
    chargingSchedulePeriod: periods,
  };
}

/** The limit in force on the connector at `at`, in W. */
export function effectiveLimit(input: CompositeInput, at: Date): Limit {
  const on = (connectorId: number, purpose: InstalledProfile['profile']['chargingProfilePurpose']) =>
    input.profiles.filter(
      (p) => p.connectorId === connectorId && p.profile.chargingProfilePurpose === purpose,
    );
  const hardware: Limit = { watts: input.maxPowerW };
  const cap = strongest(on(0, 'ChargePointMaxProfile'), input, at);
  if (input.connectorId === 0) return min(hardware, cap);
  const transaction = input.transaction;
  const txProfiles = transaction
    ? on(input.connectorId, 'TxProfile').filter((p) => p.profile.transactionId === transaction.transactionId)
    : [];
  const tx =
    strongest(txProfiles, input, at) ??
    strongest(on(input.connectorId, 'TxDefaultProfile'), input, at) ??
    strongest(on(0, 'TxDefaultProfile'), input, at);
  return min(min(hardware, tx), cap);
}

function min(a: Limit, b: Limit | undefined): Limit {
  return b === undefined || a.watts <= b.watts ? a : b;
}

/** Among the profiles in force at `at`, the one with the highest stackLevel. */
function strongest(
  profiles: readonly InstalledProfile[],
  input: CompositeInput,
  at: Date,
): Limit | undefined {
  let best: { level: number; limit: Limit } | undefined;
  for (const installed of profiles) {
    const limit = limitAt(installed, input, at);
    if (limit && (!best || installed.profile.stackLevel > best.level)) {
      best = { level: installed.profile.stackLevel, limit };
    }
  }
  return best?.limit;
}

/** The start of the schedule instance of `installed` in force at `at`, if any. */
function scheduleStart(installed: InstalledProfile, input: CompositeInput, at: number): number | undefined {
  const { profile } = installed;
  const declared = profile.chargingSchedule.startSchedule;
  switch (profile.chargingProfileKind) {
    case 'Absolute':
      return declared ? Date.parse(declared) : installed.installedAt.getTime();
    case 'Relative':
      return input.transaction?.startedAt.getTime() ?? input.relativeStart?.getTime() ?? at;
    case 'Recurring': {
      const first = Date.parse(declared ?? '');
      const every = RECURRENCE_MS[profile.recurrencyKind ?? 'Daily'];
      if (Number.isNaN(first) || at < first) return undefined;
      return first + Math.floor((at - first) / every) * every;
    }
  }
}

function limitAt(installed: InstalledProfile, input: CompositeInput, at: Date): Limit | undefined {
  const { profile } = installed;
  const time = at.getTime();
  if (profile.validFrom && time < Date.parse(profile.validFrom)) return undefined;
  if (profile.validTo && time >= Date.parse(profile.validTo)) return undefined;
  const begin = scheduleStart(installed, input, time);
  if (begin === undefined || time < begin) return undefined;
  const schedule = profile.chargingSchedule;
  const offset = (time - begin) / 1000;
  if (schedule.duration !== undefined && offset >= schedule.duration) return undefined;
  const period = schedule.chargingSchedulePeriod.findLast((p) => p.startPeriod <= offset);
  if (!period) return undefined;
  const phases = period.numberPhases ?? input.phases;
  const watts = schedule.chargingRateUnit === 'W' ? period.limit : period.limit * input.voltage * phases;
  return { watts, ...(period.numberPhases === undefined ? {} : { numberPhases: period.numberPhases }) };
}

/** Every time within [from, to) at which the profile's limit may change. */
function boundaries(installed: InstalledProfile, input: CompositeInput, from: number, to: number): number[] {
  const { profile } = installed;
  const times = [profile.validFrom, profile.validTo].filter((t) => t !== undefined).map((t) => Date.parse(t));
  const starts: number[] = [];
  if (profile.chargingProfileKind === 'Recurring') {
    const every = RECURRENCE_MS[profile.recurrencyKind ?? 'Daily'];
    const first = scheduleStart(
      installed,
      input,
      Math.max(from, Date.parse(profile.chargingSchedule.startSchedule ?? '')),
    );
    for (let start = first; start !== undefined && start < to; start += every) starts.push(start);
  } else {
    const start = scheduleStart(installed, input, from);
    if (start !== undefined) starts.push(start);
  }
  for (const start of starts) {
    for (const period of profile.chargingSchedule.chargingSchedulePeriod)
      times.push(start + period.startPeriod * 1000);
    const duration = profile.chargingSchedule.duration;
    if (duration !== undefined) times.push(start + duration * 1000);
  }
  return times;
}

const round = (value: number) => Math.round(value * 10) / 10;
