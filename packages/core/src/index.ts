export type { CentralSystem, ListenOptions } from './central-system.js';
export { createCentralSystem, OCPP16_SUBPROTOCOL } from './central-system.js';
export type { LevityErrorCode } from './errors.js';
export {
  CallErrorResponse,
  CallTimeoutError,
  InvalidOptionError,
  InvalidParamsError,
  LevityError,
  NotConnectedError,
} from './errors.js';
export type { CentralSystemEventName, CentralSystemEvents, CentralSystemListener } from './events.js';
export type { Handler, HandlerContext } from './handlers/handler.js';
export type { Logger } from './logger.js';
export { silentLogger } from './logger.js';
export type { Action, CentralSystemAction, ChargePointAction, Request, Response } from './ocpp16/actions.js';
export {
  CENTRAL_SYSTEM_ACTIONS,
  CHARGE_POINT_ACTIONS,
  isCentralSystemAction,
  isChargePointAction,
} from './ocpp16/actions.js';
export type { OcppErrorCode } from './ocpp16/error-codes.js';
export { OCPP16_ERROR_CODES, OcppError } from './ocpp16/error-codes.js';
export type * from './ocpp16/messages.generated.js';
export type * from './ocpp16/payloads.js';
export type { CentralSystemOptions } from './options.js';
export type { CallOptions, ChargePointHandle } from './outbound/charge-point-handle.js';
export type {
  AuthorizationPolicy,
  AuthorizationReason,
  AuthorizationRequest,
} from './policies/authorization.js';
export { acceptAllIdTags } from './policies/authorization.js';
export * from './storage/index.js';
export { toUtcIso } from './time.js';
