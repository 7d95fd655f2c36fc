import type { ClusterEvent } from '@levity/core';

/** The one LISTEN/NOTIFY channel of the nodes. */
export const CLUSTER_CHANNEL = 'levity_cluster';

/** NOTIFY payloads must stay below 8000 bytes; events beyond this go through `cluster_event`. */
const MAX_PAYLOAD_BYTES = 7500;

/** What nodes tell each other; `from` is the sender's node id (a node ignores its own messages). */
export type ClusterMessage =
  /** These charge points connected to `from`: close older connections of theirs. */
  | { readonly t: 'takeover'; readonly from: string; readonly cps: readonly { id: string; at: string }[] }
  /** Node `to`: send the call stored in `cluster_call` row `id`. */
  | { readonly t: 'call'; readonly from: string; readonly to: string; readonly id: string }
  /** Node `to`: the answer to your call `id` is in its row. */
  | { readonly t: 'reply'; readonly from: string; readonly to: string; readonly id: string }
  | { readonly t: 'events'; readonly from: string; readonly events: readonly ClusterEvent[] }
  /** An event too large for a payload, in `cluster_event` row `id`. */
  | { readonly t: 'event-ref'; readonly from: string; readonly id: number }
  /** Whether `from` streams every node's events now. */
  | { readonly t: 'interest'; readonly from: string; readonly wants: boolean };

const KINDS = new Set(['takeover', 'call', 'reply', 'events', 'event-ref', 'interest']);

/** A message from the channel, or undefined when it is not one of ours. */
export function parseMessage(payload: string): ClusterMessage | undefined {
  try {
    const message = JSON.parse(payload) as Partial<ClusterMessage> | null;
    if (!message || typeof message.from !== 'string' || !KINDS.has(message.t as string)) return undefined;
    return message as ClusterMessage;
  } catch {
    return undefined;
  }
}

/**
 * Events as `events` payloads below the NOTIFY limit, in order; those too large for a
 * payload of their own are returned apart, to be stored and referenced.
 */
export function chunkEvents(
  from: string,
  events: readonly ClusterEvent[],
): { small: string[]; large: ClusterEvent[] } {
  const small: string[] = [];
  const large: ClusterEvent[] = [];
  const overhead = Buffer.byteLength(JSON.stringify({ t: 'events', from, events: [] }));
  let chunk: string[] = [];
  let bytes = overhead;
  const flush = () => {
    if (chunk.length > 0)
      small.push(`{"t":"events","from":${JSON.stringify(from)},"events":[${chunk.join(',')}]}`);
    chunk = [];
    bytes = overhead;
  };
  for (const event of events) {
    const json = JSON.stringify(event);
    const size = Buffer.byteLength(json) + 1;
    if (overhead + size > MAX_PAYLOAD_BYTES) {
      large.push(event);
      continue;
    }
    if (bytes + size > MAX_PAYLOAD_BYTES) flush();
    chunk.push(json);
    bytes += size;
  }
  flush();
  return { small, large };
}
