package exports

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"
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
func (r Row) Values(view string) []string {
	switch view {
	case ViewEvents:
		return []string{strconv.FormatInt(r.Seq, 10), rfc3339(r.At), r.Event, r.Via, r.ConsentID, r.Email, r.Phone,
			r.Name, r.Street, r.PostalCode, r.City, r.Channel, r.Purposes, r.LawfulBasis, r.ChannelRule, r.PolicyVersion,
			r.WordingSHA256, r.Language, r.SourcePage}
	case ViewSuppression:
		return []string{r.Email, r.Phone, r.Name, r.Street, r.PostalCode, r.City, r.Channel, r.Status, rfc3339(r.Since())}
	}
	return []string{r.ConsentID, r.Email, r.Phone, r.Name, r.Street, r.PostalCode, r.City, r.Channel, r.Purposes,
		r.Status, r.LawfulBasis, r.ChannelRule, rfc3339(r.OptedInAt), rfc3339(r.ConfirmedAt), rfc3339(r.WithdrawnAt),
		r.PolicyVersion, r.Language, r.SourcePage, rfc3339(r.UpdatedAt)}
}

// Since is when a row's status began: the withdrawal for a withdrawn
// consent, the confirmation for a consent or a reservation.
func (r Row) Since() time.Time {
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
		return &jsonlWriter{enc: json.NewEncoder(w), columns: columns}, nil
	}
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return nil, err
	}
	c := csv.NewWriter(w)
	c.Comma = ';'
	c.UseCRLF = true
	cw := &csvWriter{w: c, phone: -1}
	for i, col := range columns {
		if col == "phone" {
			cw.phone = i
		}
	}
	return cw, c.Write(columns)
}

type csvWriter struct {
	w     *csv.Writer
	phone int
}

func (c *csvWriter) Write(values []string) error {
	for i, v := range values {
		if i != c.phone && v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			values[i] = "'" + v
		}
	}
	return c.w.Write(values)
}

func (c *csvWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

type jsonlWriter struct {
	enc     *json.Encoder
	columns []string
}

func (j *jsonlWriter) Write(values []string) error {
	obj := make(map[string]string, len(values))
	for i, v := range values {
		obj[j.columns[i]] = v
	}
	return j.enc.Encode(obj)
}

func (j *jsonlWriter) Flush() error { return nil }
