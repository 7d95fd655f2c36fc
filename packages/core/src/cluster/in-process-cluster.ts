import { hostname } from 'node:os';
import { LevityError, NotConnectedError } from '../errors.js';
import type { Cluster, ClusterMember, ForwardedCall, PresenceChange } from './cluster.js';
import { storePresence } from './presence-change.js';

/** The node id used when none is given: host name and process id, e.g. `web-1:4242`. */
export function defaultNodeId(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * A cluster of one node, the default: presence is stored in the storage's `cp` rows,
 * a charge point not connected here is connected nowhere, and periodic jobs always run.
 *
 * @example
 * const cs = createCentralSystem({ storage, cluster: new InProcessCluster({ nodeId: 'edge-1' }) });
 */
export class InProcessCluster implements Cluster {
  readonly nodeId: string;
  readonly othersWantEvents = false;
  #member: ClusterMember | undefined;

  constructor(options: { nodeId?: string } = {}) {
    this.nodeId = options.nodeId ?? defaultNodeId();
  }

  async join(member: ClusterMember): Promise<void> {
    if (this.#member) throw new LevityError('LEVITY_ERR_CLUSTER', 'This cluster was already joined');
    this.#member = member;
    // Nothing can be connected to a process that just started, whatever the last run left behind.
    await member.storage.chargePoints.markAllDisconnected(new Date().toISOString());
  }

  async recordPresence(changes: readonly PresenceChange[]): Promise<void> {
    await storePresence(this.#joined().storage, changes);
  }

  async locate(chargePointIds: readonly string[]): Promise<Map<string, string>> {
    const member = this.#joined();
    const located = new Map<string, string>();
    for (const id of chargePointIds) if (member.connectedHere(id)) located.set(id, this.nodeId);
    return located;
  }

  async forward(call: ForwardedCall): Promise<unknown> {
    // One node: a charge point not connected here is connected nowhere.
    throw new NotConnectedError(call.chargePointId);
  }

  publish(): void {}

  wantEvents(): void {}

  async runExclusive(_job: string, work: () => Promise<void>): Promise<boolean> {
    await work();
    return true;
  }

  async leave(): Promise<void> {}

  #joined(): ClusterMember {
    if (!this.#member) throw new LevityError('LEVITY_ERR_CLUSTER', 'This cluster was not joined yet');
    return this.#member;
  }
}
