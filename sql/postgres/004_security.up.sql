-- Security profiles (OCPP 1.6 security whitepaper, edition 3), as ../004_security.up.sql:
-- how each charge point must authenticate, and the upgrades Levity refused. Same
-- conventions as 001 to 003.
--
-- cp_security is apart from cp so that no query listing charge points can carry a
-- password hash, and it has no foreign key to cp: credentials are provisioned before a
-- charge point first connects. password_hash holds the algorithm and its parameters with
-- the hash ("scrypt$ln=15,r=8,p=1$salt$hash"), so the cost can be raised row by row.
CREATE TABLE cp_security (
  charge_point_id text COLLATE "C" NOT NULL PRIMARY KEY,
  security_profile bigint NOT NULL CHECK (security_profile IN (0, 1, 2, 3)),
  password_hash text,
  updated_at timestamptz NOT NULL
);

-- What the central system saw, not what a charge point reported (that is security_event):
-- the id may be one no charge point has, and the remote address matters. reason is
-- ConnectionRefusalReason in @levity/core; not CHECKed, as in SQLite.
CREATE TABLE connection_refusal (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  charge_point_id text COLLATE "C" NOT NULL,
  reason text NOT NULL,
  required_profile bigint NOT NULL CHECK (required_profile IN (0, 1, 2, 3)),
  remote_address text,
  detail text,
  received_at timestamptz NOT NULL
);

-- As for the other histories, id ends the index: "newest first" needs no sort.
CREATE INDEX connection_refusal_charge_point_idx ON connection_refusal (charge_point_id, id);
