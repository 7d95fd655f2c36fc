// OCPP 1.6-J request payloads, written as JSON text directly: the load generator must
// cost little per call, and must not share code with the central system it measures.

const sampled = (value: string, measurand: string, unit: string, phase?: string, location = 'Outlet') =>
  `{"value":"${value}","context":"Sample.Periodic","format":"Raw","measurand":"${measurand}",${
    phase ? `"phase":"${phase}",` : ''
  }"location":"${location}","unit":"${unit}"}`;

/** One OCPP-J CALL frame (OCPP-J §4.2.1): `[2, messageId, action, payload]`. */
export const callFrame = (messageId: string, action: string, payloadJson: string): string =>
  `[2,"${messageId}","${action}",${payloadJson}]`;

export const bootNotification = (chargePointId: string): string =>
  JSON.stringify({
    chargePointVendor: 'LevityBench',
    chargePointModel: 'LoadGen-1',
    chargePointSerialNumber: chargePointId,
    firmwareVersion: '1.0.0',
  });

export const heartbeat = (): string => '{}';

export const statusNotification = (connectorId: number, status: string, timestamp: string): string =>
  `{"connectorId":${connectorId},"errorCode":"NoError","status":"${status}","timestamp":"${timestamp}"}`;

export const authorize = (idTag: string): string => `{"idTag":"${idTag}"}`;

export const startTransaction = (connectorId: number, idTag: string, meterStart: number, timestamp: string) =>
  `{"connectorId":${connectorId},"idTag":"${idTag}","meterStart":${meterStart},"timestamp":"${timestamp}"}`;

export const stopTransaction = (transactionId: number, meterStop: number, timestamp: string, idTag: string) =>
  `{"transactionId":${transactionId},"idTag":"${idTag}","meterStop":${meterStop},"timestamp":"${timestamp}","reason":"Local"}`;

/** The number of sampled values in every MeterValues the load generator sends. */
export const SAMPLED_VALUES_PER_METER_VALUES = 9;

/**
 * MeterValues with one meter value of nine sampled values (energy register, power,
 * three phase currents and voltages, state of charge), as a 3-phase AC charger reports
 * them every period.
 */
export function meterValues(
  connectorId: number,
  transactionId: number | undefined,
  energyWh: number,
  timestamp: string,
): string {
  const values = [
    sampled(String(energyWh), 'Energy.Active.Import.Register', 'Wh'),
    sampled('11040', 'Power.Active.Import', 'W'),
    sampled('16.0', 'Current.Import', 'A', 'L1'),
    sampled('16.1', 'Current.Import', 'A', 'L2'),
    sampled('15.9', 'Current.Import', 'A', 'L3'),
    sampled('230.1', 'Voltage', 'V', 'L1-N'),
    sampled('229.8', 'Voltage', 'V', 'L2-N'),
    sampled('230.4', 'Voltage', 'V', 'L3-N'),
    sampled('57', 'SoC', 'Percent', undefined, 'EV'),
  ];
  const transaction = transactionId === undefined ? '' : `"transactionId":${transactionId},`;
  return `{"connectorId":${connectorId},${transaction}"meterValue":[{"timestamp":"${timestamp}","sampledValue":[${values.join(',')}]}]}`;
}
