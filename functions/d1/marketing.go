package d1

import (
	"context"
	"encoding/json"
	"time"

	"privacyportal/app/i18n"
	appmarketingconsent "privacyportal/app/marketingconsent"
	apprequests "privacyportal/app/requests"
	"privacyportal/functions/marketingconsent"
	"privacyportal/functions/outbox"
)

var _ marketingconsent.Store = (*Store)(nil)

// CreateOptIn stores an opt-in and its confirmation mail at once.
func (s *Store) CreateOptIn(ctx context.Context, o marketingconsent.OptIn, confirm outbox.Mail) error {
	form, err := json.Marshal(o.Form)
	if err != nil {
		return err
	}
	wordings, err := json.Marshal(o.Wordings)
	if err != nil {
		return err
	}
	_, err = s.db.Batch(ctx,
		Stmt(`INSERT INTO marketing_optins (id, controller, form, wordings, policy_version, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, o.ID, o.Controller, string(form), string(wordings), o.PolicyVersion,
			ts(o.CreatedAt), ts(o.ExpiresAt)),
		mailStmt(confirm, o.CreatedAt),
	)
	return err
}

// GetOptIn returns an opt-in.
func (s *Store) GetOptIn(ctx context.Context, id string) (marketingconsent.OptIn, error) {
	rows, err := s.db.Query(ctx, Stmt(`SELECT id, controller, form, wordings, policy_version, created_at, expires_at, used_at
		FROM marketing_optins WHERE id = ?`, id))
	if err != nil {
		return marketingconsent.OptIn{}, err
	}
	var out []marketingconsent.OptIn
	err = rows.each(func(r row) error {
		o := marketingconsent.OptIn{
			ID: r.str("id"), Controller: r.str("controller"), PolicyVersion: r.str("policy_version"),
			CreatedAt: parseTS(r.str("created_at")), ExpiresAt: parseTS(r.str("expires_at")), UsedAt: parseTS(r.str("used_at")),
		}
		if err := json.Unmarshal([]byte(r.str("form")), &o.Form); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(r.str("wordings")), &o.Wordings); err != nil {
			return err
		}
		out = append(out, o)
		return r.err
	})
	if err != nil {
		return marketingconsent.OptIn{}, err
	}
	if len(out) == 0 {
		return marketingconsent.OptIn{}, marketingconsent.ErrNotFound
	}
	return out[0], nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// ConfirmOptIn records a confirmation in one batch. The first statement
// marks the opt-in used; every other statement runs only if that one did
// (it selects from the opt-in as marked at this very time), so a second
// confirmation changes nothing.
func (s *Store) ConfirmOptIn(ctx context.Context, c marketingconsent.Confirmation) (bool, error) {
	at := ts(c.At)
	guard := `EXISTS (SELECT 1 FROM marketing_optins WHERE id = ? AND used_at = ?)`
	p := c.Person
	stmts := []Statement{
		Stmt(`UPDATE marketing_optins SET used_at = ? WHERE id = ? AND used_at IS NULL AND expires_at > ?`, at, c.OptIn.ID, at),
		Stmt(`INSERT INTO marketing_people (id, controller, email, phone, name, street, postal_code, city, language, created_at, updated_at)
			SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE `+guard+`
			ON CONFLICT (controller, email) DO UPDATE SET
				phone = COALESCE(excluded.phone, phone), name = COALESCE(excluded.name, name),
				street = COALESCE(excluded.street, street), postal_code = COALESCE(excluded.postal_code, postal_code),
				city = COALESCE(excluded.city, city), language = excluded.language, updated_at = excluded.updated_at`,
			p.ID, p.Controller, p.Email, nullable(p.Phone), nullable(p.Name), nullable(p.Street), nullable(p.PostalCode),
			nullable(p.City), string(p.Language), at, at, c.OptIn.ID, at),
	}
	person := `(SELECT id FROM marketing_people WHERE controller = ? AND email = ?)`
	for hash, text := range c.Wordings {
		stmts = append(stmts, Stmt(`INSERT OR IGNORE INTO marketing_wordings (sha256, language, text)
			SELECT ?, ?, ? WHERE `+guard, hash, string(c.OptIn.Form.Language), text, c.OptIn.ID, at))
	}
	for _, k := range c.Consents {
		stmts = append(stmts,
			Stmt(`INSERT INTO marketing_consents (id, controller, person_id, channel, status, purposes, lawful_basis,
				opted_in_at, confirmed_at, withdrawn_at, policy_version, wording_sha256, language, source_page, updated_at)
				SELECT ?, ?, `+person+`, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ? WHERE `+guard+`
				ON CONFLICT (controller, person_id, channel) DO UPDATE SET
					status = excluded.status, purposes = excluded.purposes, lawful_basis = excluded.lawful_basis,
					opted_in_at = excluded.opted_in_at, confirmed_at = excluded.confirmed_at, withdrawn_at = NULL,
					policy_version = excluded.policy_version, wording_sha256 = excluded.wording_sha256,
					language = excluded.language, source_page = excluded.source_page, updated_at = excluded.updated_at`,
				k.ID, p.Controller, p.Controller, p.Email, k.Channel, k.Status, k.Purposes, k.LawfulBasis,
				ts(k.OptedInAt), ts(k.ConfirmedAt), k.PolicyVersion, k.WordingSHA256, string(k.Language),
				nullable(k.SourcePage), at, c.OptIn.ID, at),
			Stmt(`INSERT INTO marketing_events (controller, consent_id, person_id, channel, event, at, via,
				policy_version, wording_sha256, language, source_page)
				SELECT c.controller, c.id, c.person_id, c.channel, ?, ?, ?, ?, ?, ?, ?
				FROM marketing_consents c WHERE c.controller = ? AND c.person_id = `+person+` AND c.channel = ? AND `+guard,
				k.Status, at, marketingconsent.ViaForm, k.PolicyVersion, k.WordingSHA256, string(k.Language),
				nullable(k.SourcePage), p.Controller, p.Controller, p.Email, k.Channel, c.OptIn.ID, at),
		)
	}
	r := c.Receipt
	stmts = append(stmts, Stmt(`INSERT OR IGNORE INTO mail (request_id, kind, recipient, message, created_at, next_attempt_at)
		SELECT ?, ?, ?, ?, ?, ? WHERE `+guard, r.OwnerID, r.Kind, r.Recipient, r.Message, at, at, c.OptIn.ID, at))
	res, err := s.db.Batch(ctx, stmts...)
	if err != nil {
		return false, err
	}
	return res[0].Changes == 1, nil
}

const personColumns = `id, controller, email, phone, name, street, postal_code, city, language`

func readPerson(r row) marketingconsent.Person {
	return marketingconsent.Person{
		ID: r.str("id"), Controller: r.str("controller"), Email: r.str("email"), Phone: r.str("phone"),
		Name: r.str("name"), Street: r.str("street"), PostalCode: r.str("postal_code"), City: r.str("city"),
		Language: i18n.Lang(r.str("language")),
	}
}

func (s *Store) person(ctx context.Context, st Statement) (marketingconsent.Person, error) {
	rows, err := s.db.Query(ctx, st)
	if err != nil {
		return marketingconsent.Person{}, err
	}
	var out []marketingconsent.Person
	err = rows.each(func(r row) error { out = append(out, readPerson(r)); return r.err })
	if err != nil {
		return marketingconsent.Person{}, err
	}
	if len(out) == 0 {
		return marketingconsent.Person{}, marketingconsent.ErrNotFound
	}
	return out[0], nil
}

// PersonByEmail returns a company's person by e-mail address.
func (s *Store) PersonByEmail(ctx context.Context, controller, email string) (marketingconsent.Person, error) {
	return s.person(ctx, Stmt(`SELECT `+personColumns+` FROM marketing_people WHERE controller = ? AND email = ?`, controller, email))
}

// GetPerson returns a person by id, or the person an id was merged into
// (marketing_people_merged): old e-mails' links name the id they were
// sent for.
func (s *Store) GetPerson(ctx context.Context, id string) (marketingconsent.Person, error) {
	return s.person(ctx, Stmt(`SELECT `+personColumns+` FROM marketing_people
		WHERE id = COALESCE((SELECT person_id FROM marketing_people_merged WHERE id = ?), ?)`, id, id))
}

// Consents returns a person's channels.
func (s *Store) Consents(ctx context.Context, personID string) ([]marketingconsent.Consent, error) {
	rows, err := s.db.Query(ctx, Stmt(`SELECT id, channel, status, purposes, lawful_basis, opted_in_at, confirmed_at,
		withdrawn_at, policy_version, wording_sha256, language, source_page, updated_at
		FROM marketing_consents WHERE person_id = ? ORDER BY channel`, personID))
	if err != nil {
		return nil, err
	}
	var out []marketingconsent.Consent
	err = rows.each(func(r row) error {
		out = append(out, marketingconsent.Consent{
			ID: r.str("id"), Channel: r.str("channel"), Status: r.str("status"), Purposes: r.str("purposes"),
			LawfulBasis: r.str("lawful_basis"), OptedInAt: parseTS(r.str("opted_in_at")),
			ConfirmedAt: parseTS(r.str("confirmed_at")), WithdrawnAt: parseTS(r.str("withdrawn_at")),
			PolicyVersion: r.str("policy_version"), WordingSHA256: r.str("wording_sha256"),
			Language: i18n.Lang(r.str("language")), SourcePage: r.str("source_page"), UpdatedAt: parseTS(r.str("updated_at")),
		})
		return r.err
	})
	return out, err
}

// Withdraw withdraws a person's granted channels (those given, or all),
// recording an event for each, at once.
func (s *Store) Withdraw(ctx context.Context, personID string, channels []string, at time.Time, via string) (int, error) {
	filter, args := "", []any{}
	if len(channels) > 0 {
		filter = " AND channel IN (" + placeholders(len(channels)) + ")"
		for _, ch := range channels {
			args = append(args, ch)
		}
	}
	which := `person_id = ? AND status = '` + appmarketingconsent.StatusGranted + `'` + filter
	res, err := s.db.Batch(ctx,
		Stmt(`INSERT INTO marketing_events (controller, consent_id, person_id, channel, event, at, via,
			policy_version, wording_sha256, language, source_page)
			SELECT controller, id, person_id, channel, 'withdrawn', ?, ?, policy_version, wording_sha256, language, source_page
			FROM marketing_consents WHERE `+which, append([]any{ts(at), via, personID}, args...)...),
		Stmt(`UPDATE marketing_consents SET status = 'withdrawn', withdrawn_at = ?, updated_at = ? WHERE `+which,
			append([]any{ts(at), ts(at), personID}, args...)...),
	)
	if err != nil {
		return 0, err
	}
	return int(res[1].Changes), nil
}

func placeholders(n int) string {
	b := make([]byte, 0, 2*n)
	for i := 0; i < n; i++ {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '?')
	}
	return string(b)
}

// ExpireOptIns deletes opt-ins never confirmed, and their mail.
func (s *Store) ExpireOptIns(ctx context.Context, now time.Time) (int, error) {
	res, err := s.db.Batch(ctx,
		Stmt(`DELETE FROM mail WHERE request_id IN (SELECT id FROM marketing_optins WHERE used_at IS NULL AND expires_at <= ?)`, ts(now)),
		Stmt(`DELETE FROM marketing_optins WHERE used_at IS NULL AND expires_at <= ?`, ts(now)),
		// A used opt-in's form is no longer needed: what counts is recorded.
		// Nor is the record of its sent mail, which holds the address.
		Stmt(`DELETE FROM marketing_optins WHERE used_at IS NOT NULL AND used_at <= ?`, ts(now.Add(-appmarketingconsent.KeptAfterUse))),
		Stmt(`DELETE FROM mail WHERE kind LIKE 'marketing-%' AND sent_at IS NOT NULL AND sent_at <= ?`, ts(now.Add(-appmarketingconsent.KeptAfterUse))),
	)
	if err != nil {
		return 0, err
	}
	return int(res[1].Changes), nil
}

// ApplyRequest stores what a request changes in marketing in one batch,
// with the mark that it is stored: the person (by address), the
// withdrawal of every consent granted before the request, each with its
// event, and the records of the channels that had none, each with its
// event. A channel that has a record keeps it (ON CONFLICT DO NOTHING,
// and the event is selected by the new record's id, so none is written
// for a record not made); a consent already withdrawn is not withdrawn
// again. So a second run changes nothing, whoever runs it.
func (s *Store) ApplyRequest(ctx context.Context, r marketingconsent.RequestRecord) (marketingconsent.Applied, error) {
	at := ts(r.At)
	var stmts []Statement
	withdrawn := -1
	var made []int
	if p := r.Person; p.Email != "" {
		stmts = append(stmts, Stmt(`INSERT INTO marketing_people (id, controller, email, phone, name, language, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (controller, email) DO UPDATE SET
				phone = COALESCE(phone, excluded.phone), name = COALESCE(name, excluded.name), updated_at = excluded.updated_at`,
			p.ID, r.Controller, p.Email, nullable(p.Phone), nullable(p.Name), string(p.Language), at, at))
		person := `(SELECT id FROM marketing_people WHERE controller = ? AND email = ?)`
		which := `controller = ? AND person_id = ` + person + ` AND status = '` + appmarketingconsent.StatusGranted + `' AND confirmed_at <= ?`
		whichArgs := []any{r.Controller, r.Controller, p.Email, ts(r.Before)}
		stmts = append(stmts,
			Stmt(`INSERT INTO marketing_events (controller, consent_id, person_id, channel, event, at, via,
				policy_version, wording_sha256, language, source_page)
				SELECT controller, id, person_id, channel, 'withdrawn', ?, ?, policy_version, wording_sha256, language, source_page
				FROM marketing_consents WHERE `+which, append([]any{at, marketingconsent.ViaRequest}, whichArgs...)...),
			Stmt(`UPDATE marketing_consents SET status = 'withdrawn', withdrawn_at = ?, updated_at = ? WHERE `+which,
				append([]any{ts(r.Before), at}, whichArgs...)...),
		)
		withdrawn = len(stmts) - 1
		for hash, text := range r.Wordings {
			stmts = append(stmts, Stmt(`INSERT OR IGNORE INTO marketing_wordings (sha256, language, text) VALUES (?, ?, ?)`,
				hash, string(p.Language), text))
		}
		for _, k := range r.Consents {
			if k.Status == appmarketingconsent.StatusReserved {
				// An objection reaches a channel the person had consented
				// to as well: the consent, just withdrawn above (or before),
				// becomes the objection's reservation, so that the record
				// says why the company may not even use the channels the
				// law otherwise leaves open (telephone and post in Norway).
				// What the person did after the request stands: a consent
				// given later, or withdrawn later (updated after the
				// request's confirmation, other than just now).
				stmts = append(stmts,
					Stmt(`UPDATE marketing_consents SET status = ?, lawful_basis = ?, confirmed_at = ?, policy_version = ?,
						wording_sha256 = ?, language = ?, source_page = ?, updated_at = ?
						WHERE controller = ? AND person_id = `+person+` AND channel = ? AND status = '`+appmarketingconsent.StatusWithdrawn+`'
							AND (updated_at = ? OR updated_at <= ?)`,
						k.Status, k.LawfulBasis, ts(k.ConfirmedAt), k.PolicyVersion, k.WordingSHA256, string(k.Language),
						nullable(k.SourcePage), at, r.Controller, r.Controller, p.Email, k.Channel, at, ts(r.Before)))
				made = append(made, len(stmts)-1)
				stmts = append(stmts, Stmt(`INSERT INTO marketing_events (controller, consent_id, person_id, channel, event, at, via,
					policy_version, wording_sha256, language, source_page)
					SELECT controller, id, person_id, channel, status, ?, ?, policy_version, wording_sha256, language, source_page
					FROM marketing_consents WHERE controller = ? AND person_id = `+person+` AND channel = ? AND status = ? AND updated_at = ?`,
					at, marketingconsent.ViaRequest, r.Controller, r.Controller, p.Email, k.Channel, k.Status, at))
			}
			stmts = append(stmts,
				Stmt(`INSERT INTO marketing_consents (id, controller, person_id, channel, status, purposes, lawful_basis,
					opted_in_at, confirmed_at, withdrawn_at, policy_version, wording_sha256, language, source_page, updated_at)
					SELECT ?, ?, `+person+`, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ? WHERE true
					ON CONFLICT (controller, person_id, channel) DO NOTHING`,
					k.ID, r.Controller, r.Controller, p.Email, k.Channel, k.Status, k.Purposes, k.LawfulBasis,
					ts(k.ConfirmedAt), ts(k.WithdrawnAt), k.PolicyVersion, k.WordingSHA256, string(k.Language),
					nullable(k.SourcePage), at))
			made = append(made, len(stmts)-1)
			stmts = append(stmts, Stmt(`INSERT INTO marketing_events (controller, consent_id, person_id, channel, event, at, via,
				policy_version, wording_sha256, language, source_page)
				SELECT controller, id, person_id, channel, status, ?, ?, policy_version, wording_sha256, language, source_page
				FROM marketing_consents WHERE id = ?`, at, marketingconsent.ViaRequest, k.ID))
		}
	}
	stmts = append(stmts, Stmt(`INSERT OR IGNORE INTO marketing_request_effects (request_id, controller, applied_at) VALUES (?, ?, ?)`,
		r.RequestID, r.Controller, at))
	res, err := s.db.Batch(ctx, stmts...)
	if err != nil {
		return marketingconsent.Applied{}, err
	}
	var a marketingconsent.Applied
	if withdrawn >= 0 {
		a.Withdrawn = int(res[withdrawn].Changes)
	}
	for _, i := range made {
		a.Recorded += int(res[i].Changes)
	}
	return a, nil
}

// requestTypesInMarketing are the request types ByRequest may give an
// effect, as SQL: the requests PendingRequests returns, and those Erase
// keeps until they are recorded.
const requestTypesInMarketing = `('` + apprequests.TypeWithdrawConsent + `', '` + apprequests.TypeObjection + `')`

// PendingRequests returns confirmed requests of the types that concern
// marketing whose record is not marked stored, oldest first.
func (s *Store) PendingRequests(ctx context.Context, limit int) ([]marketingconsent.Request, error) {
	recs, err := s.records(ctx, Stmt(`SELECT `+recordColumns+` FROM requests r
		WHERE type IN `+requestTypesInMarketing+` AND status <> 'unconfirmed' AND erased_at IS NULL AND form IS NOT NULL
			AND NOT EXISTS (SELECT 1 FROM marketing_request_effects e WHERE e.request_id = r.id)
		ORDER BY confirmed_at, id LIMIT ?`, limit))
	if err != nil {
		return nil, err
	}
	out := make([]marketingconsent.Request, len(recs))
	for i, rec := range recs {
		out[i] = marketingconsent.Request{
			ID: rec.ID, Controller: rec.Controller, Type: rec.Type, ObjectionScope: rec.Form.ObjectionScope,
			Email: rec.Form.Email, Name: rec.Form.Name, Phone: rec.Form.Phone, Language: rec.Language,
			ConfirmedAt: rec.ConfirmedAt,
		}
	}
	return out, nil
}
