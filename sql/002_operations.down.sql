-- Reverts 002_operations. A table's indexes go with it; an index on a column must go
-- before the column. DROP COLUMN needs SQLite 3.35 or later, and restores the
-- 001_initial definitions of cp and tx exactly.
DROP TABLE certificate_request;
DROP TABLE security_event;
DROP TABLE status_report;
DROP TABLE data_transfer;
DROP TABLE id_tag;
DROP INDEX tx_active_id_tag_idx;
ALTER TABLE tx DROP COLUMN attention_at;
ALTER TABLE tx DROP COLUMN attention;
ALTER TABLE cp DROP COLUMN admission;
