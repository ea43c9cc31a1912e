-- Data-subject requests, from the customer's form to the company's inbox.
-- Times are RFC 3339 in UTC. Personal data lives only in requests.form,
-- requests.document and mail.message, and is deleted a set time after
-- delivery (see functions/requests); what stays is the bare record of
-- who was asked what, when, and a hash of what was sent.
CREATE TABLE requests (
  id              TEXT PRIMARY KEY,     -- 32 hex digits, random
  reference       TEXT NOT NULL UNIQUE, -- short, for people: "WER-7K3M-Q9XT"
  controller      TEXT NOT NULL,        -- the company's slug
  type            TEXT NOT NULL,        -- access, rectification, ...
  language        TEXT NOT NULL,        -- the customer's language: nb, da, en
  status          TEXT NOT NULL CHECK (status IN ('unconfirmed', 'confirmed', 'delivered', 'handled')),
  form            TEXT,                 -- the validated form as JSON; NULL once erased
  confirm_hash    TEXT,                 -- SHA-256 of the confirmation token
  code_hash       TEXT,                 -- SHA-256 of the short code
  code_attempts   INTEGER NOT NULL DEFAULT 0,
  submitted_at    TEXT NOT NULL,
  expires_at      TEXT NOT NULL,        -- unconfirmed requests are deleted after this
  confirmed_at    TEXT,
  due_by          TEXT,                 -- YYYY-MM-DD, GDPR art. 12(3)
  extended_to     TEXT,                 -- YYYY-MM-DD when the company extended the deadline
  handled_at      TEXT,
  key_id          TEXT,                 -- the signing key
  document        BLOB,                 -- request.json exactly as signed; NULL once erased
  signature       BLOB,                 -- 64-byte Ed25519 signature of document
  document_sha256 TEXT,                 -- kept after erasure, to prove what was sent
  delivered_at    TEXT,
  erased_at       TEXT
);
CREATE INDEX requests_expiry ON requests (status, expires_at);
CREATE INDEX requests_due ON requests (status, due_by);

-- Every message the portal sends, written in the same batch as the state
-- change that causes it, so that none is lost if sending fails: the Cron
-- Trigger retries unsent messages with backoff.
CREATE TABLE mail (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id      TEXT,
  kind            TEXT NOT NULL,        -- confirm, forward, receipt, reminder, extension
  sender          TEXT NOT NULL,
  recipient       TEXT NOT NULL,
  message         BLOB,                 -- the RFC 5322 message; NULL once erased
  created_at      TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  sent_at         TEXT,
  last_error      TEXT
);
CREATE INDEX mail_unsent ON mail (sent_at, next_attempt_at);

-- Fixed-window request counts per client, keyed by a salted hash of the
-- client's address, never the address itself.
CREATE TABLE rate_limits (
  key          TEXT PRIMARY KEY,
  window_start TEXT NOT NULL,
  count        INTEGER NOT NULL
);
