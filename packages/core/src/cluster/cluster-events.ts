import type { EventTap } from '../event-emitter.js';
import type { CentralSystemEventName, CentralSystemEvents } from '../events.js';
import type { Logger } from '../logger.js';
import type { Cluster, ClusterEvent } from './cluster.js';

/** A listener of the events of every node (see `CentralSystem.onClusterEvent`). */
export type ClusterEventListener = (event: ClusterEvent) => void;

/**
 * The events of every node for this node's subscribers (the HTTP API's event stream):
 * this node's own as they are emitted, the others' as the cluster delivers them. Kept
 * apart from `cs.on`, whose listeners see this node's events only, so that follow-ups
 * a listener starts run once, on the node where the event happened.
 */
export class ClusterEventHub implements EventTap {
  readonly #cluster: Cluster;
  readonly #logger: Logger;
  readonly #listeners = new Set<ClusterEventListener>();

  constructor(cluster: Cluster, logger: Logger) {
    this.#cluster = cluster;
    this.#logger = logger;
  }

  wants(): boolean {
    return this.#listeners.size > 0 || this.#cluster.othersWantEvents;
  }

  /** An event of this node. */
  emit<E extends CentralSystemEventName>(name: E, event: CentralSystemEvents[E]): void {
    const clusterEvent = { name, event, nodeId: this.#cluster.nodeId } as ClusterEvent;
    this.deliver(clusterEvent);
    if (this.#cluster.othersWantEvents) this.#cluster.publish(clusterEvent);
  }

  /** An event of this node or another, to this node's subscribers. */
  deliver(event: ClusterEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#logger.error({ err: error, event: event.name }, 'a cluster event listener threw');
      }
    }
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: ClusterEventListener): () => void {
    this.#listeners.add(listener);
    if (this.#listeners.size === 1) this.#cluster.wantEvents(true);
    return () => {
      if (!this.#listeners.delete(listener)) return;
      if (this.#listeners.size === 0) this.#cluster.wantEvents(false);
    };
  }
}
