-- Reverts 003_commands. A table's indexes go with it, and so does its sqlite_sequence
-- row. DROP COLUMN restores the 002_operations definition of tx exactly.
DROP TABLE cp_job;
DROP TABLE charging_profile;
DROP TABLE reservation;
DROP TABLE local_list_entry;
DROP TABLE local_list;
DROP TABLE cp_config;
DROP TABLE command;
ALTER TABLE tx DROP COLUMN remote_stop_command_id;
ALTER TABLE tx DROP COLUMN remote_start_command_id;
