-- Reverts 001_initial. Children before parents (cp_conn references cp); a table's
-- indexes and identity sequence go with it.
DROP TABLE cp_err;
DROP TABLE meter_val;
DROP TABLE tx;
DROP TABLE cp_conn;
DROP TABLE cp;
