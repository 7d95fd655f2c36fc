/**
 * The SQL of `PostgresCluster`. Presence is written together with `cp.connected` so that
 * a connected charge point always has a node; a node clears only what is still its own,
 * so a disconnection stored late never undoes a reconnection to another node.
 */
export const PRESENCE_SQL = {
  /** $1 charge point, $2 node, $3 at, $4 remote address. */
  connected: `
    WITH p AS (
      INSERT INTO cluster_presence (charge_point_id, node_id, connected_at) VALUES ($1, $2, $3)
      ON CONFLICT (charge_point_id) DO UPDATE SET node_id = excluded.node_id, connected_at = excluded.connected_at
    )
    INSERT INTO cp AS c (id, connected, connected_at, remote_address, last_seen_at, created_at, updated_at)
    VALUES ($1, true, $3, $4, $3, $3, $3)
    ON CONFLICT (id) DO UPDATE SET
      connected = true,
      connected_at = excluded.connected_at,
      remote_address = excluded.remote_address,
      last_seen_at = greatest(c.last_seen_at, excluded.last_seen_at),
      updated_at = greatest(c.updated_at, excluded.updated_at)`,
  /** $1 charge point, $2 node, $3 at. */
  disconnected: `
    WITH gone AS (
      DELETE FROM cluster_presence WHERE charge_point_id = $1 AND node_id = $2 RETURNING charge_point_id
    )
    UPDATE cp SET connected = false, disconnected_at = $3, updated_at = greatest(cp.updated_at, $3)
    FROM gone WHERE cp.id = gone.charge_point_id`,
  /**
   * $1 node, $2 at: the node's charge points, and those connected with no node at all,
   * marked disconnected (at start-up, and when the node leaves).
   */
  forgetNode: `
    WITH gone AS (DELETE FROM cluster_presence WHERE node_id = $1 RETURNING charge_point_id)
    UPDATE cp SET connected = false, disconnected_at = $2, updated_at = greatest(cp.updated_at, $2)
    WHERE cp.connected AND (
      cp.id IN (SELECT charge_point_id FROM gone)
      OR NOT EXISTS (SELECT 1 FROM cluster_presence p WHERE p.charge_point_id = cp.id)
    )`,
  /** $1 ids: where those held by a node with a running lease are connected. */
  locate: `
    SELECT p.charge_point_id, p.node_id FROM cluster_presence p
    JOIN cluster_node n ON n.id = p.node_id AND n.lease_until > now()
    WHERE p.charge_point_id = ANY($1::text[])`,
  /** $1 node, $2 lease interval, $3 wants events: renews (or re-creates) the lease. */
  renew: `
    INSERT INTO cluster_node (id, lease_until, wants_events) VALUES ($1, now() + $2::interval, $3)
    ON CONFLICT (id) DO UPDATE SET lease_until = excluded.lease_until, wants_events = excluded.wants_events
    RETURNING (xmax = 0) AS inserted`,
  /** $1 id … $7 timeout, $8 channel: stores a forwarded call and tells its node. */
  forward: `
    WITH c AS (
      INSERT INTO cluster_call (id, from_node, to_node, charge_point_id, action, params, timeout_ms)
      VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) RETURNING id, from_node, to_node
    )
    SELECT pg_notify($8, json_build_object('t', 'call', 'from', c.from_node, 'to', c.to_node, 'id', c.id)::text) FROM c`,
  /** $1 id: takes a forwarded call once. */
  pickCall: `
    UPDATE cluster_call SET picked_at = now() WHERE id = $1 AND picked_at IS NULL
    RETURNING from_node, charge_point_id, action, params, timeout_ms`,
  /** $1 id, $2 result, $3 channel, $4 reply message. */
  completeCall: `
    WITH c AS (UPDATE cluster_call SET result = $2::jsonb, completed_at = now() WHERE id = $1 RETURNING id)
    SELECT pg_notify($3, $4) FROM c`,
} as const;

export const SWEEP_SQL = {
  /**
   * $1 at: nodes whose lease ran out are forgotten, their charge points marked
   * disconnected (all CTEs see the same snapshot, so the lease test sees the dead rows).
   */
  deadNodes: `
    WITH dead AS (DELETE FROM cluster_node WHERE lease_until < now() RETURNING id),
    gone AS (
      DELETE FROM cluster_presence p
      WHERE NOT EXISTS (SELECT 1 FROM cluster_node n WHERE n.id = p.node_id AND n.lease_until >= now())
      RETURNING p.charge_point_id
    )
    UPDATE cp SET connected = false, disconnected_at = $1, updated_at = greatest(cp.updated_at, $1)
    FROM gone WHERE cp.id = gone.charge_point_id AND cp.connected
    RETURNING cp.id`,
  /** $1 interval: forwarded calls and large events older than that are deleted. */
  oldRows: `
    WITH calls AS (DELETE FROM cluster_call WHERE created_at < now() - $1::interval)
    DELETE FROM cluster_event WHERE created_at < now() - $1::interval`,
} as const;
