import type { Request } from '../../src/index.js';

export const bootNotification = (
  overrides: Partial<Request<'BootNotification'>> = {},
): Request<'BootNotification'> => ({
  chargePointVendor: 'Levity',
  chargePointModel: 'Test-1',
  ...overrides,
});

export const statusNotification = (
  overrides: Partial<Request<'StatusNotification'>> = {},
): Request<'StatusNotification'> => ({
  connectorId: 1,
  errorCode: 'NoError',
  status: 'Available',
  ...overrides,
});

export const startTransaction = (
  overrides: Partial<Request<'StartTransaction'>> = {},
): Request<'StartTransaction'> => ({
  connectorId: 1,
  idTag: 'TAG001',
  meterStart: 1000,
  timestamp: '2025-01-01T10:00:00.000Z',
  ...overrides,
});

export const stopTransaction = (
  overrides: Partial<Request<'StopTransaction'>> & Pick<Request<'StopTransaction'>, 'transactionId'>,
): Request<'StopTransaction'> => ({
  meterStop: 2500,
  timestamp: '2025-01-01T11:00:00.000Z',
  ...overrides,
});

export const meterValues = (overrides: Partial<Request<'MeterValues'>> = {}): Request<'MeterValues'> => ({
  connectorId: 1,
  meterValue: [{ timestamp: '2025-01-01T10:30:00.000Z', sampledValue: [{ value: '1750' }] }],
  ...overrides,
});
