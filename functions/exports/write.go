package exports

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
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
	// encoding/csv writes into a buffer that goes to the answer in pieces
	// of flushAt.
	buf := bufio.NewWriterSize(w, flushAt)
	c := &csvWriter{w: csv.NewWriter(buf), phone: -1}
	c.w.Comma, c.w.UseCRLF = ';', true
	for i, col := range columns {
		if col == "phone" {
			c.phone = i
		}
	}
	buf.WriteString("\ufeff")
	return c, c.w.Write(columns)
}

// flushAt is how much a writer holds before it writes to the answer.
const flushAt = 64 << 10

// csvWriter writes rows with encoding/csv after guarding formulas. A
// writer of the export's own, byte for byte the same and repeating a
// column's value as written in the row before, was no faster in
// WebAssembly on 10,000 marketing rows (BenchmarkExportWriters; the
// README's table of hand-written parts has the figures).
type csvWriter struct {
	w     *csv.Writer
	phone int      // the phone column, or -1
	row   []string // the values written, guarded
}

func (c *csvWriter) Write(values []string) error {
	c.row = append(c.row[:0], values...)
	for i, v := range c.row {
		if i != c.phone && v != "" && isFormulaStart(v[0]) {
			c.row[i] = "'" + v
		}
	}
	return c.w.Write(c.row)
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

func (c *csvWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
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
