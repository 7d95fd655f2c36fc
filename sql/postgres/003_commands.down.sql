-- Reverts 003_commands, restoring the 002_operations definition of tx. A table's
-- indexes and identity sequence go with it.
DROP TABLE cp_job;
DROP TABLE charging_profile;
DROP TABLE reservation;
DROP TABLE local_list_entry;
DROP TABLE local_list;
DROP TABLE cp_config;
DROP TABLE command;
ALTER TABLE tx DROP COLUMN remote_stop_command_id;
ALTER TABLE tx DROP COLUMN remote_start_command_id;
