import { describe, expect, it } from 'vitest';
import { ConnectorMeter, DEFAULT_METER_MODEL } from './meter.js';

const t0 = new Date('2025-01-01T00:00:00Z');
const later = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const steady = () => 0.5;

describe('ConnectorMeter', () => {
  it('raises the register with the power drawn, within the limit', () => {
    const meter = new ConnectorMeter(DEFAULT_METER_MODEL, steady, 1000);
    meter.begin(t0, 7000);
    expect(meter.powerW).toBeGreaterThan(6800);
    expect(meter.powerW).toBeLessThanOrEqual(7000);
    meter.advance(later(3600), 7000);
    expect(meter.energyWh).toBeGreaterThan(1000 + 6800);
    expect(meter.energyWh).toBeLessThanOrEqual(1000 + 7000);
    meter.end(later(7200));
    expect(meter.powerW).toBe(0);
  });

  it('never delivers more than the hardware can', () => {
    const meter = new ConnectorMeter(DEFAULT_METER_MODEL, steady, 0);
    meter.begin(t0, 50_000);
    expect(meter.powerW).toBeLessThanOrEqual(DEFAULT_METER_MODEL.maxPowerW);
  });

  it('tapers the power above 80 % state of charge', () => {
    const meter = new ConnectorMeter({ ...DEFAULT_METER_MODEL, batteryWh: 10_000 }, steady, 0);
    meter.begin(t0, 11_040);
    meter.advance(later(3600), 11_040);
    expect(meter.soc).toBe(100);
    expect(meter.powerW).toBe(0);
  });

  it('samples the measurands asked for, per phase where they have phases', () => {
    const meter = new ConnectorMeter(DEFAULT_METER_MODEL, steady, 12_345);
    meter.begin(t0, 11_040);
    const reading = meter.sample(t0, 'Sample.Periodic', [
      'Energy.Active.Import.Register',
      'Power.Active.Import',
      'Current.Import',
      'Voltage',
      'SoC',
      'RPM',
    ]);
    expect(reading.timestamp).toBe(t0.toISOString());
    const by = (measurand: string) => reading.sampledValue.filter((v) => v.measurand === measurand);
    expect(by('Energy.Active.Import.Register')).toEqual([
      {
        context: 'Sample.Periodic',
        measurand: 'Energy.Active.Import.Register',
        location: 'Outlet',
        unit: 'Wh',
        value: '12345',
      },
    ]);
    expect(by('Current.Import').map((v) => v.phase)).toEqual(['L1', 'L2', 'L3']);
    expect(by('Voltage').map((v) => v.phase)).toEqual(['L1-N', 'L2-N', 'L3-N']);
    expect(Number(by('Current.Import')[0]?.value)).toBeCloseTo(meter.powerW / 690, 0);
    expect(by('SoC')[0]).toMatchObject({ location: 'EV', unit: 'Percent' });
    expect(by('RPM')).toEqual([]);
  });
});
