-- A person is known to a company's marketing by one spelling of their
-- address (app/emailaddr.Normalize: trimmed, ASCII letters in lower case),
-- so that "Kari.N@Example.NO" and "kari.n@example.no" are one person with
-- one set of consents. Before, addresses were matched as typed, and a
-- company could hold one mailbox as two people: a withdrawal or an
-- objection made with one spelling did not reach the consent given with
-- the other. This migration merges such people (same company, addresses
-- equal but for case and surrounding spaces; SQLite's lower() and trim()
-- fold exactly what Normalize folds):
--
--   * the person kept is the first created (the links in the oldest
--     e-mails name it); the others are listed in marketing_people_merged,
--     so that the manage link in every e-mail they were sent still opens
--     the merged person's page;
--   * per channel, the status kept is the most protective: a withdrawal
--     or a reservation wins over a consent, whichever is newer, so a "no"
--     is never lost by the merge (the newest of equals otherwise);
--   * every event is kept, moved to the person and the channel's record
--     kept; where a dropped record's status differed from the one kept, an
--     event "via merge" says what stands now, so that whoever replays the
--     events ends where the current view is;
--   * contact details are the most recently updated ones given.

-- A person id merged away, and the person it became.
CREATE TABLE marketing_people_merged (
  id        TEXT PRIMARY KEY,
  person_id TEXT NOT NULL
);

INSERT INTO marketing_people_merged (id, person_id)
SELECT p.id, k.id
FROM marketing_people p
JOIN marketing_people k ON k.id = (
  SELECT s.id FROM marketing_people s
  WHERE s.controller = p.controller AND lower(trim(s.email)) = lower(trim(p.email))
  ORDER BY s.created_at, s.id LIMIT 1)
WHERE p.id <> k.id;

-- The records of one channel of one merged person that are not kept, and
-- the record that is. Working table, dropped below.
CREATE TABLE marketing_merge_consents (
  id        TEXT PRIMARY KEY,
  winner_id TEXT NOT NULL
);

INSERT INTO marketing_merge_consents (id, winner_id)
SELECT id, winner FROM (
  SELECT c.id,
    row_number() OVER w AS place,
    first_value(c.id) OVER w AS winner
  FROM marketing_consents c
  LEFT JOIN marketing_people_merged m ON m.id = c.person_id
  WINDOW w AS (
    PARTITION BY COALESCE(m.person_id, c.person_id), c.channel
    ORDER BY CASE WHEN c.status IN ('withdrawn', 'reserved') THEN 0 ELSE 1 END, c.updated_at DESC, c.id)
)
WHERE place > 1;

-- Events of dropped records belong to the record kept, and every event of
-- a merged person to the person kept.
UPDATE marketing_events
SET consent_id = (SELECT winner_id FROM marketing_merge_consents w WHERE w.id = marketing_events.consent_id)
WHERE consent_id IN (SELECT id FROM marketing_merge_consents);

UPDATE marketing_events
SET person_id = (SELECT person_id FROM marketing_people_merged m WHERE m.id = marketing_events.person_id)
WHERE person_id IN (SELECT id FROM marketing_people_merged);

-- What stands now, where a dropped record said otherwise.
INSERT INTO marketing_events (controller, consent_id, person_id, channel, event, at, via,
  policy_version, wording_sha256, language, source_page)
SELECT k.controller, k.id, COALESCE(m.person_id, k.person_id), k.channel, k.status,
  strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'merge', k.policy_version, k.wording_sha256, k.language, k.source_page
FROM marketing_consents k
LEFT JOIN marketing_people_merged m ON m.id = k.person_id
WHERE k.id IN (
  SELECT w.winner_id FROM marketing_merge_consents w
  JOIN marketing_consents d ON d.id = w.id
  WHERE d.status <> k.status);

DELETE FROM marketing_consents WHERE id IN (SELECT id FROM marketing_merge_consents);

UPDATE marketing_consents
SET person_id = (SELECT person_id FROM marketing_people_merged m WHERE m.id = marketing_consents.person_id)
WHERE person_id IN (SELECT id FROM marketing_people_merged);

-- The person kept takes the newest details of the group: the phone number
-- and the postal address (name, street, postal code and city together, as
-- one address) each from the most recently updated person that gave one.
UPDATE marketing_people
SET
  phone = COALESCE((SELECT g.phone FROM marketing_people g
    WHERE g.controller = marketing_people.controller AND lower(trim(g.email)) = lower(trim(marketing_people.email))
      AND g.phone IS NOT NULL ORDER BY g.updated_at DESC, g.id LIMIT 1), phone),
  name = COALESCE((SELECT g.name FROM marketing_people g
    WHERE g.controller = marketing_people.controller AND lower(trim(g.email)) = lower(trim(marketing_people.email))
      AND g.street IS NOT NULL ORDER BY g.updated_at DESC, g.id LIMIT 1), name),
  street = COALESCE((SELECT g.street FROM marketing_people g
    WHERE g.controller = marketing_people.controller AND lower(trim(g.email)) = lower(trim(marketing_people.email))
      AND g.street IS NOT NULL ORDER BY g.updated_at DESC, g.id LIMIT 1), street),
  postal_code = COALESCE((SELECT g.postal_code FROM marketing_people g
    WHERE g.controller = marketing_people.controller AND lower(trim(g.email)) = lower(trim(marketing_people.email))
      AND g.street IS NOT NULL ORDER BY g.updated_at DESC, g.id LIMIT 1), postal_code),
  city = COALESCE((SELECT g.city FROM marketing_people g
    WHERE g.controller = marketing_people.controller AND lower(trim(g.email)) = lower(trim(marketing_people.email))
      AND g.street IS NOT NULL ORDER BY g.updated_at DESC, g.id LIMIT 1), city),
  language = (SELECT g.language FROM marketing_people g
    WHERE g.controller = marketing_people.controller AND lower(trim(g.email)) = lower(trim(marketing_people.email))
    ORDER BY g.updated_at DESC, g.id LIMIT 1),
  updated_at = (SELECT MAX(g.updated_at) FROM marketing_people g
    WHERE g.controller = marketing_people.controller AND lower(trim(g.email)) = lower(trim(marketing_people.email)))
WHERE id IN (SELECT person_id FROM marketing_people_merged);

DELETE FROM marketing_people WHERE id IN (SELECT id FROM marketing_people_merged);

UPDATE marketing_people SET email = lower(trim(email)) WHERE email <> lower(trim(email));

DROP TABLE marketing_merge_consents;

-- A confirmed withdrawal of consent or objection (app/marketingconsent.ByRequest)
-- is recorded in marketing once; this is the mark that it was. Until it is
-- there, the schedule applies the request again, and its personal data is
-- not erased: an objection is never lost to a failed write.
CREATE TABLE marketing_request_effects (
  request_id TEXT PRIMARY KEY,
  controller TEXT NOT NULL,
  applied_at TEXT NOT NULL
);

-- What the schedule looks for: confirmed requests of those types.
CREATE INDEX requests_in_marketing ON requests (confirmed_at)
  WHERE type IN ('withdraw_consent', 'objection') AND erased_at IS NULL;
