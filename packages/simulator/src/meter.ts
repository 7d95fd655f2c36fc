import type { MeterValue, ReadingContext, SampledValue } from '@levity/core';

/** The electrical model behind the meter values. */
export interface MeterModel {
  /** Most the connector can deliver, in W. Default 11 040 (3 × 16 A × 230 V). */
  readonly maxPowerW: number;
  /** Nominal phase-to-neutral voltage. Default 230. */
  readonly voltage: number;
  /** Phases the connector charges on: 1 or 3. Default 3. */
  readonly phases: number;
  /** Battery capacity of the simulated EVs, in Wh. Default 60 000. */
  readonly batteryWh: number;
}

export const DEFAULT_METER_MODEL: MeterModel = {
  maxPowerW: 11_040,
  voltage: 230,
  phases: 3,
  batteryWh: 60_000,
};

const PHASES = ['L1', 'L2', 'L3'] as const;
const PHASE_VOLTAGES = ['L1-N', 'L2-N', 'L3-N'] as const;

interface Session {
  /** State of charge of the EV, 0–100. */
  soc: number;
  powerW: number;
  offeredW: number;
  lastAt: number;
}

/**
 * One connector's meter: an energy register that only rises, and while an EV charges, a
 * power that follows the limit in force, tapers above 80 % state of charge and jitters a
 * little, as real chargers report.
 */
export class ConnectorMeter {
  #energyWh: number;
  #session: Session | undefined;
  readonly #model: MeterModel;
  readonly #random: () => number;

  constructor(model: MeterModel, random: () => number, initialWh: number) {
    this.#model = model;
    this.#random = random;
    this.#energyWh = initialWh;
  }

  /** The register, in whole Wh (as meterStart and meterStop are). */
  get energyWh(): number {
    return Math.floor(this.#energyWh);
  }

  get powerW(): number {
    return this.#session?.powerW ?? 0;
  }

  get soc(): number | undefined {
    return this.#session?.soc;
  }

  /** An EV starts charging: it arrives with 15–50 % state of charge. */
  begin(at: Date, limitW: number): void {
    this.#session = { soc: 15 + this.#random() * 35, powerW: 0, offeredW: 0, lastAt: at.getTime() };
    this.advance(at, limitW);
  }

  /** Integrates the energy delivered since the last call, then sets the power for what follows. */
  advance(at: Date, limitW: number): void {
    const session = this.#session;
    if (!session) return;
    const hours = Math.max(0, at.getTime() - session.lastAt) / 3_600_000;
    const deliveredWh = session.powerW * hours;
    this.#energyWh += deliveredWh;
    session.soc = Math.min(100, session.soc + (100 * deliveredWh) / this.#model.batteryWh);
    session.lastAt = at.getTime();
    session.offeredW = Math.max(0, Math.min(limitW, this.#model.maxPowerW));
    const taper = session.soc <= 80 ? 1 : Math.max(0, (100 - session.soc) / 20);
    const jitter = 0.98 + this.#random() * 0.02;
    session.powerW = Math.round(session.offeredW * taper * jitter);
  }

  end(at: Date): void {
    this.advance(at, 0);
    this.#session = undefined;
  }

  /**
   * One reading with the measurands asked for (MeterValuesSampledData and friends);
   * measurands this meter does not measure are left out.
   */
  sample(at: Date, context: ReadingContext, measurands: readonly string[]): MeterValue {
    const base = { context } as const;
    const { voltage, phases } = this.#model;
    const power = this.powerW;
    const volts = () => (voltage + (this.#random() - 0.5) * 3).toFixed(1);
    const perPhase = <T>(make: (phase: (typeof PHASES)[number], i: number) => T): T[] =>
      PHASES.slice(0, phases).map(make);
    const sampledValue: SampledValue[] = [];
    for (const measurand of measurands) {
      switch (measurand) {
        case 'Energy.Active.Import.Register':
          sampledValue.push({
            ...base,
            measurand,
            location: 'Outlet',
            unit: 'Wh',
            value: String(this.energyWh),
          });
          break;
        case 'Power.Active.Import':
          sampledValue.push({ ...base, measurand, location: 'Outlet', unit: 'W', value: String(power) });
          break;
        case 'Power.Offered':
          sampledValue.push({ ...base, measurand, unit: 'W', value: String(this.#session?.offeredW ?? 0) });
          break;
        case 'Current.Import':
        case 'Current.Offered': {
          const watts = measurand === 'Current.Import' ? power : (this.#session?.offeredW ?? 0);
          const amps = (watts / (voltage * phases)).toFixed(1);
          sampledValue.push(
            ...perPhase((phase) => ({ ...base, measurand, phase, unit: 'A' as const, value: amps })),
          );
          break;
        }
        case 'Voltage':
          sampledValue.push(
            ...perPhase((_, i) => ({
              ...base,
              measurand,
              phase: PHASE_VOLTAGES[i],
              unit: 'V' as const,
              value: volts(),
            })),
          );
          break;
        case 'SoC':
          if (this.soc !== undefined) {
            sampledValue.push({
              ...base,
              measurand,
              location: 'EV',
              unit: 'Percent',
              value: String(Math.floor(this.soc)),
            });
          }
          break;
        case 'Temperature':
          sampledValue.push({
            ...base,
            measurand,
            location: 'Body',
            unit: 'Celsius',
            value: (24 + power / 1500).toFixed(1),
          });
          break;
        case 'Frequency':
          sampledValue.push({ ...base, measurand, value: (50 + (this.#random() - 0.5) * 0.04).toFixed(2) });
          break;
        case 'Power.Factor':
          sampledValue.push({ ...base, measurand, value: power > 0 ? '0.99' : '1.00' });
          break;
      }
    }
    return { timestamp: at.toISOString(), sampledValue };
  }
}
