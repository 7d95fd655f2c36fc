-- The columns of SQLite's 007_job_details: what a firmware, diagnostics or log job asked
-- for (location, dates, retry settings). Null for jobs created before it.
ALTER TABLE cp_job ADD COLUMN location text;
ALTER TABLE cp_job ADD COLUMN retrieve_date timestamptz;
ALTER TABLE cp_job ADD COLUMN install_date timestamptz;
ALTER TABLE cp_job ADD COLUMN start_time timestamptz;
ALTER TABLE cp_job ADD COLUMN stop_time timestamptz;
ALTER TABLE cp_job ADD COLUMN retries bigint;
ALTER TABLE cp_job ADD COLUMN retry_interval bigint;
