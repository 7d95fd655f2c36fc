import type { CentralSystemAction, Request } from '@levity/core';
import {
  CallErrorResponse,
  CallTimeoutError,
  CENTRAL_SYSTEM_ACTIONS,
  InvalidParamsError,
  isChargePointAction,
  LevityError,
  NotConnectedError,
} from '@levity/core';
import { Type } from '@sinclair/typebox';
import type { preValidationHookHandler } from 'fastify';
import { callerOf } from '../auth.js';
import { badRequest, HttpError, notFound } from '../errors.js';
import { ChargePointParams, errorResponses, Query } from '../schemas/common.js';
import { ocppRequestSchema, ocppResponseSchema } from '../schemas/ocpp.js';
import type { ApiInstance, RouteContext } from './context.js';

const tags = ['commands'];

const CommandQuery = Query({
  timeoutMs: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 600_000,
      description:
        "How long to wait for the charge point's answer (default: the central system's call timeout)",
    }),
  ),
});

/** Actions without parameters (ClearCache, GetLocalListVersion) may be sent without a body. */
const emptyBodyIsEmptyObject: preValidationHookHandler = (request, _reply, done) => {
  if (request.body === undefined || request.body === null) request.body = {};
  done();
};

/**
 * Turns a failed call into its HTTP answer: 409 when the charge point is not connected
 * or its registration forbids the call, 400 for params that break the action's schema,
 * 504 when it did not answer in time, 502 when it answered a CALLERROR (with its code
 * and description) or the call failed on the way.
 */
export function callFailure(error: unknown, id: string, action: string): unknown {
  if (error instanceof NotConnectedError) {
    return new HttpError(409, error.code, `charge point ${id} is not connected`);
  }
  if (error instanceof InvalidParamsError) {
    const field = `body${error.field}`;
    return new HttpError(400, error.code, `${field}: ${error.message}`, { field });
  }
  if (error instanceof CallTimeoutError) {
    return new HttpError(
      504,
      error.code,
      `charge point ${id} did not answer ${action} within ${error.timeoutMs} ms`,
    );
  }
  if (error instanceof CallErrorResponse) {
    return new HttpError(
      502,
      error.code,
      `charge point ${id} answered ${action} with ${error.errorCode}${error.errorDescription ? `: ${error.errorDescription}` : ''}`,
      { errorCode: error.errorCode, errorDescription: error.errorDescription },
    );
  }
  if (error instanceof LevityError) {
    if (error.code === 'LEVITY_ERR_NOT_ACCEPTED') return new HttpError(409, error.code, error.message);
    if (error.code === 'LEVITY_ERR_CALL_FAILED') return new HttpError(502, error.code, error.message);
    if (error.code === 'LEVITY_ERR_UNKNOWN_ACTION') return new HttpError(400, error.code, error.message);
  }
  return error;
}

/**
 * `POST /charge-points/{id}/commands/{Action}` for every action a central system sends:
 * the body is the OCPP request payload (validated against the action's OCPP 1.6 schema)
 * and the answer is `{"response": <the charge point's CALLRESULT payload>}`.
 */
export function commandRoutes(app: ApiInstance, { centralSystem: cs }: RouteContext): void {
  const send = async (
    id: string,
    action: CentralSystemAction,
    params: unknown,
    timeoutMs: number | undefined,
    actor: string | undefined,
  ) => {
    const chargePoint = cs.chargePoint(id);
    // Connected here, or to another node of the cluster (the call is forwarded there).
    if (!chargePoint.connected && !(await cs.locateChargePoints([id])).has(id)) {
      if (!(await cs.chargePoints.get(id))) throw notFound(`charge point ${id} is unknown`);
      throw new HttpError(409, 'LEVITY_ERR_NOT_CONNECTED', `charge point ${id} is not connected`);
    }
    try {
      const response = await chargePoint.call(action, params as Request<typeof action>, {
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        // The command log records which token sent it.
        ...(actor === undefined ? {} : { actor }),
      });
      return { response };
    } catch (error) {
      throw callFailure(error, id, action);
    }
  };

  for (const action of CENTRAL_SYSTEM_ACTIONS) {
    app.post(
      `/charge-points/:id/commands/${action}`,
      {
        preValidation: emptyBodyIsEmptyObject,
        schema: {
          tags,
          operationId: `send${action}`,
          summary: `Send ${action}`,
          description: `Sends ${action} to the charge point and answers with its CALLRESULT payload. The body is the OCPP 1.6 ${action}.req payload.`,
          params: ChargePointParams,
          querystring: CommandQuery,
          body: ocppRequestSchema(action),
          response: {
            200: Type.Object({ response: Type.Unsafe(ocppResponseSchema(action)) }),
            ...errorResponses(400, 404, 409, 502, 504),
          },
        },
      },
      async (request) =>
        send(request.params.id, action, request.body, request.query.timeoutMs, callerOf(request)?.actor),
    );
  }

  const known = CENTRAL_SYSTEM_ACTIONS.join(', ');
  // Static segments win over parameters in Fastify's router: only unknown actions land here.
  app.post(
    '/charge-points/:id/commands/:action',
    {
      schema: {
        hide: true,
        params: Type.Object({ id: ChargePointParams.properties.id, action: Type.String() }),
      },
    },
    async (request) => {
      const { action } = request.params;
      const similar = CENTRAL_SYSTEM_ACTIONS.find((name) => name.toLowerCase() === action.toLowerCase());
      const hint = similar
        ? `; did you mean ${similar}?`
        : isChargePointAction(action)
          ? `: charge points send ${action}, the central system does not`
          : `; the central system sends ${known}`;
      throw badRequest('params/action', `params/action ${action} is not an action Levity can send${hint}`);
    },
  );
}
