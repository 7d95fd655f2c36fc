import { describe, expect, it } from 'vitest';
import { addMeterValues, chartsFromSeries, chartValue, EMPTY_CHARTS, latest } from './meter-charts.js';

describe('chartValue', () => {
  it('reads a missing measurand and unit as the energy register in Wh (OCPP 1.6 §7.31)', () => {
    expect(chartValue(undefined, undefined, 7350)).toEqual({ kind: 'energy', value: 7.35 });
  });

  it('shows power in kW whether it came in W or kW', () => {
    expect(chartValue('Power.Active.Import', 'W', 11_000)).toEqual({ kind: 'power', value: 11 });
    expect(chartValue('Power.Active.Import', 'kW', 11)).toEqual({ kind: 'power', value: 11 });
  });

  it('leaves out measurands the charts do not show', () => {
    expect(chartValue('Frequency', undefined, 50)).toBeUndefined();
  });
});

describe('addMeterValues', () => {
  it('puts each phase of the current on its own line and keeps time order', () => {
    const charts = addMeterValues(EMPTY_CHARTS, [
      {
        timestamp: '2026-01-01T00:00:02Z',
        sampledValue: [
          { value: '16', measurand: 'Current.Import', unit: 'A', phase: 'L1' },
          { value: '15', measurand: 'Current.Import', unit: 'A', phase: 'L2' },
        ],
      },
      {
        timestamp: '2026-01-01T00:00:01Z',
        sampledValue: [{ value: '14', measurand: 'Current.Import', unit: 'A', phase: 'L1' }],
      },
    ]);
    const t0 = Date.parse('2026-01-01T00:00:00Z') / 1000;
    expect(charts.current).toEqual([
      {
        label: 'L1',
        points: [
          [t0 + 1, 14],
          [t0 + 2, 16],
        ],
      },
      { label: 'L2', points: [[t0 + 2, 15]] },
    ]);
  });

  it('skips signed data and values that are not numbers', () => {
    const charts = addMeterValues(EMPTY_CHARTS, [
      {
        timestamp: '2026-01-01T00:00:00Z',
        sampledValue: [
          { value: 'abc', measurand: 'Power.Active.Import', unit: 'W' },
          { value: '3000', measurand: 'Power.Active.Import', unit: 'W', format: 'SignedData' },
        ],
      },
    ]);
    expect(charts.power).toEqual([]);
  });

  it('extends the lines loaded from the API with live readings', () => {
    const loaded = chartsFromSeries([
      {
        connectorId: 1,
        measurand: 'Power.Active.Import',
        phase: null,
        location: 'Outlet',
        unit: 'W',
        points: [{ timestamp: '2026-01-01T00:00:00Z', value: 7000, raw: '7000', transactionId: 1 }],
      },
    ]);
    const live = addMeterValues(loaded, [
      {
        timestamp: '2026-01-01T00:00:10Z',
        sampledValue: [{ value: '7400', measurand: 'Power.Active.Import', unit: 'W' }],
      },
    ]);
    expect(live.power[0]?.points).toHaveLength(2);
    expect(latest(live.power)).toBe(7.4);
  });
});
