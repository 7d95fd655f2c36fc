-- See 009_cluster.up.sql: nothing to undo on SQLite.
SELECT 1;
