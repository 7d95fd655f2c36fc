-- What operating a fleet needs beyond the seed: the operator's admission decision per
-- charge point, attention flags on transactions, the id-tag store, and the history of
-- DataTransfers, status reports, security events and certificate signing requests.
-- Same conventions as 001_initial: STRICT tables, snake_case columns mirroring the
-- record fields, ISO 8601 UTC text timestamps, OCPP enumerations not CHECKed. The
-- new history tables have no foreign keys, for 001's reasons: they record what charge
-- points reported, even unknown ones, and outlive a deleted charge point.

-- A CHECK on an added column must hold for the NULL every existing row gets; IN does.
ALTER TABLE cp ADD COLUMN admission TEXT CHECK (admission IN ('Accepted', 'Pending', 'Rejected'));

-- TransactionAttention in @levity/core; not CHECKed, like tx.anomaly, so later
-- releases can add reasons without rebuilding tx.
ALTER TABLE tx ADD COLUMN attention TEXT;
ALTER TABLE tx ADD COLUMN attention_at TEXT;

-- listActiveByIdTag: the open sessions of an id tag, which is case-insensitive
-- (CiString20). Partial like tx_active_idx, and with the same predicate.
CREATE INDEX tx_active_id_tag_idx ON tx (id_tag COLLATE NOCASE) WHERE stopped_at IS NULL AND anomaly IS NULL;

-- Id tags are CiString20: NOCASE makes the key, lookups, the order and the list
-- cursor case-insensitive, while the tag is stored as given. parent_id_tag is one too.
-- No foreign key to the parent: OCPP lets a parent be a group id nobody stores.
CREATE TABLE id_tag (
  id_tag TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
  status TEXT NOT NULL CHECK (status IN ('Accepted', 'Blocked', 'Expired', 'Invalid')),
  expiry_date TEXT,
  parent_id_tag TEXT COLLATE NOCASE,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- The id_tag key is the index's last column, so a list by parent comes out in order.
CREATE INDEX id_tag_parent_idx ON id_tag (parent_id_tag);

CREATE TABLE data_transfer (
  id INTEGER PRIMARY KEY,
  charge_point_id TEXT NOT NULL,
  vendor_id TEXT NOT NULL,
  message_id TEXT,
  data TEXT,
  status TEXT NOT NULL,
  response_data TEXT,
  received_at TEXT NOT NULL
) STRICT;

-- As for cp_err, the rowid (id) ends each index: "newest first" needs no sort.
CREATE INDEX data_transfer_charge_point_idx ON data_transfer (charge_point_id);

CREATE TABLE status_report (
  id INTEGER PRIMARY KEY,
  charge_point_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('Diagnostics', 'Firmware', 'Log', 'SignedFirmware')),
  status TEXT NOT NULL,
  request_id INTEGER,
  job_id INTEGER,
  received_at TEXT NOT NULL
) STRICT;

CREATE INDEX status_report_charge_point_kind_idx ON status_report (charge_point_id, kind);

CREATE TABLE security_event (
  id INTEGER PRIMARY KEY,
  charge_point_id TEXT NOT NULL,
  type TEXT NOT NULL,
  timestamp TEXT NOT NULL,
  tech_info TEXT,
  received_at TEXT NOT NULL
) STRICT;

CREATE INDEX security_event_charge_point_idx ON security_event (charge_point_id);

-- status is CertificateRequestStatus in @levity/core; not CHECKed, so that later
-- releases can add steps (e.g. a delivery state) without rebuilding the table.
CREATE TABLE certificate_request (
  id INTEGER PRIMARY KEY,
  charge_point_id TEXT NOT NULL,
  csr TEXT NOT NULL,
  status TEXT NOT NULL,
  certificate_chain TEXT,
  failure_reason TEXT,
  received_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX certificate_request_charge_point_idx ON certificate_request (charge_point_id);
