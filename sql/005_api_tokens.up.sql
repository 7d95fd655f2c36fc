-- Named API tokens with roles, and who sent each command. Same conventions as 001–003:
-- STRICT tables, snake_case columns mirroring the record fields, ISO 8601 UTC text
-- timestamps, Levity's own words (the role) not CHECKed so that a later release can
-- add one without rebuilding the table.

-- secret_hash is the SHA-256 of the token's secret, 64 hex digits; the secret itself is
-- never stored. AUTOINCREMENT: the id is part of the token and of nothing else, and a
-- revoked token's id is never given to another. Revoked tokens stay (revoked_at set),
-- and UNIQUE keeps their names from ever being reused, so that `token:<name>` in the
-- command log names one token for good. Names compare case-insensitively.
CREATE TABLE api_token (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role TEXT NOT NULL,
  secret_hash TEXT NOT NULL CHECK (length(secret_hash) = 64),
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
) STRICT;

-- Who asked for the call (`token:<name>`, `api-token`, or NULL for the library). The
-- rowid ends the index, so a list by actor comes out newest first without a sort.
ALTER TABLE command ADD COLUMN actor TEXT;
CREATE INDEX command_actor_idx ON command (actor);
