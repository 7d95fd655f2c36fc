-- Reverts 005_api_tokens. The table's sqlite_sequence row goes with it; dropping the
-- index first lets DROP COLUMN restore 003's definition of command exactly.
DROP INDEX command_actor_idx;
ALTER TABLE command DROP COLUMN actor;
DROP TABLE api_token;
