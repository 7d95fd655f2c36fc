-- What operating a fleet needs beyond the seed, as ../002_operations.up.sql: the
-- operator's admission decision, attention flags on transactions, the id-tag store, and
-- the history of DataTransfers, status reports, security events and certificate signing
-- requests. Same conventions as 001_initial; history tables have no foreign keys.

-- Case-insensitive strings (OCPP CiString) compare as SQLite's NOCASE does: only ASCII
-- letters fold ('abc' is 'ABC', 'ä' is not 'Ä'). lower() and citext fold by the
-- database's locale instead, and ICU collations fold every script, so the storages
-- would disagree. Keys are this function of the column (unique expression indexes),
-- while the value is stored as given. IMMUTABLE, so that indexes may use it; a plain
-- SQL function, so that the planner inlines it.
CREATE FUNCTION levity_nocase(value text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT translate(value, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') $$;

ALTER TABLE cp ADD COLUMN admission text CHECK (admission IN ('Accepted', 'Pending', 'Rejected'));

-- TransactionAttention in @levity/core; not CHECKed, like tx.anomaly.
ALTER TABLE tx ADD COLUMN attention text;
ALTER TABLE tx ADD COLUMN attention_at timestamptz;

-- listActiveByIdTag: the open sessions of an id tag, compared case-insensitively.
-- Partial like tx_active_idx, and with the same predicate.
CREATE INDEX tx_active_id_tag_idx ON tx (levity_nocase(id_tag)) WHERE stopped_at IS NULL AND anomaly IS NULL;

-- Id tags are CiString20: the key is levity_nocase(id_tag), the tag is stored as given.
-- A primary key cannot be an expression, so the unique index is the key. parent_id_tag
-- compares the same way; no foreign key to it (a parent may be a group id nobody stores).
CREATE TABLE id_tag (
  id_tag text COLLATE "C" NOT NULL,
  status text NOT NULL CHECK (status IN ('Accepted', 'Blocked', 'Expired', 'Invalid')),
  expiry_date timestamptz,
  parent_id_tag text COLLATE "C",
  note text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE UNIQUE INDEX id_tag_key_idx ON id_tag (levity_nocase(id_tag));
-- The key ends the index, so a list by parent comes out in order.
CREATE INDEX id_tag_parent_idx ON id_tag (levity_nocase(parent_id_tag), levity_nocase(id_tag));

CREATE TABLE data_transfer (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  charge_point_id text COLLATE "C" NOT NULL,
  vendor_id text NOT NULL,
  message_id text,
  data text,
  status text NOT NULL,
  response_data text,
  received_at timestamptz NOT NULL
);

-- As for cp_err, id ends each index: "newest first" needs no sort.
CREATE INDEX data_transfer_charge_point_idx ON data_transfer (charge_point_id, id);

CREATE TABLE status_report (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  charge_point_id text COLLATE "C" NOT NULL,
  kind text NOT NULL CHECK (kind IN ('Diagnostics', 'Firmware', 'Log', 'SignedFirmware')),
  status text NOT NULL,
  request_id bigint,
  job_id bigint,
  received_at timestamptz NOT NULL
);

CREATE INDEX status_report_charge_point_kind_idx ON status_report (charge_point_id, kind, id);

CREATE TABLE security_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  charge_point_id text COLLATE "C" NOT NULL,
  type text NOT NULL,
  timestamp timestamptz NOT NULL,
  tech_info text,
  received_at timestamptz NOT NULL
);

CREATE INDEX security_event_charge_point_idx ON security_event (charge_point_id, id);

-- status is CertificateRequestStatus in @levity/core; not CHECKed, as in SQLite.
CREATE TABLE certificate_request (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  charge_point_id text COLLATE "C" NOT NULL,
  csr text NOT NULL,
  status text NOT NULL,
  certificate_chain text,
  failure_reason text,
  received_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE INDEX certificate_request_charge_point_idx ON certificate_request (charge_point_id, id);
