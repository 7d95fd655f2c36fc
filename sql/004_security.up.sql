-- Security profiles (OCPP 1.6 security whitepaper, edition 3): how each charge point must
-- authenticate, and the upgrades Levity refused. Same conventions as 001 to 003: STRICT
-- tables, snake_case columns mirroring the record fields, ISO 8601 UTC text timestamps.
--
-- cp_security is apart from cp so that no query listing charge points can carry a password
-- hash, and it has no foreign key to cp: credentials are provisioned before a charge point
-- first connects. password_hash holds the algorithm and its parameters with the hash
-- ("scrypt$ln=15,r=8,p=1$salt$hash"), so the cost can be raised later row by row.
CREATE TABLE cp_security (
  charge_point_id TEXT NOT NULL PRIMARY KEY,
  security_profile INTEGER NOT NULL CHECK (security_profile IN (0, 1, 2, 3)),
  password_hash TEXT,
  updated_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- What the central system saw, not what a charge point reported (that is security_event):
-- the id may be one no charge point has, and the remote address matters. Newest first
-- by rowid, like every other history.
CREATE TABLE connection_refusal (
  id INTEGER PRIMARY KEY,
  charge_point_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  required_profile INTEGER NOT NULL CHECK (required_profile IN (0, 1, 2, 3)),
  remote_address TEXT,
  detail TEXT,
  received_at TEXT NOT NULL
) STRICT;

CREATE INDEX connection_refusal_charge_point_idx ON connection_refusal (charge_point_id);
