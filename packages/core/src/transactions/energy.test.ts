import { describe, expect, it } from 'vitest';
import type { MeterValueRecord, TransactionRecord } from '../storage/records.js';
import { newMeterValue, newTransaction } from '../testing/fixtures.js';
import { transactionEnergy } from './energy.js';

const tx = (overrides: Partial<TransactionRecord> = {}): TransactionRecord => ({
  ...newTransaction(),
  id: 1,
  meterStop: null,
  stoppedAt: null,
  stopReason: null,
  stopIdTag: null,
  anomaly: null,
  attention: null,
  attentionAt: null,
  reportedTransactionId: null,
  createdAt: '2025-01-01T10:00:00.000Z',
  stopReceivedAt: null,
  remoteStartCommandId: null,
  remoteStopCommandId: null,
  meterStart: 1000,
  ...overrides,
});

let nextId = 1;
const reading = (value: string, overrides: Partial<MeterValueRecord> = {}): MeterValueRecord => ({
  ...newMeterValue({ transactionId: 1, value }),
  id: nextId++,
  ...overrides,
});

describe('transactionEnergy', () => {
  it('is meterStop − meterStart when they make sense', () => {
    expect(
      transactionEnergy(tx({ meterStop: 4500 }), [reading('3000'), reading('4.5', { unit: 'kWh' })]),
    ).toEqual({
      energyWh: 3500,
      source: 'meter',
    });
  });

  it('uses the register readings, kWh included, while the transaction has no meterStop', () => {
    expect(
      transactionEnergy(tx(), [reading('1.5', { unit: 'kWh' }), reading('2.25', { unit: 'kWh' })]),
    ).toEqual({
      energyWh: 1250,
      source: 'registers',
    });
  });

  it('trusts the registers when meterStop disagrees with them (a stale or zero meterStop)', () => {
    expect(transactionEnergy(tx({ meterStop: 0 }), [reading('1800'), reading('2600')])).toEqual({
      energyWh: 1600,
      source: 'registers',
    });
    expect(transactionEnergy(tx({ meterStop: 1200 }), [reading('5000')])).toEqual({
      energyWh: 4000,
      source: 'registers',
    });
  });

  it('ignores signed data, other measurands and other transactions', () => {
    const values = [
      reading('AB12CD', { format: 'SignedData' }),
      reading('99999', { measurand: 'Power.Active.Import', unit: 'W' }),
      reading('88888', { transactionId: 2 }),
    ];
    expect(transactionEnergy(tx({ meterStop: 1500 }), values)).toEqual({ energyWh: 500, source: 'meter' });
  });

  it('tolerates the rounding of kWh readings', () => {
    expect(transactionEnergy(tx({ meterStop: 12349 }), [reading('12.35', { unit: 'kWh' })])).toEqual({
      energyWh: 11349,
      source: 'meter',
    });
  });

  it('knows nothing without meterStop or readings', () => {
    expect(transactionEnergy(tx(), [])).toEqual({ energyWh: null, source: null });
  });
});
