import { OcppError } from '../ocpp16/error-codes.js';

/**
 * The largest connector id Levity accepts. OCPP 1.6 leaves `integer` unsized; OCPP 2.x
 * fixes integers at 32 bits, and no charge point has more connectors than that.
 */
export const MAX_CONNECTOR_ID = 2_147_483_647;

/**
 * The one rule for the `connectorId` a charge point reports, applied alike by
 * StatusNotification, StartTransaction and MeterValues: 0 (the charge point itself,
 * OCPP 1.6 §4.9) up to `MAX_CONNECTOR_ID`. Anything else names no connector and is
 * answered PropertyConstraintViolation; resending cannot make it valid, and storing
 * it would make the connector's records unreadable.
 *
 * @example checkConnectorId(params.connectorId); // throws OcppError for -1
 */
export function checkConnectorId(connectorId: number): void {
  if (Number.isInteger(connectorId) && connectorId >= 0 && connectorId <= MAX_CONNECTOR_ID) return;
  throw new OcppError(
    'PropertyConstraintViolation',
    `connectorId must be an integer from 0 to ${MAX_CONNECTOR_ID}`,
    { field: '/connectorId' },
  );
}
