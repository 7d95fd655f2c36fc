DROP TABLE cluster_event;
DROP TABLE cluster_call;
DROP TABLE cluster_presence;
DROP TABLE cluster_node;
ALTER TABLE command DROP COLUMN node_id;
