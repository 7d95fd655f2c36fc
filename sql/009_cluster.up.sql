-- Several nodes share a PostgreSQL database only (sql/postgres/009_cluster.up.sql);
-- SQLite serves one process. This no-op keeps the migration names of both lines equal.
SELECT 1;
