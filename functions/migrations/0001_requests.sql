-- Data-subject requests, from the customer's form to the company's inbox.
-- Times are RFC 3339 in UTC; dates are YYYY-MM-DD. Personal data lives only
-- in requests.form, requests.document, requests.signature and mail.message,
-- mail.recipient; it is deleted a set time after delivery (see
-- functions/requests), leaving the bare record of who was asked what, when,
-- and a hash of what was sent.
CREATE TABLE requests (
  id              TEXT PRIMARY KEY,     -- 32 hex digits, random
  reference       TEXT NOT NULL UNIQUE, -- short, for people: "K7M3-Q9XT"
  controller      TEXT NOT NULL,        -- the company's slug
  type            TEXT NOT NULL,        -- access, rectification, ...
  language        TEXT NOT NULL,        -- the customer's language: nb, da, en
  status          TEXT NOT NULL CHECK (status IN ('unconfirmed', 'confirmed', 'delivered', 'handled')),
  form            TEXT,                 -- the validated form as JSON; NULL once erased
  confirm_hash    TEXT,                 -- SHA-256 of the confirmation link's token
  code_hash       TEXT,                 -- SHA-256 of the short code
  code_attempts   INTEGER NOT NULL DEFAULT 0,
  submitted_at    TEXT NOT NULL,
  expires_at      TEXT NOT NULL,        -- an unconfirmed request is deleted after this
  confirmed_at    TEXT,
  due_by          TEXT NOT NULL,        -- one month after submission, GDPR art. 12(3)
  extended_to     TEXT,                 -- set when the company extends the deadline
  handled_at      TEXT,
  key_id          TEXT,                 -- the key that signed document
  document        BLOB,                 -- request.json exactly as signed; NULL once erased
  signature       BLOB,                 -- 64-byte Ed25519 signature of document
  document_sha256 TEXT,                 -- kept after erasure, to prove what was sent
  delivered_at    TEXT,
  erased_at       TEXT
);
CREATE INDEX requests_expiry ON requests (status, expires_at);
CREATE INDEX requests_open ON requests (status, due_by);
CREATE INDEX requests_erasure ON requests (erased_at, delivered_at);

-- Every message the portal sends, written in the same batch as the change
-- that causes it, so that none is lost when sending fails: the Cron Trigger
-- retries unsent messages with backoff. A message is claimed before it is
-- sent (next_attempt_at moves past a lease), so two Workers never send the
-- same one at once.
CREATE TABLE mail (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id      TEXT NOT NULL,
  kind            TEXT NOT NULL,        -- confirm, forward, receipt, reminder-7, reminder-due, extension
  recipient       TEXT,                 -- NULL once erased
  message         BLOB,                 -- the RFC 5322 message; NULL once sent
  created_at      TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  sent_at         TEXT,
  last_error      TEXT                  -- the binding's error, never message content
);
-- Each kind of message goes out once per request.
CREATE UNIQUE INDEX mail_once ON mail (request_id, kind);
CREATE INDEX mail_unsent ON mail (sent_at, next_attempt_at);

-- Fixed-window counts of submissions per client, keyed by a keyed hash of
-- the client's address and the company, never the address itself.
CREATE TABLE rate_limits (
  key          TEXT PRIMARY KEY,
  window_start TEXT NOT NULL,
  count        INTEGER NOT NULL
);
