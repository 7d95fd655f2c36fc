-- What Levity sends to charge points and the state their answers imply: the command
-- log, each charge point's configuration keys, Local Authorization List, reservations,
-- charging profiles and firmware/diagnostics/log jobs; and the remote start/stop
-- command of a transaction. Same conventions as 001 and 002: STRICT tables, snake_case
-- columns mirroring the record fields, ISO 8601 UTC text timestamps, booleans INTEGER
-- 0/1, OCPP enumerations and Levity's own status words not CHECKed (later releases add
-- values without rebuilding a table), case-insensitive strings (CiString) COLLATE
-- NOCASE. JSON values (params, responses, profiles) are TEXT that must be valid JSON.
--
-- No foreign keys to cp: like the histories of 002, these rows are written by whatever
-- learned them and must never be refused because the charge point's row is missing.
-- The only one is local_list_entry -> local_list, which are written together.

-- The log of every call sent: the rowid (id) ends each index, so a filtered list comes
-- out newest first, and pages from a `before` cursor, without a sort.
CREATE TABLE command (
  id INTEGER PRIMARY KEY,
  charge_point_id TEXT NOT NULL,
  action TEXT NOT NULL,
  params TEXT NOT NULL CHECK (json_valid(params)),
  requested_at TEXT NOT NULL,
  status TEXT NOT NULL,
  response TEXT CHECK (json_valid(response)),
  error_code TEXT,
  error_description TEXT,
  completed_at TEXT
) STRICT;

CREATE INDEX command_charge_point_idx ON command (charge_point_id);
CREATE INDEX command_action_idx ON command (action);
CREATE INDEX command_status_idx ON command (status);

-- Configuration keys are CiString50: NOCASE makes the key, lookups and the order
-- case-insensitive, while the key is stored as the charge point spelled it.
CREATE TABLE cp_config (
  charge_point_id TEXT NOT NULL,
  key TEXT NOT NULL COLLATE NOCASE,
  value TEXT,
  readonly INTEGER CHECK (readonly IN (0, 1)),
  unknown INTEGER NOT NULL CHECK (unknown IN (0, 1)),
  reboot_required INTEGER NOT NULL CHECK (reboot_required IN (0, 1)),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (charge_point_id, key)
) STRICT, WITHOUT ROWID;

CREATE TABLE local_list (
  charge_point_id TEXT NOT NULL PRIMARY KEY,
  version INTEGER NOT NULL,
  updated_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- id_tag and parent_id_tag are CiString20, as in id_tag; status is an OCPP
-- AuthorizationStatus.
CREATE TABLE local_list_entry (
  charge_point_id TEXT NOT NULL REFERENCES local_list (charge_point_id) ON DELETE CASCADE,
  id_tag TEXT NOT NULL COLLATE NOCASE,
  status TEXT NOT NULL,
  expiry_date TEXT,
  parent_id_tag TEXT COLLATE NOCASE,
  PRIMARY KEY (charge_point_id, id_tag)
) STRICT, WITHOUT ROWID;

-- AUTOINCREMENT: a reservationId sent to a charge point is never reused, and an id the
-- caller chose moves the next assigned one above it.
CREATE TABLE reservation (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  charge_point_id TEXT NOT NULL,
  connector_id INTEGER NOT NULL CHECK (connector_id >= 0),
  id_tag TEXT NOT NULL,
  parent_id_tag TEXT,
  expiry_date TEXT NOT NULL,
  status TEXT NOT NULL,
  transaction_id INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- Lists by charge point or by status come out newest first (the rowid ends each
-- index). The status index also serves expire: the Accepted rows are the reservations
-- in force, few by nature, so it needs no expiry_date column, which would make a list
-- by status sort.
CREATE INDEX reservation_charge_point_idx ON reservation (charge_point_id);
CREATE INDEX reservation_status_idx ON reservation (status);

-- profile is the csChargingProfiles object as sent; the other columns are copied out
-- of it for the order and for ClearChargingProfile's criteria.
CREATE TABLE charging_profile (
  charge_point_id TEXT NOT NULL,
  charging_profile_id INTEGER NOT NULL,
  connector_id INTEGER NOT NULL CHECK (connector_id >= 0),
  stack_level INTEGER NOT NULL,
  purpose TEXT NOT NULL,
  transaction_id INTEGER,
  profile TEXT NOT NULL CHECK (json_valid(profile)),
  installed_at TEXT NOT NULL,
  PRIMARY KEY (charge_point_id, charging_profile_id)
) STRICT, WITHOUT ROWID;

-- The primary key's charging_profile_id ends the index: a charge point's profiles come
-- out by connector, stack level and id without a sort.
CREATE INDEX charging_profile_stack_idx ON charging_profile (charge_point_id, connector_id, stack_level);

CREATE TABLE cp_job (
  id INTEGER PRIMARY KEY,
  charge_point_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('Firmware', 'Diagnostics', 'Log', 'SignedFirmware')),
  command_id INTEGER NOT NULL,
  request_id INTEGER,
  status TEXT NOT NULL,
  file_name TEXT,
  finished INTEGER NOT NULL CHECK (finished IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- findOpen: the newest unfinished job of a kind; lists: a charge point's jobs. The rowid
-- ends both, so neither sorts.
CREATE INDEX cp_job_open_idx ON cp_job (charge_point_id, kind, finished);
CREATE INDEX cp_job_charge_point_idx ON cp_job (charge_point_id);

-- The RemoteStartTransaction / RemoteStopTransaction command a transaction answered.
-- No foreign key to command, for 001's reasons about tx.
ALTER TABLE tx ADD COLUMN remote_start_command_id INTEGER;
ALTER TABLE tx ADD COLUMN remote_stop_command_id INTEGER;
