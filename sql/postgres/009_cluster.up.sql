-- Several Levity nodes on one PostgreSQL database (PostgresCluster, docs/several-nodes.md).
-- The cluster_* tables are PostgreSQL only; SQLite's 009_cluster adds just command.node_id.

-- Which node sent each command to its charge point.
ALTER TABLE command ADD COLUMN node_id text;

-- One row per running node, its lease renewed every few seconds. A node whose lease
-- ran out (killed) has its charge points marked disconnected by the node that sweeps.
CREATE TABLE cluster_node (
  id text COLLATE "C" PRIMARY KEY,
  started_at timestamptz NOT NULL DEFAULT now(),
  lease_until timestamptz NOT NULL,
  -- Whether the node streams the events of every node (GET /api/events has clients).
  wants_events boolean NOT NULL DEFAULT false
);

-- Which node holds each connected charge point's connection (written with cp.connected,
-- in the same transaction). At most one row per charge point: one connection cluster-wide.
CREATE TABLE cluster_presence (
  charge_point_id text COLLATE "C" PRIMARY KEY,
  node_id text COLLATE "C" NOT NULL,
  connected_at timestamptz NOT NULL
);
CREATE INDEX cluster_presence_node_id ON cluster_presence (node_id);

-- Calls forwarded to the node that holds the charge point (NOTIFY carries only the id:
-- payloads are limited to 8000 bytes). Old rows are deleted by the sweeping node.
CREATE TABLE cluster_call (
  id uuid PRIMARY KEY,
  from_node text NOT NULL,
  to_node text NOT NULL,
  charge_point_id text NOT NULL,
  action text NOT NULL,
  params jsonb NOT NULL,
  timeout_ms integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  picked_at timestamptz,
  -- {"response": …} or {"error": {code, message, …}}
  result jsonb,
  completed_at timestamptz
);
CREATE INDEX cluster_call_created_at ON cluster_call (created_at);

-- Events too large for a NOTIFY payload, read by the other nodes by id.
CREATE TABLE cluster_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cluster_event_created_at ON cluster_event (created_at);
