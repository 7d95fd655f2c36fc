-- Reverts 002_operations, restoring the 001_initial definitions of cp and tx. A
-- table's indexes go with it; the index on tx goes with DROP INDEX, before the function
-- it uses.
DROP TABLE certificate_request;
DROP TABLE security_event;
DROP TABLE status_report;
DROP TABLE data_transfer;
DROP TABLE id_tag;
DROP INDEX tx_active_id_tag_idx;
ALTER TABLE tx DROP COLUMN attention_at;
ALTER TABLE tx DROP COLUMN attention;
ALTER TABLE cp DROP COLUMN admission;
DROP FUNCTION levity_nocase(text);
