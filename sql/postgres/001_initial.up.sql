-- Levity's initial schema on PostgreSQL: the same tables and columns as ../001_initial.up.sql
-- (SQLite), one table per storage record of @levity/core.
--
-- Conventions (they hold for every PostgreSQL migration):
-- - Timestamps are timestamptz. Records carry ISO 8601 UTC strings with milliseconds;
--   timestamptz keeps microseconds, so every such string round-trips exactly, in 8 bytes
--   instead of a 24-character text, and the server checks them and compares them as
--   times. @levity/postgres turns them back into ISO strings when reading.
-- - Integers are bigint, as SQLite's INTEGER is 64-bit: meter registers in Wh and ids
--   reported by charge points may exceed 2^31, and meter_val outgrows int4 in weeks on
--   a large fleet. Booleans are boolean.
-- - Ids Levity hands out (transactionId, reservationId, …) come from identity columns:
--   sequences, so unique across every node sharing the database, never reused.
-- - Identifiers that are ordered or compared with < and > (charge point ids, id tags,
--   configuration keys) are COLLATE "C": byte order, as SQLite's BINARY and NOCASE
--   compare, whatever the database's default collation.
-- - OCPP enumerations are not CHECKed, as in SQLite: ocpp-rpc validates them on the wire
--   and later OCPP versions and extensions add values.
--
-- Foreign keys: only cp_conn -> cp, for the reasons told in ../001_initial.up.sql.

CREATE TABLE cp (
  id text COLLATE "C" NOT NULL PRIMARY KEY,
  vendor text,
  model text,
  charge_point_serial_number text,
  charge_box_serial_number text,
  firmware_version text,
  iccid text,
  imsi text,
  meter_type text,
  meter_serial_number text,
  registration_status text CHECK (registration_status IN ('Accepted', 'Pending', 'Rejected')),
  booted_at timestamptz,
  status text,
  error_code text,
  status_info text,
  status_vendor_id text,
  status_vendor_error_code text,
  status_timestamp timestamptz,
  status_received_at timestamptz,
  diagnostics_status text,
  diagnostics_status_at timestamptz,
  firmware_status text,
  firmware_status_at timestamptz,
  connected boolean NOT NULL DEFAULT false,
  connected_at timestamptz,
  disconnected_at timestamptz,
  remote_address text,
  last_seen_at timestamptz,
  last_heartbeat_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE cp_conn (
  charge_point_id text COLLATE "C" NOT NULL REFERENCES cp (id) ON DELETE CASCADE,
  connector_id bigint NOT NULL CHECK (connector_id >= 1),
  status text NOT NULL,
  error_code text NOT NULL,
  info text,
  vendor_id text,
  vendor_error_code text,
  status_timestamp timestamptz,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (charge_point_id, connector_id)
);

-- An identity column: an id answered to a charge point as transactionId is never
-- reused, and two nodes never hand out the same one.
CREATE TABLE tx (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  charge_point_id text COLLATE "C" NOT NULL,
  connector_id bigint,
  id_tag text COLLATE "C",
  id_tag_status text,
  meter_start bigint,
  started_at timestamptz,
  reservation_id bigint,
  meter_stop bigint,
  stopped_at timestamptz,
  stop_reason text,
  stop_id_tag text,
  -- Why the row needs an operator's attention (TransactionAnomaly in @levity/core).
  anomaly text,
  reported_transaction_id bigint,
  created_at timestamptz NOT NULL,
  stop_received_at timestamptz,
  -- Only anomalies (an unknown StopTransaction) lack the start fields.
  CONSTRAINT tx_start_fields_check CHECK (
    anomaly IS NOT NULL
    OR (connector_id IS NOT NULL AND id_tag IS NOT NULL AND id_tag_status IS NOT NULL
        AND meter_start IS NOT NULL AND started_at IS NOT NULL)
  )
);

-- listActive: the open sessions of a charge point (and connector), kept as small as
-- the number of sessions in progress.
CREATE INDEX tx_active_idx ON tx (charge_point_id, connector_id) WHERE stopped_at IS NULL AND anomaly IS NULL;
-- findByStart: the fields that identify a retried StartTransaction.
CREATE INDEX tx_start_key_idx ON tx (charge_point_id, connector_id, started_at, meter_start, id_tag);
CREATE INDEX tx_id_tag_idx ON tx (id_tag);

CREATE TABLE meter_val (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  charge_point_id text COLLATE "C" NOT NULL,
  connector_id bigint,
  transaction_id bigint,
  reported_transaction_id bigint,
  timestamp timestamptz NOT NULL,
  value text NOT NULL,
  context text NOT NULL,
  format text NOT NULL,
  measurand text NOT NULL,
  phase text,
  location text NOT NULL,
  unit text NOT NULL,
  source text NOT NULL CHECK (source IN ('MeterValues', 'StopTransaction')),
  received_at timestamptz NOT NULL
);

-- id ends both so that lists ordered by timestamp, then id, need no sort.
CREATE INDEX meter_val_transaction_idx ON meter_val (transaction_id, timestamp, id);
CREATE INDEX meter_val_charge_point_idx ON meter_val (charge_point_id, timestamp, id);

CREATE TABLE cp_err (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  charge_point_id text COLLATE "C" NOT NULL,
  connector_id bigint NOT NULL CHECK (connector_id >= 0),
  error_code text NOT NULL,
  status text NOT NULL,
  info text,
  vendor_id text,
  vendor_error_code text,
  timestamp timestamptz,
  received_at timestamptz NOT NULL
);

-- id ends the index (SQLite's rowid does so implicitly): "newest first" needs no sort.
CREATE INDEX cp_err_charge_point_idx ON cp_err (charge_point_id, id);
