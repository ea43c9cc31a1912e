-- A message the mail service refused for good (the recipient is invalid or
-- suppressed) is not retried: failed_at records when it was given up, and
-- its content is dropped like a sent message's. The schedule drains due
-- messages oldest due first (an owner's are found by mail_once).
ALTER TABLE mail ADD COLUMN failed_at TEXT;
DROP INDEX IF EXISTS mail_unsent;
CREATE INDEX mail_due ON mail (next_attempt_at, id) WHERE sent_at IS NULL AND failed_at IS NULL;
