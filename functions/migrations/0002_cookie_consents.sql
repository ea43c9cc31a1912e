-- Each choice a visitor makes about a company's optional cookies, kept as
-- proof of consent (and of refusal). No IP address or other identifier is
-- stored but the consent id, a random value the visitor's browser keeps in
-- the consent cookie. Records are deleted three years after they were made.
CREATE TABLE cookie_consents (
  id             TEXT PRIMARY KEY,   -- the record (and its receipt) id, random
  consent_id     TEXT NOT NULL,      -- the same for one browser's choices
  controller     TEXT NOT NULL,
  granted        TEXT NOT NULL,      -- comma-separated categories
  refused        TEXT NOT NULL,
  policy_version TEXT NOT NULL,
  method         TEXT NOT NULL CHECK (method IN ('accept', 'reject', 'save', 'gpc', 'withdraw')),
  gpc            INTEGER NOT NULL,   -- 1 if the browser sent Global Privacy Control
  language       TEXT,
  page           TEXT,
  created_at     TEXT NOT NULL
);
CREATE INDEX cookie_consents_by_consent ON cookie_consents (controller, consent_id, created_at);
CREATE INDEX cookie_consents_by_day ON cookie_consents (controller, created_at);
