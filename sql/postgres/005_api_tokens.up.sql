-- Named API tokens with roles, and who sent each command, as ../005_api_tokens.up.sql.
-- Same conventions as 001 to 004; the role, Levity's own word, is not CHECKed, so that a
-- later release can add one without a migration.

-- secret_hash is the SHA-256 of the token's secret, 64 hex digits; the secret itself is
-- never stored. An identity column: the id is part of the token and of nothing else, and
-- a revoked token's id is never given to another (nor is one a refused name consumed).
-- Revoked tokens stay (revoked_at set), and the unique index keeps their names from ever
-- being reused, so that `token:<name>` in the command log names one token for good.
-- Names compare case-insensitively, ASCII letters only (levity_nocase, see 002), as
-- SQLite's NOCASE; the name is stored as given.
CREATE TABLE api_token (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text COLLATE "C" NOT NULL,
  role text NOT NULL,
  secret_hash text NOT NULL CHECK (length(secret_hash) = 64),
  created_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz
);

CREATE UNIQUE INDEX api_token_name_idx ON api_token (levity_nocase(name));

-- Who asked for the call (`token:<name>`, `api-token`, or NULL for the library). id ends
-- the index, so a list by actor comes out newest first without a sort.
ALTER TABLE command ADD COLUMN actor text;
CREATE INDEX command_actor_idx ON command (actor, id);
