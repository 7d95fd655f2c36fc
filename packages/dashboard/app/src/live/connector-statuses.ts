import type { ConnectorRecord } from '../api/api-types.js';

/** What the table shows of a connector: its status and error code. */
export interface ConnectorState {
  readonly connectorId: number;
  readonly status: ConnectorRecord['status'];
  readonly errorCode: ConnectorRecord['errorCode'];
}

/** Connector states by charge point id, ordered by connector id. */
export type ConnectorStates = Readonly<Record<string, readonly ConnectorState[]>>;

/** A copy of `states` with one connector's new status (a StatusNotification for connector ≥ 1). */
export function withStatus(
  states: ConnectorStates,
  chargePointId: string,
  update: ConnectorState,
): ConnectorStates {
  const current = states[chargePointId] ?? [];
  const others = current.filter((connector) => connector.connectorId !== update.connectorId);
  return {
    ...states,
    [chargePointId]: [...others, update].sort((a, b) => a.connectorId - b.connectorId),
  };
}

/** Every status a charge point shows: connector 0's and its connectors'. */
export function statusesOf(
  own: string | null,
  connectors: readonly ConnectorState[] | undefined,
): Set<string> {
  const out = new Set<string>();
  if (own !== null) out.add(own);
  for (const connector of connectors ?? []) out.add(connector.status);
  return out;
}

/**
 * Runs `work` over `items` with at most `concurrency` at a time: a fleet's connectors
 * load without a burst of hundreds of requests.
 */
export async function eachLimited<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
