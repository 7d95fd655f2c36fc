import type { HandlerContext, HandlerDependencies } from '../../src/handlers/handler.js';
import type { ChargePointAction, Request } from '../../src/index.js';
import { MemoryStorage, silentLogger } from '../../src/index.js';
import { acceptAllIdTags } from '../../src/policies/authorization.js';

export const fixedClock = () => new Date('2025-06-01T12:00:00.000Z');

export function handlerDeps(overrides: Partial<HandlerDependencies> = {}): HandlerDependencies {
  return { heartbeatIntervalSeconds: 300, authorize: acceptAllIdTags, clock: fixedClock, ...overrides };
}

/** A handler context on in-memory storage, for calling built-in handlers directly. */
export function handlerContext<A extends ChargePointAction>(
  action: A,
  params: Request<A>,
  overrides: Partial<HandlerContext<A>> = {},
): HandlerContext<A> {
  return {
    chargePointId: 'CP001',
    action,
    params,
    messageId: 'm1',
    receivedAt: '2025-06-01T12:00:00.000Z',
    storage: new MemoryStorage(),
    logger: silentLogger,
    signal: new AbortController().signal,
    next: () => Promise.reject(new Error('no next in unit tests')),
    ...overrides,
  };
}
