package d1

import (
	"context"
	"strings"
	"time"

	"privacyportal/functions/exports"
)

var _ exports.Store = (*Store)(nil)

func exportFilter(f exports.Filter, timeColumn string) (string, []any) {
	where := []string{"c.controller = ?"}
	args := []any{f.Controller}
	if !f.Since.IsZero() {
		where = append(where, timeColumn+" >= ?")
		args = append(args, ts(f.Since))
	}
	if f.Status != "" {
		where = append(where, "c.status = ?")
		args = append(args, f.Status)
	}
	if f.Suppressed {
		where = append(where, "c.status IN ('withdrawn', 'reserved')")
	}
	if f.Channel != "" {
		where = append(where, "c.channel = ?")
		args = append(args, f.Channel)
	}
	return strings.Join(where, " AND "), args
}

const exportPerson = `p.email, p.phone, p.name, p.street, p.postal_code, p.city`

func readExportRow(r row) exports.Row {
	return exports.Row{
		Seq: r.int("seq"), Event: r.str("event"), At: parseTS(r.str("at")), Via: r.str("via"),
		ConsentID: r.str("consent_id"), Email: r.str("email"), Phone: r.str("phone"), Name: r.str("name"),
		Street: r.str("street"), PostalCode: r.str("postal_code"), City: r.str("city"), Channel: r.str("channel"),
		Purposes: r.str("purposes"), Status: r.str("status"), LawfulBasis: r.str("lawful_basis"),
		OptedInAt: parseTS(r.str("opted_in_at")), ConfirmedAt: parseTS(r.str("confirmed_at")),
		WithdrawnAt: parseTS(r.str("withdrawn_at")), PolicyVersion: r.str("policy_version"),
		WordingSHA256: r.str("wording_sha256"), Language: r.str("language"), SourcePage: r.str("source_page"),
		UpdatedAt: parseTS(r.str("updated_at")),
	}
}

func (s *Store) exportRows(ctx context.Context, st Statement) ([]exports.Row, error) {
	rows, err := s.db.Query(ctx, st)
	if err != nil {
		return nil, err
	}
	out := make([]exports.Row, 0, len(rows.Values))
	err = rows.each(func(r row) error { out = append(out, readExportRow(r)); return r.err })
	return out, err
}

// CurrentPage returns current statuses in rowid order after a position.
func (s *Store) CurrentPage(ctx context.Context, f exports.Filter, after int64, limit int) ([]exports.Row, error) {
	where, args := exportFilter(f, "c.updated_at")
	args = append(args, after, limit)
	return s.exportRows(ctx, Stmt(`SELECT c.rowid AS seq, c.id AS consent_id, `+exportPerson+`, c.channel, c.purposes,
		c.status, c.lawful_basis, c.opted_in_at, c.confirmed_at, c.withdrawn_at, c.policy_version, c.wording_sha256,
		c.language, c.source_page, c.updated_at
		FROM marketing_consents c JOIN marketing_people p ON p.id = c.person_id
		WHERE `+where+` AND c.rowid > ? ORDER BY c.rowid LIMIT ?`, args...))
}

// EventsPage returns events in order after a position.
func (s *Store) EventsPage(ctx context.Context, f exports.Filter, after int64, limit int) ([]exports.Row, error) {
	where, args := exportFilter(exports.Filter{Controller: f.Controller, Since: f.Since, Channel: f.Channel}, "c.at")
	if f.Status != "" {
		where += " AND c.event = ?"
		args = append(args, f.Status)
	}
	args = append(args, after, limit)
	return s.exportRows(ctx, Stmt(`SELECT c.seq, c.event, c.at, c.via, c.consent_id, `+exportPerson+`, c.channel,
		k.purposes, c.event AS status, k.lawful_basis, c.policy_version, c.wording_sha256, c.language, c.source_page
		FROM marketing_events c JOIN marketing_people p ON p.id = c.person_id
		JOIN marketing_consents k ON k.id = c.consent_id
		WHERE `+where+` AND c.seq > ? ORDER BY c.seq LIMIT ?`, args...))
}

// CookieDays counts cookie choices per day and category: each record
// counts once for every category it granted or refused.
func (s *Store) CookieDays(ctx context.Context, controller string, since time.Time) ([]exports.CookieDay, error) {
	// Grouped in SQL by day and choice (few combinations), split into
	// categories here.
	rows, err := s.db.Query(ctx, Stmt(`SELECT substr(created_at, 1, 10) AS day, granted, refused, method, COUNT(*) AS n
		FROM cookie_consents WHERE controller = ? AND created_at >= ?
		GROUP BY day, granted, refused, method ORDER BY day`, controller, since.UTC().Format(timeFormat)))
	if err != nil {
		return nil, err
	}
	type key struct{ day, cat string }
	counts := map[key]*exports.CookieDay{}
	var order []key
	get := func(day, cat string) *exports.CookieDay {
		k := key{day, cat}
		if counts[k] == nil {
			counts[k] = &exports.CookieDay{Day: day, Category: cat}
			order = append(order, k)
		}
		return counts[k]
	}
	err = rows.each(func(r row) error {
		day, n := r.str("day"), int(r.int("n"))
		for _, c := range splitList(r.str("granted")) {
			get(day, c).Granted += n
		}
		for _, c := range splitList(r.str("refused")) {
			d := get(day, c)
			d.Refused += n
			if r.str("method") == "gpc" {
				d.GPC += n
			}
		}
		return r.err
	})
	out := make([]exports.CookieDay, 0, len(order))
	for _, k := range order {
		out = append(out, *counts[k])
	}
	return out, err
}

// LogExport records an export.
func (s *Store) LogExport(ctx context.Context, e exports.LogEntry) error {
	outcome := e.Outcome
	if outcome == "" {
		outcome = "complete"
	}
	_, err := s.db.Batch(ctx, Stmt(`INSERT INTO export_log (controller, at, kind, filter, rows, outcome) VALUES (?, ?, ?, ?, ?, ?)`,
		e.Controller, ts(e.At), e.Kind, e.Filter, e.Rows, outcome))
	return err
}

// Counts returns how many people have each status on each channel.
func (s *Store) Counts(ctx context.Context, controller string) ([]exports.Count, error) {
	rows, err := s.db.Query(ctx, Stmt(`SELECT channel, status, COUNT(*) AS n FROM marketing_consents
		WHERE controller = ? GROUP BY channel, status ORDER BY channel, status`, controller))
	if err != nil {
		return nil, err
	}
	out := []exports.Count{}
	err = rows.each(func(r row) error {
		out = append(out, exports.Count{Channel: r.str("channel"), Status: r.str("status"), N: int(r.int("n"))})
		return r.err
	})
	return out, err
}
