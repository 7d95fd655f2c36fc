-- What a firmware, diagnostics or log job asked for, so that an operator can tell which
-- image a charge point is installing or where its logs go: the request's location (the
-- firmware URL, or the upload location), its dates and its retry settings. Jobs created
-- before this migration keep null in each (what was asked is in their command's params).

-- UpdateFirmware.location, SignedUpdateFirmware.firmware.location, GetDiagnostics.location,
-- GetLog.log.remoteLocation.
ALTER TABLE cp_job ADD COLUMN location TEXT;
-- UpdateFirmware.retrieveDate, SignedUpdateFirmware.firmware.retrieveDateTime.
ALTER TABLE cp_job ADD COLUMN retrieve_date TEXT;
-- SignedUpdateFirmware.firmware.installDateTime.
ALTER TABLE cp_job ADD COLUMN install_date TEXT;
-- GetDiagnostics.startTime / stopTime, GetLog.log.oldestTimestamp / latestTimestamp.
ALTER TABLE cp_job ADD COLUMN start_time TEXT;
ALTER TABLE cp_job ADD COLUMN stop_time TEXT;
-- retries / retryInterval (seconds) of each of the four requests.
ALTER TABLE cp_job ADD COLUMN retries INTEGER;
ALTER TABLE cp_job ADD COLUMN retry_interval INTEGER;
