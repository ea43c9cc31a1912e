package d1

import (
	"context"
	"strings"
	"time"

	"privacyportal/app/i18n"
	"privacyportal/functions/cookieconsent"
)

var _ cookieconsent.Store = (*Store)(nil)

func splitList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

// AddCookieChoice records one choice about a company's cookies.
func (s *Store) AddCookieChoice(ctx context.Context, e cookieconsent.Entry) error {
	gpc := 0
	if e.GPC {
		gpc = 1
	}
	_, err := s.db.Batch(ctx, Stmt(`INSERT INTO cookie_consents
		(id, consent_id, controller, granted, refused, policy_version, method, gpc, language, page, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.ConsentID, e.Controller, strings.Join(e.Granted, ","), strings.Join(e.Refused, ","),
		e.Version, e.Method, gpc, string(e.Language), e.Page, ts(e.At)))
	return err
}

// LatestCookieChoice returns a consent id's newest record with a company.
func (s *Store) LatestCookieChoice(ctx context.Context, controller, consentID string) (cookieconsent.Entry, error) {
	rows, err := s.db.Query(ctx, Stmt(`SELECT id, consent_id, controller, granted, refused, policy_version,
		method, gpc, language, page, created_at FROM cookie_consents
		WHERE controller = ? AND consent_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`, controller, consentID))
	if err != nil {
		return cookieconsent.Entry{}, err
	}
	var out []cookieconsent.Entry
	err = rows.each(func(r row) error {
		out = append(out, cookieconsent.Entry{
			ID: r.str("id"), ConsentID: r.str("consent_id"), Controller: r.str("controller"),
			Granted: splitList(r.str("granted")), Refused: splitList(r.str("refused")),
			Version: r.str("policy_version"), Method: r.str("method"), GPC: r.int("gpc") == 1,
			Language: i18n.Lang(r.str("language")), Page: r.str("page"), At: parseTS(r.str("created_at")),
		})
		return r.err
	})
	if err == nil && len(out) == 0 {
		return cookieconsent.Entry{}, cookieconsent.ErrNotFound
	}
	if err != nil {
		return cookieconsent.Entry{}, err
	}
	return out[0], nil
}

// EraseCookieChoices deletes records older than a time and returns how
// many.
func (s *Store) EraseCookieChoices(ctx context.Context, before time.Time) (int, error) {
	res, err := s.db.Batch(ctx, Stmt(`DELETE FROM cookie_consents WHERE created_at < ?`, ts(before)))
	if err != nil {
		return 0, err
	}
	return int(res[0].Changes), nil
}
