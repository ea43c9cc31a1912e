-- Marketing consent per channel, with double opt-in. A person is known to a
-- company by e-mail address; their channels each have one current status
-- (granted, withdrawn, reserved) and a history of events. Withdrawn and
-- reserved entries are kept: they are what stops a company contacting the
-- person again (the suppression list).
CREATE TABLE marketing_people (
  id          TEXT PRIMARY KEY,       -- random; in the links of every e-mail
  controller  TEXT NOT NULL,
  email       TEXT NOT NULL,
  phone       TEXT,                   -- E.164, when a channel needs it
  name        TEXT,                   -- for post
  street      TEXT,
  postal_code TEXT,
  city        TEXT,
  language    TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  UNIQUE (controller, email)
);

-- Opt-ins waiting for the e-mail's confirmation: nothing counts until then.
-- Unconfirmed ones are deleted when they expire.
CREATE TABLE marketing_optins (
  id             TEXT PRIMARY KEY,
  controller     TEXT NOT NULL,
  form           TEXT NOT NULL,       -- the normalized form, JSON
  wordings       TEXT NOT NULL,       -- what was shown, JSON {channel: text}
  policy_version TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  expires_at     TEXT NOT NULL,
  used_at        TEXT
);
CREATE INDEX marketing_optins_expiry ON marketing_optins (expires_at);

CREATE TABLE marketing_consents (
  id             TEXT PRIMARY KEY,    -- the consent id in exports
  controller     TEXT NOT NULL,
  person_id      TEXT NOT NULL,
  channel        TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'phone', 'post')),
  status         TEXT NOT NULL CHECK (status IN ('granted', 'withdrawn', 'reserved')),
  purposes       TEXT NOT NULL,       -- the company's purposes for the channel
  lawful_basis   TEXT NOT NULL,       -- consent (GDPR art. 6(1)(a)) or reservation
  opted_in_at    TEXT,
  confirmed_at   TEXT,
  withdrawn_at   TEXT,
  policy_version TEXT NOT NULL,
  wording_sha256 TEXT NOT NULL,       -- the exact text (marketing_wordings)
  language       TEXT NOT NULL,
  source_page    TEXT,
  updated_at     TEXT NOT NULL,
  UNIQUE (controller, person_id, channel)
);
CREATE INDEX marketing_consents_export ON marketing_consents (controller, updated_at);

CREATE TABLE marketing_events (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  controller     TEXT NOT NULL,
  consent_id     TEXT NOT NULL,
  person_id      TEXT NOT NULL,
  channel        TEXT NOT NULL,
  event          TEXT NOT NULL CHECK (event IN ('granted', 'withdrawn', 'reserved')),
  at             TEXT NOT NULL,
  via            TEXT NOT NULL,       -- form, link (manage page), request (a data-subject request)
  policy_version TEXT NOT NULL,
  wording_sha256 TEXT NOT NULL,
  language       TEXT NOT NULL,
  source_page    TEXT
);
CREATE INDEX marketing_events_export ON marketing_events (controller, at);

-- Every wording anyone consented to, by its hash: the proof of what they saw.
CREATE TABLE marketing_wordings (
  sha256   TEXT PRIMARY KEY,
  language TEXT NOT NULL,
  text     TEXT NOT NULL
);

-- Every export: who (which company), when, with what filter, how many rows.
-- No personal data.
CREATE TABLE export_log (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  controller TEXT NOT NULL,
  at         TEXT NOT NULL,
  kind       TEXT NOT NULL,
  filter     TEXT NOT NULL,
  rows       INTEGER NOT NULL
);
