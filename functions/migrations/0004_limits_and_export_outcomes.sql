-- One table for every limit (functions/limit): a row per rule, subject and
-- window, so a count never touches another key's or another window's row.
-- key is a keyed hash of the rule and its subject (a company and a client's
-- network, or an e-mail address), never the subject itself. Rows are
-- deleted by the schedule once their window has ended.
DROP TABLE rate_limits;
CREATE TABLE rate_limits (
  key          TEXT NOT NULL,
  window_start TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  count        INTEGER NOT NULL,
  PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_limits_expiry ON rate_limits (expires_at);

-- Every export is logged, finished or not: complete, failed (the database
-- or the writer failed), cancelled (the client left) or timed_out.
ALTER TABLE export_log ADD COLUMN outcome TEXT NOT NULL DEFAULT 'complete';
