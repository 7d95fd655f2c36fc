export type { Cluster, ClusterEvent, ClusterMember, ForwardedCall, PresenceChange } from './cluster.js';
export { defaultNodeId, InProcessCluster } from './in-process-cluster.js';
export type { WireError } from './wire-errors.js';
export { fromWireError, toWireError } from './wire-errors.js';
