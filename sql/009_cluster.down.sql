ALTER TABLE command DROP COLUMN node_id;
