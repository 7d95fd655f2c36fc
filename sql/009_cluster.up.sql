-- Several nodes share a PostgreSQL database only: their tables (cluster_node,
-- cluster_presence, cluster_call, cluster_event) are in sql/postgres/009_cluster.up.sql.
-- On SQLite (one process) only the command log learns which node sent each command.
ALTER TABLE command ADD COLUMN node_id TEXT;
