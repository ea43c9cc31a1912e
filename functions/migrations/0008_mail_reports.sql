-- A mail service may accept a message and report later that it could not
-- be delivered (the recipient's server refused it) or that its reader
-- marked it as spam. Its report names the message by its Message-ID
-- (Mailgun) or by the service's own id (Cloudflare); the Message-ID the
-- outbox records when it first claims the message (before sending, so
-- a report that arrives before the message is marked sent still finds it).
-- The report then takes the path of a refusal at send time: failed_at is
-- set, and a request whose message to the company it was goes back from
-- delivered to confirmed (see functions/outbox, functions/requests).
--
-- Confirmation tokens and codes (requests.confirm_hash, code_hash) are from
-- this release on keyed hashes under LINK_KEY with the key's id in front
-- (functions/requests, proves); rows of the unkeyed SHA-256 from before are
-- at most 48 hours old and are taken only until they expire. The columns
-- keep their names.
--
-- This migration only adds: a column, an index and a table of its own, so
-- it applies after any 0007 that does not touch these names.
ALTER TABLE mail ADD COLUMN message_id TEXT;
CREATE INDEX mail_by_message_id ON mail (message_id) WHERE message_id IS NOT NULL;
-- The mail service's own id of a message it accepted, where it gives one
-- (the send_email binding's messageId), by which Cloudflare Email Service's
-- events name it.
ALTER TABLE mail ADD COLUMN service_id TEXT;
CREATE INDEX mail_by_service_id ON mail (service_id) WHERE service_id IS NOT NULL;

-- The tokens of signed webhooks already taken (Mailgun's token, 50
-- characters it chose), each until its webhook would be refused as stale
-- anyway: a token seen twice is a replay. Nothing personal.
CREATE TABLE webhook_tokens (
  token      TEXT PRIMARY KEY,
  expires_at TEXT NOT NULL
);
CREATE INDEX webhook_tokens_expiry ON webhook_tokens (expires_at);
