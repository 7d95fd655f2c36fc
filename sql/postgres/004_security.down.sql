-- Reverts 004_security: both tables are new, and a table's indexes and identity
-- sequence go with it.
DROP TABLE connection_refusal;
DROP TABLE cp_security;
