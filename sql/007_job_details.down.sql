-- Reverts 007_job_details: the schema of 006_engine, exactly.
ALTER TABLE cp_job DROP COLUMN retry_interval;
ALTER TABLE cp_job DROP COLUMN retries;
ALTER TABLE cp_job DROP COLUMN stop_time;
ALTER TABLE cp_job DROP COLUMN start_time;
ALTER TABLE cp_job DROP COLUMN install_date;
ALTER TABLE cp_job DROP COLUMN retrieve_date;
ALTER TABLE cp_job DROP COLUMN location;
