-- Reverts 005_api_tokens, restoring the 003_commands definition of command. The index
-- on command.actor goes before its column; a table's indexes and identity sequence go
-- with it.
DROP INDEX command_actor_idx;
ALTER TABLE command DROP COLUMN actor;
DROP TABLE api_token;
