-- Export tokens as records (functions/exports, tokens.go): a company may
-- have several, each held by someone (name), opening only the exports of
-- its scopes, ending at expires_at if set, revoked at once by revoked_at.
-- They were Worker secrets EXPORT_TOKEN_{SLUG}, one per company, which a
-- Worker's limit of 128 variables and secrets stopped at about 118
-- companies, and which only a redeployment could revoke.
--
-- id is public: it is part of the token (ppx_<id>_<secret>), shown by
-- `make token ARGS=list`, written in export_log. The secret is not kept,
-- only secret_hash: HMAC-SHA256 under the Worker secret TOKEN_KEY of the
-- id, the company and the secret. Keyed, so that write access to D1 alone
-- cannot mint a working token (a row needs a hash only the key makes),
-- and a copy of the table is useless without the key (an unkeyed hash of
-- a token would be something to test guesses against); the id and the
-- company in it keep a hash from working on another row.
--
-- Imported tokens (the old secrets, hashed the same way by the Worker,
-- which alone can read them) have the id legacy-{slug}.
--
-- scopes are comma-separated, of marketing, suppression, cookies and
-- summary (the four exports). Times are RFC 3339 in UTC to the second, as
-- everywhere; expires_at, last_used_at and revoked_at are NULL until set.
-- Nothing personal, except the holder's name an operator chooses to give.
CREATE TABLE export_tokens (
  id           TEXT PRIMARY KEY,
  controller   TEXT NOT NULL,
  name         TEXT NOT NULL,
  scopes       TEXT NOT NULL,
  secret_hash  TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  expires_at   TEXT,
  last_used_at TEXT,
  revoked_at   TEXT
);
CREATE INDEX export_tokens_by_controller ON export_tokens (controller, created_at);

-- Which token an export was made with (its id, never the secret); NULL
-- for the exports logged before tokens were records.
ALTER TABLE export_log ADD COLUMN token_id TEXT;
