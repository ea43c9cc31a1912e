package exports

import (
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Formats.
const (
	FormatCSV   = "csv"
	FormatJSONL = "jsonl"
)

// Views of the marketing export.
const (
	ViewCurrent     = "current"     // one row per person and channel, as it stands
	ViewEvents      = "events"      // every grant, withdrawal and reservation since a date
	ViewSuppression = "suppression" // withdrawn only: never contact these again
)

// Columns are the documented columns of each view, in order. The README
// describes each.
func Columns(view string) []string {
	switch view {
	case ViewEvents:
		return []string{"event_id", "at", "event", "via", "consent_id", "email", "phone", "name", "street",
			"postal_code", "city", "channel", "purpose", "lawful_basis", "channel_rule", "policy_version",
			"wording_sha256", "language", "source_page"}
	case ViewSuppression:
		return []string{"email", "phone", "name", "street", "postal_code", "city", "channel", "status", "since"}
	}
	return []string{"consent_id", "email", "phone", "name", "street", "postal_code", "city", "channel", "purpose",
		"status", "lawful_basis", "channel_rule", "opted_in_at", "confirmed_at", "withdrawn_at", "policy_version",
		"language", "source_page", "updated_at"}
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// Values returns a row's values for the view's columns.
func (r *Row) Values(view string) []string {
	return r.AppendValues(nil, view)
}

// AppendValues appends a row's values for the view's columns to dst, so
// that an export can use one slice for all its rows.
func (r *Row) AppendValues(dst []string, view string) []string {
	switch view {
	case ViewEvents:
		return append(dst, strconv.FormatInt(r.Seq, 10), rfc3339(r.At), r.Event, r.Via, r.ConsentID, r.Email, r.Phone,
			r.Name, r.Street, r.PostalCode, r.City, r.Channel, r.Purposes, r.LawfulBasis, r.ChannelRule, r.PolicyVersion,
			r.WordingSHA256, r.Language, r.SourcePage)
	case ViewSuppression:
		return append(dst, r.Email, r.Phone, r.Name, r.Street, r.PostalCode, r.City, r.Channel, r.Status, rfc3339(r.Since()))
	}
	var t [4]string
	stamps(&t, [4]time.Time{r.OptedInAt, r.ConfirmedAt, r.WithdrawnAt, r.UpdatedAt})
	return append(dst, r.ConsentID, r.Email, r.Phone, r.Name, r.Street, r.PostalCode, r.City, r.Channel, r.Purposes,
		r.Status, r.LawfulBasis, r.ChannelRule, t[0], t[1], t[2], r.PolicyVersion, r.Language, r.SourcePage, t[3])
}

// stamps writes times as rfc3339 does, into one string: four times a row
// are three allocations fewer.
func stamps(out *[4]string, times [4]time.Time) {
	var buf [4 * len("2006-01-02T15:04:05Z")]byte
	b := buf[:0]
	var ends [4]int
	for i, t := range times {
		if !t.IsZero() {
			b = t.UTC().AppendFormat(b, time.RFC3339)
		}
		ends[i] = len(b)
	}
	all := string(b)
	start := 0
	for i, end := range ends {
		out[i] = all[start:end]
		start = end
	}
}

// Since is when a row's status began: the withdrawal for a withdrawn
// consent, the confirmation for a consent or a reservation.
func (r *Row) Since() time.Time {
	if r.Status == "withdrawn" && !r.WithdrawnAt.IsZero() {
		return r.WithdrawnAt
	}
	return r.ConfirmedAt
}

// Writer writes rows in one format.
type Writer interface {
	Write(values []string) error
	Flush() error
}

// NewWriter starts a list in a format, writing its header.
//
// CSV is UTF-8 with a byte-order mark (so Excel reads æøå as UTF-8), rows
// end in CRLF, and fields are separated by semicolons: Norwegian and
// Danish regional settings use the comma as the decimal separator, so
// Excel and LibreOffice split a file opened there on semicolons. Text that
// a spreadsheet would take for a formula (starting with =, +, -, @) is
// prefixed with an apostrophe, except phone numbers in E.164, which the
// portal has checked.
func NewWriter(w io.Writer, format string, columns []string) (Writer, error) {
	if format == FormatJSONL {
		return newJSONLWriter(w, columns), nil
	}
	cw := &csvWriter{w: w, phone: -1, last: make([]string, len(columns)), lastOut: make([]string, len(columns))}
	for i, col := range columns {
		if col == "phone" {
			cw.phone = i
		}
	}
	cw.buf = append(cw.buf, "\ufeff"...)
	cw.header = true
	err := cw.Write(columns)
	cw.header = false
	return cw, err
}

// flushAt is how much a writer holds before it writes to the answer.
const flushAt = 64 << 10

// csvWriter writes fields exactly as encoding/csv's Writer with Comma ';'
// and UseCRLF does (csvNeedsQuotes, appendQuoted), into a buffer of its
// own, which goes to the answer in pieces of flushAt. A column's value
// that is the one of the row before is written as it was then, unchecked:
// most columns of an export repeat (channel, status, purposes, lawful
// basis, policy version ...).
type csvWriter struct {
	w      io.Writer
	buf    []byte
	err    error
	phone  int
	header bool // the header row: no formula escaping
	// last and lastOut are, per column, the last value and what was
	// written for it.
	last, lastOut []string
}

func (c *csvWriter) Write(values []string) error {
	if c.err != nil {
		return c.err
	}
	for i, v := range values {
		if i > 0 {
			c.buf = append(c.buf, ';')
		}
		if i < len(c.last) && v == c.last[i] && !c.header {
			c.buf = append(c.buf, c.lastOut[i]...)
			continue
		}
		out := v
		if !c.header && i != c.phone && v != "" && isFormulaStart(v[0]) {
			out = "'" + v
		}
		if csvNeedsQuotes(out) {
			start := len(c.buf)
			c.buf = appendQuoted(c.buf, out)
			out = string(c.buf[start:])
		} else {
			c.buf = append(c.buf, out...)
		}
		if i < len(c.last) && !c.header {
			c.last[i], c.lastOut[i] = v, out
		}
	}
	c.buf = append(c.buf, '\r', '\n')
	if len(c.buf) >= flushAt {
		return c.Flush()
	}
	return nil
}

// isFormulaStart reports whether a spreadsheet would take text starting
// with c for a formula (or strip it into one): =, +, -, @, tab, CR.
func isFormulaStart(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// csvNeedsQuotes is encoding/csv's fieldNeedsQuotes with Comma ';'.
func csvNeedsQuotes(field string) bool {
	if field == "" {
		return false
	}
	if field == `\.` {
		return true
	}
	for i := 0; i < len(field); i++ {
		if c := field[i]; c == '\n' || c == '\r' || c == '"' || c == ';' {
			return true
		}
	}
	r1, _ := utf8.DecodeRuneInString(field)
	return unicode.IsSpace(r1)
}

// appendQuoted is how encoding/csv's Writer with UseCRLF writes a field
// that needs quotes: quotes doubled, a line feed as CRLF, a lone CR
// dropped.
func appendQuoted(b []byte, field string) []byte {
	b = append(b, '"')
	for len(field) > 0 {
		i := strings.IndexAny(field, "\"\r\n")
		if i < 0 {
			i = len(field)
		}
		b = append(b, field[:i]...)
		field = field[i:]
		if len(field) > 0 {
			switch field[0] {
			case '"':
				b = append(b, `""`...)
			case '\n':
				b = append(b, '\r', '\n')
			}
			field = field[1:]
		}
	}
	return append(b, '"')
}

func (c *csvWriter) Flush() error {
	if c.err != nil {
		return c.err
	}
	if len(c.buf) > 0 {
		_, c.err = c.w.Write(c.buf)
		c.buf = c.buf[:0]
	}
	return c.err
}

// jsonlWriter writes each row as encoding/json's Encoder writes a
// map[string]string of column to value: keys sorted, HTML characters,
// U+2028 and U+2029 escaped, invalid UTF-8 as U+FFFD, and a line feed.
// A value is written as it was in the row before when it is the same.
type jsonlWriter struct {
	w   io.Writer
	buf []byte
	err error
	// order is the columns' indexes in the order of their names; keys
	// their names as JSON, with the colon.
	order []int
	keys  []string
	// dupes: columns that share a name are written as a map, by
	// encoding/json itself.
	dupes   bool
	columns []string
	// last and lastOut are, per column, the last value and its JSON.
	last, lastOut []string
}

func newJSONLWriter(w io.Writer, columns []string) *jsonlWriter {
	j := &jsonlWriter{w: w, columns: columns, last: make([]string, len(columns)), lastOut: make([]string, len(columns)),
		keys: make([]string, len(columns))}
	j.order = make([]int, len(columns))
	for i := range j.order {
		j.order[i] = i
	}
	slices.SortStableFunc(j.order, func(a, b int) int { return strings.Compare(columns[a], columns[b]) })
	for i, col := range columns {
		k, _ := json.Marshal(col)
		j.keys[i] = string(k) + ":"
		if i > 0 && columns[j.order[i]] == columns[j.order[i-1]] {
			j.dupes = true
		}
	}
	for i := range j.last {
		j.lastOut[i] = `""`
	}
	return j
}

func (j *jsonlWriter) Write(values []string) error {
	if j.err != nil {
		return j.err
	}
	if j.dupes || len(values) != len(j.columns) {
		obj := make(map[string]string, len(values))
		for i, v := range values {
			obj[j.columns[i]] = v
		}
		b, err := json.Marshal(obj)
		if err != nil {
			return err
		}
		j.buf = append(append(j.buf, b...), '\n')
	} else {
		j.buf = append(j.buf, '{')
		for n, i := range j.order {
			if n > 0 {
				j.buf = append(j.buf, ',')
			}
			j.buf = append(j.buf, j.keys[i]...)
			v := values[i]
			if v != j.last[i] {
				j.last[i], j.lastOut[i] = v, jsonString(v)
			}
			j.buf = append(j.buf, j.lastOut[i]...)
		}
		j.buf = append(j.buf, '}', '\n')
	}
	if len(j.buf) >= flushAt {
		return j.Flush()
	}
	return nil
}

// jsonString is s as encoding/json writes it: the text itself in quotes
// when nothing in it needs escaping, else what json.Marshal makes of it.
func jsonString(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return marshalString(s)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return marshalString(s)
		}
		i += size
	}
	return `"` + s + `"`
}

func marshalString(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}

func (j *jsonlWriter) Flush() error {
	if j.err != nil {
		return j.err
	}
	if len(j.buf) > 0 {
		_, j.err = j.w.Write(j.buf)
		j.buf = j.buf[:0]
	}
	return j.err
}
