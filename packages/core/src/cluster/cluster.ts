import type { CentralSystemEventName, CentralSystemEvents } from '../events.js';
import type { CentralSystemAction } from '../ocpp16/actions.js';
import type { IsoTimestamp } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';

/** A connection or disconnection of a charge point on this node, stored in batches. */
export type PresenceChange =
  | {
      readonly kind: 'connected';
      readonly id: string;
      readonly at: IsoTimestamp;
      readonly remoteAddress: string | null;
    }
  | { readonly kind: 'disconnected'; readonly id: string; readonly at: IsoTimestamp };

/** An event of the central system of one node, as the whole cluster sees it. */
export type ClusterEvent = {
  [E in CentralSystemEventName]: {
    readonly name: E;
    readonly event: CentralSystemEvents[E];
    /** The node whose charge point caused it. */
    readonly nodeId: string;
  };
}[CentralSystemEventName];

/** A call one node asks the node holding the charge point's connection to send. */
export interface ForwardedCall {
  readonly chargePointId: string;
  readonly action: CentralSystemAction;
  readonly params: unknown;
  /** The same time-out a local call would have. */
  readonly timeoutMs: number;
}

/** What a central system offers the cluster it joins. */
export interface ClusterMember {
  readonly storage: Storage;
  /**
   * Sends a call on this node's own connection to the charge point, without logging it
   * in the command journal (the node that was asked logs it). Throws the errors of
   * `ChargePointHandle.call` (`NotConnectedError` when it is not connected here).
   */
  callLocal(call: ForwardedCall): Promise<unknown>;
  /**
   * Another node now holds a connection of this charge point that opened at
   * `connectedAt`: close this node's older one, if any, without recording a disconnection.
   */
  replacedElsewhere(chargePointId: string, connectedAt: IsoTimestamp): void;
  /** This node's open connections, e.g. to record them again after the cluster lost them. */
  localConnections(): { id: string; connectedAt: IsoTimestamp; remoteAddress: string | null }[];
  /** Whether this node holds an open connection of the charge point. */
  connectedHere(chargePointId: string): boolean;
  /** Hands an event of another node to this node's cluster-wide subscribers. */
  deliver(event: ClusterEvent): void;
}

/**
 * What several central-system processes (nodes) on one database share: where each
 * charge point is connected, calls to charge points on other nodes, events, and which
 * node runs periodic jobs. `createCentralSystem` uses an {@link InProcessCluster}
 * (one node: today's behaviour) unless given another one, such as `PostgresCluster`
 * from `@levity/postgres`.
 *
 * @example
 * const cluster = new PostgresCluster({ pool: storage.pool, nodeId: 'node-a' });
 * const cs = createCentralSystem({ storage, cluster });
 */
export interface Cluster {
  /** This node's name: in logs, the command journal and `GET /api/charge-points`. */
  readonly nodeId: string;
  /**
   * Joins the cluster: this node's charge points from an earlier run are marked
   * disconnected (nothing is connected to a node that just started), and calls and
   * events of other nodes start to arrive. Called once by `createCentralSystem`;
   * connections are accepted once it resolves.
   */
  join(member: ClusterMember): Promise<void>;
  /** Stores connections and disconnections of this node, in order. */
  recordPresence(changes: readonly PresenceChange[]): Promise<void>;
  /** Which node holds a connection of each of these charge points (those connected nowhere are absent). */
  locate(chargePointIds: readonly string[]): Promise<Map<string, string>>;
  /**
   * Sends a call through the node that holds the charge point's connection and returns
   * its answer, or throws what a local call would (`NotConnectedError` when it is
   * connected nowhere, `CallTimeoutError` when no answer comes in time).
   */
  forward(call: ForwardedCall, signal?: AbortSignal): Promise<unknown>;
  /** Whether any other node wants this node's events (so `publish` need not be called otherwise). */
  readonly othersWantEvents: boolean;
  /** Makes an event of this node known to the other nodes. */
  publish(event: ClusterEvent): void;
  /** Tells the other nodes whether this node has cluster-wide event subscribers. */
  wantEvents(wanted: boolean): void;
  /**
   * Runs a periodic job if this node is the one that runs them now (one node at a
   * time cluster-wide); resolves with whether it ran.
   */
  runExclusive(job: string, work: () => Promise<void>): Promise<boolean>;
  /** Leaves the cluster: stops listening and gives up the periodic jobs. Does not close the storage. */
  leave(): Promise<void>;
}
