import { DataTransferRegistry } from '../../src/handlers/data-transfer-registry.js';
import type { HandlerContext, HandlerDependencies } from '../../src/handlers/handler.js';
import type { ChargePointAction, Request } from '../../src/index.js';
import { MemoryStorage, silentLogger } from '../../src/index.js';
import { acceptAllIdTags } from '../../src/policies/authorization.js';
import { acceptAllChargePoints } from '../../src/policies/boot.js';

export const fixedClock = () => new Date('2025-06-01T12:00:00.000Z');

/** Follow-ups that only record what they were asked to do. */
export function recordingFollowUps() {
  const calls: unknown[][] = [];
  return {
    calls,
    pendingBoot: (...args: unknown[]) => void calls.push(['pendingBoot', ...args]),
    certificateRequested: (...args: unknown[]) => void calls.push(['certificateRequested', ...args]),
  };
}

export function handlerDeps(overrides: Partial<HandlerDependencies> = {}): HandlerDependencies {
  return {
    heartbeatIntervalSeconds: 300,
    bootRetryIntervalSeconds: 60,
    authorize: acceptAllIdTags,
    bootPolicy: acceptAllChargePoints,
    dataTransfers: new DataTransferRegistry(),
    canSignCertificates: false,
    followUps: recordingFollowUps(),
    clock: fixedClock,
    ...overrides,
  };
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
