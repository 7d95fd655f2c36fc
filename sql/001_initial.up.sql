-- Levity's initial schema: the storage records of @levity/core, one table each.
--
-- Conventions: columns mirror the record fields in snake_case; timestamps are TEXT
-- ISO 8601 strings in UTC with milliseconds (they sort as text); booleans are
-- INTEGER 0/1. Tables are STRICT so a value of the wrong type is refused, not coerced.
-- OCPP enumerations are not CHECKed: ocpp-rpc validates them on the wire and later
-- OCPP versions and extensions add values.
--
-- Foreign keys: only cp_conn -> cp. A connector is part of its charge point's state,
-- and the connector repository writes the cp row first (in the same transaction), so
-- the constraint can never refuse a status. tx, meter_val and cp_err have none on
-- purpose: they are the record of what charge points reported (billing, audits), must
-- be stored even when the parent is unknown (a StopTransaction or MeterValues for a
-- transactionId Levity never issued), and must outlive a deleted charge point.

CREATE TABLE cp (
  id TEXT NOT NULL PRIMARY KEY,
  vendor TEXT,
  model TEXT,
  charge_point_serial_number TEXT,
  charge_box_serial_number TEXT,
  firmware_version TEXT,
  iccid TEXT,
  imsi TEXT,
  meter_type TEXT,
  meter_serial_number TEXT,
  registration_status TEXT CHECK (registration_status IN ('Accepted', 'Pending', 'Rejected')),
  booted_at TEXT,
  status TEXT,
  error_code TEXT,
  status_info TEXT,
  status_vendor_id TEXT,
  status_vendor_error_code TEXT,
  status_timestamp TEXT,
  status_received_at TEXT,
  diagnostics_status TEXT,
  diagnostics_status_at TEXT,
  firmware_status TEXT,
  firmware_status_at TEXT,
  connected INTEGER NOT NULL DEFAULT 0 CHECK (connected IN (0, 1)),
  connected_at TEXT,
  disconnected_at TEXT,
  remote_address TEXT,
  last_seen_at TEXT,
  last_heartbeat_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE cp_conn (
  charge_point_id TEXT NOT NULL REFERENCES cp (id) ON DELETE CASCADE,
  connector_id INTEGER NOT NULL CHECK (connector_id >= 1),
  status TEXT NOT NULL,
  error_code TEXT NOT NULL,
  info TEXT,
  vendor_id TEXT,
  vendor_error_code TEXT,
  status_timestamp TEXT,
  received_at TEXT NOT NULL,
  PRIMARY KEY (charge_point_id, connector_id)
) STRICT, WITHOUT ROWID;

-- AUTOINCREMENT: an id answered to a charge point as transactionId is never reused,
-- even after the newest row is deleted.
CREATE TABLE tx (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  charge_point_id TEXT NOT NULL,
  connector_id INTEGER,
  id_tag TEXT,
  id_tag_status TEXT,
  meter_start INTEGER,
  started_at TEXT,
  reservation_id INTEGER,
  meter_stop INTEGER,
  stopped_at TEXT,
  stop_reason TEXT,
  stop_id_tag TEXT,
  -- Why the row needs an operator's attention (TransactionAnomaly in @levity/core);
  -- not CHECKed, like the OCPP enumerations, so later releases can add reasons.
  anomaly TEXT,
  reported_transaction_id INTEGER,
  created_at TEXT NOT NULL,
  stop_received_at TEXT,
  -- Only anomalies (an unknown StopTransaction) lack the start fields.
  CHECK (
    anomaly IS NOT NULL
    OR (connector_id IS NOT NULL AND id_tag IS NOT NULL AND id_tag_status IS NOT NULL
        AND meter_start IS NOT NULL AND started_at IS NOT NULL)
  )
) STRICT;

-- listActive: the open sessions of a charge point (and connector). Partial, so it
-- stays as small as the number of sessions in progress.
CREATE INDEX tx_active_idx ON tx (charge_point_id, connector_id) WHERE stopped_at IS NULL AND anomaly IS NULL;
-- findByStart: the fields that identify a retried StartTransaction.
CREATE INDEX tx_start_key_idx ON tx (charge_point_id, connector_id, started_at, meter_start, id_tag);
CREATE INDEX tx_id_tag_idx ON tx (id_tag);

CREATE TABLE meter_val (
  id INTEGER PRIMARY KEY,
  charge_point_id TEXT NOT NULL,
  connector_id INTEGER,
  transaction_id INTEGER,
  reported_transaction_id INTEGER,
  timestamp TEXT NOT NULL,
  value TEXT NOT NULL,
  context TEXT NOT NULL,
  format TEXT NOT NULL,
  measurand TEXT NOT NULL,
  phase TEXT,
  location TEXT NOT NULL,
  unit TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('MeterValues', 'StopTransaction')),
  received_at TEXT NOT NULL
) STRICT;

-- Both end in timestamp so that lists come out in order without a sort.
CREATE INDEX meter_val_transaction_idx ON meter_val (transaction_id, timestamp);
CREATE INDEX meter_val_charge_point_idx ON meter_val (charge_point_id, timestamp);

CREATE TABLE cp_err (
  id INTEGER PRIMARY KEY,
  charge_point_id TEXT NOT NULL,
  connector_id INTEGER NOT NULL CHECK (connector_id >= 0),
  error_code TEXT NOT NULL,
  status TEXT NOT NULL,
  info TEXT,
  vendor_id TEXT,
  vendor_error_code TEXT,
  timestamp TEXT,
  received_at TEXT NOT NULL
) STRICT;

-- The rowid (id) is the index's last column, so "newest first" needs no sort.
CREATE INDEX cp_err_charge_point_idx ON cp_err (charge_point_id);
