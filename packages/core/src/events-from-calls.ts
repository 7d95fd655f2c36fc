import type { TypedEmitter } from './event-emitter.js';
import type { CentralSystemEventName } from './events.js';
import type { ChargePointAction, Request, Response } from './ocpp16/actions.js';

/** The event each action's answer implies besides `message`. */
const CALL_EVENTS: Partial<Record<ChargePointAction, CentralSystemEventName>> = {
  BootNotification: 'booted',
  StatusNotification: 'statusChanged',
  StartTransaction: 'transactionStarted',
  StopTransaction: 'transactionStopped',
  MeterValues: 'meterValues',
};

/** Whether anyone listens to the events an answered `action` implies (nothing to emit otherwise). */
export function hasCallListeners(events: TypedEmitter, action: ChargePointAction): boolean {
  const event = CALL_EVENTS[action];
  return events.hasListeners('message') || (event !== undefined && events.hasListeners(event));
}

/**
 * Emits the typed events one answered call implies. Events come from the request and
 * the response, not from the built-in handlers, so they fire for custom handlers too.
 */
export function emitCallEvents<A extends ChargePointAction>(
  events: TypedEmitter,
  chargePointId: string,
  action: A,
  request: Request<A>,
  response: Response<A>,
): void {
  switch (action) {
    case 'BootNotification':
      events.emit('booted', {
        chargePointId,
        request: request as Request<'BootNotification'>,
        response: response as Response<'BootNotification'>,
      });
      break;
    case 'StatusNotification':
      events.emit('statusChanged', { chargePointId, ...(request as Request<'StatusNotification'>) });
      break;
    case 'StartTransaction': {
      const started = response as Response<'StartTransaction'>;
      events.emit('transactionStarted', {
        chargePointId,
        transactionId: started.transactionId,
        request: request as Request<'StartTransaction'>,
        response: started,
      });
      break;
    }
    case 'StopTransaction': {
      const stopped = request as Request<'StopTransaction'>;
      events.emit('transactionStopped', {
        chargePointId,
        transactionId: stopped.transactionId,
        request: stopped,
        response: response as Response<'StopTransaction'>,
      });
      break;
    }
    case 'MeterValues': {
      const values = request as Request<'MeterValues'>;
      events.emit('meterValues', {
        chargePointId,
        connectorId: values.connectorId,
        transactionId: values.transactionId ?? null,
        meterValue: values.meterValue,
      });
      break;
    }
  }
  events.emit('message', { chargePointId, action, request, response });
}
