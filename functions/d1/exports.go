package d1

import (
	"context"
	"errors"
	"strings"
	"time"

	"privacyportal/functions/exports"
)

var _ exports.Store = (*Store)(nil)

// exportFilter is the WHERE clause of a page. Pages are read in rowid (or
// seq) order after the last one's position, so the company is matched
// with a unary plus, which keeps SQLite from the (controller, time) index:
// with it, every page read all of the company's rows from the index and
// sorted those after the position (USE TEMP B-TREE FOR ORDER BY), which
// made an export quadratic (100,000 rows: 2.4 s of 8.8). Without it, each
// page is a range of the rowid, read in order, and stops at its limit
// (SEARCH c USING INTEGER PRIMARY KEY (rowid>?)); a whole export reads
// each row of the table at most once, other companies' rows included.
func exportFilter(f exports.Filter, timeColumn string) (string, []any) {
	where := []string{"+c.controller = ?"}
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

// exportColumns are the columns an export row is read from, by field
// (see setExportField); a query leaves out those its view has not.
var exportColumns = [...]string{"seq", "event", "at", "via", "consent_id", "email", "phone", "name", "street",
	"postal_code", "city", "channel", "purposes", "status", "lawful_basis", "opted_in_at", "confirmed_at",
	"withdrawn_at", "policy_version", "wording_sha256", "language", "source_page", "updated_at"}

// exportFields gives each column of a query's answer its field: its
// place in exportColumns, or -1.
func exportFields(columns []string) []int {
	fields := make([]int, len(columns))
	for j, c := range columns {
		fields[j] = -1
		for k, name := range exportColumns {
			if c == name {
				fields[j] = k
				break
			}
		}
	}
	return fields
}

// setExportField sets the text field k (a place in exportColumns) of r.
func setExportField(r *exports.Row, k int, v string) {
	switch k {
	case 1:
		r.Event = v
	case 2:
		r.At = parseStamp(v)
	case 3:
		r.Via = v
	case 4:
		r.ConsentID = v
	case 5:
		r.Email = v
	case 6:
		r.Phone = v
	case 7:
		r.Name = v
	case 8:
		r.Street = v
	case 9:
		r.PostalCode = v
	case 10:
		r.City = v
	case 11:
		r.Channel = v
	case 12:
		r.Purposes = v
	case 13:
		r.Status = v
	case 14:
		r.LawfulBasis = v
	case 15:
		r.OptedInAt = parseStamp(v)
	case 16:
		r.ConfirmedAt = parseStamp(v)
	case 17:
		r.WithdrawnAt = parseStamp(v)
	case 18:
		r.PolicyVersion = v
	case 19:
		r.WordingSHA256 = v
	case 20:
		r.Language = v
	case 21:
		r.SourcePage = v
	case 22:
		r.UpdatedAt = parseStamp(v)
	}
}

// jsonQuerier is a database that can give a query's answer as the JSON
// text of D1's raw({columnNames: true}): Binding. An export reads its
// rows from that text straight into exports.Row (decodeExportRows),
// without a Go value for each of its values.
type jsonQuerier interface {
	queryJSON(ctx context.Context, st Statement) (string, error)
}

// exportRows reads a page of at most limit rows.
func (s *Store) exportRows(ctx context.Context, limit int, st Statement) ([]exports.Row, error) {
	if q, ok := s.db.(jsonQuerier); ok {
		text, err := q.queryJSON(ctx, st)
		if err != nil {
			return nil, err
		}
		rows, err := decodeExportRows(text, limit)
		if !errors.Is(err, errNotPlain) {
			return rows, err
		}
		// A value JSON does not carry as D1 gives it: read the answer
		// as any other.
	}
	rows, err := s.db.Query(ctx, st)
	if err != nil {
		return nil, err
	}
	fields := exportFields(rows.Columns)
	out := make([]exports.Row, len(rows.Values))
	for i, vals := range rows.Values {
		r := &out[i]
		for j, v := range vals {
			k := fields[j]
			switch v := v.(type) {
			case string:
				setExportField(r, k, v)
			case []byte:
				setExportField(r, k, string(v))
			case int64:
				if k == 0 {
					r.Seq = v
				}
			case float64:
				if k == 0 {
					r.Seq = int64(v)
				}
			}
		}
		rows.Values[i] = nil // read: let the page's values go as the rows are made
	}
	return out, nil
}

// decodeExportRows reads export rows from the JSON text of D1's
// raw({columnNames: true}) answer (see decodeRaw); errNotPlain if a value
// is not null, a number or a string.
func decodeExportRows(text string, limit int) ([]exports.Row, error) {
	d := rawDecoder{s: text}
	var fields []int
	var out []exports.Row
	err := d.arrays(func() error {
		if fields == nil {
			var columns []string
			for j := 0; ; j++ {
				more, err := d.next(j == 0)
				if err != nil {
					return err
				}
				if !more {
					break
				}
				if d.i >= len(d.s) || d.s[d.i] != '"' {
					return d.fail()
				}
				c, err := d.str()
				if err != nil {
					return err
				}
				columns = append(columns, c)
			}
			fields = exportFields(columns)
			out = make([]exports.Row, 0, max(0, min(limit, 1<<16)))
			return nil
		}
		out = append(out, exports.Row{})
		r := &out[len(out)-1]
		for j := 0; ; j++ {
			more, err := d.next(j == 0)
			if err != nil {
				return err
			}
			if !more {
				break
			}
			k := -1
			if j < len(fields) {
				k = fields[j]
			}
			if d.i >= len(d.s) {
				return d.fail()
			}
			switch c := d.s[d.i]; {
			case c == '"':
				v, err := d.str()
				if err != nil {
					return err
				}
				setExportField(r, k, v)
			case c == '-' || '0' <= c && c <= '9':
				v, err := d.number()
				if err != nil {
					return err
				}
				if k == 0 {
					switch v := v.(type) {
					case int64:
						r.Seq = v
					case float64:
						r.Seq = int64(v)
					}
				}
			case strings.HasPrefix(d.s[d.i:], "null"):
				d.i += 4
			default:
				return errNotPlain
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// parseStamp is parseTS, without time.Parse for a time in the one form the
// store writes (timeFormat, 20 bytes): an export reads five a row.
func parseStamp(s string) time.Time {
	if len(s) != len(timeFormat) || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' {
		return parseTS(s)
	}
	n := func(i, j int) int {
		v := 0
		for ; i < j; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	year, month, day, hour, minute, sec := n(0, 4), n(5, 7), n(8, 10), n(11, 13), n(14, 16), n(17, 19)
	if year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) ||
		hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return parseTS(s) // what time.Parse makes of it (the zero time)
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC)
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// CurrentPage returns current statuses in rowid order after a position,
// with the columns the current view and the suppression list write: not
// the wording's hash (64 characters a row), which only events carry.
func (s *Store) CurrentPage(ctx context.Context, f exports.Filter, after int64, limit int) ([]exports.Row, error) {
	where, args := exportFilter(f, "c.updated_at")
	args = append(args, after, limit)
	return s.exportRows(ctx, limit, Stmt(`SELECT c.rowid AS seq, c.id AS consent_id, `+exportPerson+`, c.channel, c.purposes,
		c.status, c.lawful_basis, c.opted_in_at, c.confirmed_at, c.withdrawn_at, c.policy_version,
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
	return s.exportRows(ctx, limit, Stmt(`SELECT c.seq, c.event, c.at, c.via, c.consent_id, `+exportPerson+`, c.channel,
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
	var token any
	if e.TokenID != "" {
		token = e.TokenID
	}
	_, err := s.db.Batch(ctx, Stmt(`INSERT INTO export_log (controller, at, kind, filter, rows, outcome, token_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		e.Controller, ts(e.At), e.Kind, e.Filter, e.Rows, outcome, token))
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
