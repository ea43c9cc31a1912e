package exports_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"privacyportal/app/company"
	appcookieconsent "privacyportal/app/cookieconsent"
	"privacyportal/app/i18n"
	"privacyportal/app/mailmsg"
	appmarketingconsent "privacyportal/app/marketingconsent"
	"privacyportal/functions/cookieconsent"
	"privacyportal/functions/d1"
	"privacyportal/functions/d1/d1test"
	"privacyportal/functions/exports"
	"privacyportal/functions/keyring"
	"privacyportal/functions/marketingconsent"
	"privacyportal/functions/outbox"
	"privacyportal/site/controllers"
)

// Every view has one value for each of its columns, in the columns'
// order.
func TestRowValuesMatchColumns(t *testing.T) {
	at := time.Date(2026, 3, 2, 10, 30, 0, 0, time.FixedZone("CET", 3600))
	r := exports.Row{
		Seq: 42, Event: "granted", At: at, Via: "form", ConsentID: "c1", Email: "kari@example.no",
		Phone: "+4791234567", Name: "Kari", Street: "Storgata 1", PostalCode: "0150", City: "Oslo",
		Channel: "email", Purposes: "nyhetsbrev", Status: "granted", LawfulBasis: appmarketingconsent.Basis("NO", "email", appmarketingconsent.StatusGranted),
		ChannelRule: appmarketingconsent.RuleConsentOrCustomer,
		OptedInAt:   at, ConfirmedAt: at.Add(time.Hour), PolicyVersion: "2023-06-22", WordingSHA256: "abc",
		Language: "nb", SourcePage: "/werksta/marketing", UpdatedAt: at.Add(time.Hour),
	}
	tests := []struct {
		view string
		want map[string]string
	}{
		{exports.ViewCurrent, map[string]string{
			"consent_id": "c1", "email": "kari@example.no", "phone": "+4791234567", "name": "Kari",
			"street": "Storgata 1", "postal_code": "0150", "city": "Oslo", "channel": "email", "purpose": "nyhetsbrev",
			"status": "granted", "lawful_basis": "consent (markedsføringsloven § 15; GDPR art. 6(1)(a))",
			"channel_rule": "consent_or_existing_customer", "opted_in_at": "2026-03-02T09:30:00Z",
			"confirmed_at": "2026-03-02T10:30:00Z", "withdrawn_at": "", "policy_version": "2023-06-22",
			"language": "nb", "source_page": "/werksta/marketing", "updated_at": "2026-03-02T10:30:00Z",
		}},
		{exports.ViewEvents, map[string]string{
			"event_id": "42", "at": "2026-03-02T09:30:00Z", "event": "granted", "via": "form", "consent_id": "c1",
			"email": "kari@example.no", "phone": "+4791234567", "name": "Kari", "street": "Storgata 1",
			"postal_code": "0150", "city": "Oslo", "channel": "email", "purpose": "nyhetsbrev",
			"lawful_basis": "consent (markedsføringsloven § 15; GDPR art. 6(1)(a))",
			"channel_rule": "consent_or_existing_customer", "policy_version": "2023-06-22", "wording_sha256": "abc",
			"language": "nb", "source_page": "/werksta/marketing",
		}},
		{exports.ViewSuppression, map[string]string{
			"email": "kari@example.no", "phone": "+4791234567", "name": "Kari", "street": "Storgata 1",
			"postal_code": "0150", "city": "Oslo", "channel": "email", "status": "granted", "since": "2026-03-02T10:30:00Z",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.view, func(t *testing.T) {
			cols, vals := exports.Columns(tt.view), r.Values(tt.view)
			if len(cols) != len(vals) {
				t.Fatalf("%d columns, %d values", len(cols), len(vals))
			}
			got := map[string]string{}
			for i, c := range cols {
				got[c] = vals[i]
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("values by column (-want +got):\n%s", diff)
			}
		})
	}
}

var (
	csvColumns = []string{"consent_id", "email", "phone", "name", "street", "city", "purpose"}
	csvRows    = [][]string{
		{"c1", "kari@example.no", "+4791234567", "Kari Nordmann", "Storgata 1", "Tromsø", "nyhetsbrev"},
		{"c2", "ase@example.no", "+4560197071", "Åse \"Ø\" Ødegård", "Æbleallé 2; 3. sal", "Århus", "tilbud; alternativer"},
		{"c3", "ola@example.no", "", "Ola", "Storgata 1\nOppgang B", "Oslo", ""},
		{"c4", "@evil.example", "+4791234567", "=cmd|' /C calc'!A0", "-2+3", "+Oslo", "=HYPERLINK(\"https://evil.example\")"},
	}
)

func writeAll(t *testing.T, format string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := exports.NewWriter(&buf, format, csvColumns)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range csvRows {
		if err := w.Write(slices.Clone(r)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The CSV opens correctly in Excel and LibreOffice with Norwegian and
// Danish settings (BOM, semicolons, CRLF), keeps æøå, and cannot run a
// formula: text a spreadsheet would take for one starts with an
// apostrophe, except the E.164 phone numbers.
func TestCSV(t *testing.T) {
	got := string(writeAll(t, exports.FormatCSV))
	want := "\ufeff" +
		"consent_id;email;phone;name;street;city;purpose\r\n" +
		"c1;kari@example.no;+4791234567;Kari Nordmann;Storgata 1;Tromsø;nyhetsbrev\r\n" +
		"c2;ase@example.no;+4560197071;\"Åse \"\"Ø\"\" Ødegård\";\"Æbleallé 2; 3. sal\";Århus;\"tilbud; alternativer\"\r\n" +
		"c3;ola@example.no;;Ola;\"Storgata 1\r\nOppgang B\";Oslo;\r\n" +
		"c4;'@evil.example;+4791234567;'=cmd|' /C calc'!A0;'-2+3;'+Oslo;\"'=HYPERLINK(\"\"https://evil.example\"\")\"\r\n"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CSV (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(got, "\xef\xbb\xbf") || !strings.Contains(got, "Troms\xc3\xb8") {
		t.Errorf("CSV does not start with the UTF-8 BOM or lost the UTF-8 bytes of ø: %q", got[:20])
	}

	// Read back as a spreadsheet would, the values are the originals; the
	// would-be formulas are text, marked by the apostrophe.
	body, ok := strings.CutPrefix(got, "\ufeff")
	if !ok {
		t.Fatal("no BOM")
	}
	r := csv.NewReader(strings.NewReader(body))
	r.Comma = ';'
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantRecords := [][]string{csvColumns, csvRows[0], csvRows[1], csvRows[2],
		{"c4", "'@evil.example", "+4791234567", "'=cmd|' /C calc'!A0", "'-2+3", "'+Oslo", "'=HYPERLINK(\"https://evil.example\")"}}
	if diff := cmp.Diff(wantRecords, records); diff != "" {
		t.Errorf("records read back (-want +got):\n%s", diff)
	}
}

// JSON Lines carry the values unchanged, one object per row keyed by
// column, and no BOM.
func TestJSONL(t *testing.T) {
	out := writeAll(t, exports.FormatJSONL)
	if bytes.HasPrefix(out, []byte("\xef\xbb\xbf")) {
		t.Error("JSON Lines start with a BOM")
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(csvRows) {
		t.Fatalf("%d lines, want %d (no header):\n%s", len(lines), len(csvRows), out)
	}
	for i, line := range lines {
		var got map[string]string
		if err := json.Unmarshal([]byte(line), &got); err != nil {
			t.Fatalf("line %d: %v: %s", i+1, err, line)
		}
		want := map[string]string{}
		for j, c := range csvColumns {
			want[c] = csvRows[i][j]
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("line %d (-want +got):\n%s", i+1, diff)
		}
	}
}

// seeded is a store with marketing choices made through the real
// workflow, at known times.
type seeded struct {
	store *d1.Store
	svc   *marketingconsent.Service
	mail  *links
	now   time.Time
	// times of each confirmation (an hour after each form) and of the
	// withdrawal.
	kari, ase, ola, withdrawn time.Time
}

func seed(t *testing.T) *seeded {
	t.Helper()
	ctx := context.Background()
	reg, err := company.Load(controllers.FS(), controllers.Dir)
	if err != nil {
		t.Fatal(err)
	}
	store, _ := d1test.Open(t)
	s := &seeded{store: store, now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	clock := func() time.Time { return s.now }
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	m := &links{}
	s.mail = m
	s.svc = marketingconsent.New(marketingconsent.Deps{
		Controllers: reg, Store: store,
		Outbox: &outbox.Outbox{Store: store, Mailer: m, From: "portal@portal.example", Now: clock, Log: log},
		Links:  keyring.New([]byte("k")), Now: clock, Random: rand.NewChaCha8([32]byte{9}), Log: log,
		Origin: "https://portal.example", From: mailmsg.Address{Email: "portal@portal.example"},
		ConfirmWithin: 48 * time.Hour,
	})
	optIn := func(slug string, f appmarketingconsent.Form) (marketingconsent.Person, time.Time) {
		t.Helper()
		if _, err := s.svc.Submit(ctx, slug, f, "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		s.now = s.now.Add(time.Hour)
		p, _, err := s.svc.Confirm(ctx, m.confirm(t))
		if err != nil {
			t.Fatal(err)
		}
		at := s.now
		s.now = s.now.Add(time.Hour)
		return p, at
	}
	var kari marketingconsent.Person
	kari, s.kari = optIn("werksta", appmarketingconsent.Form{Channels: []string{"email", "sms"}, Email: "kari@example.no", Phone: "91234567", Language: i18n.NB, Page: "/werksta/marketing"})
	optIn("carglass", appmarketingconsent.Form{Channels: []string{"email"}, Email: "kari@example.no", Language: i18n.NB})
	_, s.ase = optIn("werksta", appmarketingconsent.Form{Channels: []string{"email", "post"}, Email: "ase@example.no",
		Name: "Åse Ødegård", Street: "Storgata 1", PostalCode: "0150", City: "Oslo", Language: i18n.EN})
	_, s.ola = optIn("werksta", appmarketingconsent.Form{Reserve: []string{"post", "phone"}, Email: "ola@example.no", Phone: "+4798765432",
		Name: "Ola", Street: "Kirkegata 2", PostalCode: "5003", City: "Bergen", Language: i18n.NB})
	s.withdrawn = s.now
	if _, err := s.svc.Withdraw(ctx, kari.ID, s.svc.ManageToken(kari.ID), []string{"sms"}); err != nil {
		t.Fatal(err)
	}
	return s
}

// links is a Mailer that keeps the last confirmation link.
type links struct{ last string }

var confirmRE = regexp.MustCompile(`/api/marketing/confirm\?t=([0-9a-f]+\.[0-9]+\.[A-Za-z0-9_-]+)`)

func (l *links) Send(_ context.Context, e outbox.Envelope) error {
	p, err := mailmsg.Parse(e.Message)
	if err != nil {
		return err
	}
	if m := confirmRE.FindStringSubmatch(p.Text); m != nil {
		l.last = m[1]
	}
	return nil
}

func (l *links) confirm(t *testing.T) string {
	t.Helper()
	if l.last == "" {
		t.Fatal("no confirmation link was sent")
	}
	return l.last
}

type page func(ctx context.Context, f exports.Filter, after int64, limit int) ([]exports.Row, error)

// all reads a list the way the export handler does, two rows at a time,
// and checks that positions only move forward.
func all(t *testing.T, read page, f exports.Filter) []exports.Row {
	t.Helper()
	var out []exports.Row
	after := int64(0)
	for range 100 {
		rows, err := read(context.Background(), f, after, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) > 2 {
			t.Fatalf("a page of 2 returned %d rows", len(rows))
		}
		for _, r := range rows {
			if r.Seq <= after {
				t.Fatalf("row at position %d after position %d", r.Seq, after)
			}
			after = r.Seq
		}
		out = append(out, rows...)
		if len(rows) < 2 {
			return out
		}
	}
	t.Fatal("paging did not end")
	return nil
}

func who(rows []exports.Row) []string {
	out := []string{}
	for _, r := range rows {
		out = append(out, r.Email+" "+r.Channel+" "+r.Status)
	}
	return out
}

// The current list has every person's channel exactly once, in the order
// they were recorded, page after page; the filters narrow it.
func TestCurrentPage(t *testing.T) {
	s := seed(t)
	tests := []struct {
		name   string
		filter exports.Filter
		want   []string
	}{
		{"everything", exports.Filter{Controller: "werksta"}, []string{
			"kari@example.no email granted", "kari@example.no sms withdrawn",
			"ase@example.no email granted", "ase@example.no post granted",
			"ola@example.no post reserved", "ola@example.no phone reserved",
		}},
		{"another company", exports.Filter{Controller: "carglass"}, []string{"kari@example.no email granted"}},
		{"no such company", exports.Filter{Controller: "nobody"}, []string{}},
		{"withdrawn", exports.Filter{Controller: "werksta", Status: appmarketingconsent.StatusWithdrawn}, []string{"kari@example.no sms withdrawn"}},
		{"reserved", exports.Filter{Controller: "werksta", Status: appmarketingconsent.StatusReserved}, []string{
			"ola@example.no post reserved", "ola@example.no phone reserved",
		}},
		{"e-mail", exports.Filter{Controller: "werksta", Channel: "email"}, []string{
			"kari@example.no email granted", "ase@example.no email granted",
		}},
		{"granted post", exports.Filter{Controller: "werksta", Channel: "post", Status: appmarketingconsent.StatusGranted}, []string{
			"ase@example.no post granted",
		}},
		{"changed since Åse confirmed", exports.Filter{Controller: "werksta", Since: s.ase}, []string{
			"kari@example.no sms withdrawn", "ase@example.no email granted", "ase@example.no post granted",
			"ola@example.no post reserved", "ola@example.no phone reserved",
		}},
		{"changed since a second after Åse confirmed", exports.Filter{Controller: "werksta", Since: s.ase.Add(time.Second)}, []string{
			"kari@example.no sms withdrawn", "ola@example.no post reserved", "ola@example.no phone reserved",
		}},
		{"changed since the withdrawal", exports.Filter{Controller: "werksta", Since: s.withdrawn}, []string{"kari@example.no sms withdrawn"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := who(all(t, s.store.CurrentPage, tt.filter))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		})
	}

	// One row in full, as the marketer receives it.
	rows := all(t, s.store.CurrentPage, exports.Filter{Controller: "werksta", Channel: "sms"})
	if len(rows) != 1 {
		t.Fatalf("sms rows: %v", who(rows))
	}
	want := exports.Row{
		Email: "kari@example.no", Phone: "+4791234567", Channel: "sms",
		Purposes: "oppdaterte tilbud og alternativer til tidligere tilbud", Status: appmarketingconsent.StatusWithdrawn,
		LawfulBasis: appmarketingconsent.Basis("NO", "email", appmarketingconsent.StatusGranted), OptedInAt: s.kari.Add(-time.Hour), ConfirmedAt: s.kari,
		WithdrawnAt: s.withdrawn, PolicyVersion: "2026-12-04", Language: "nb", SourcePage: "/werksta/marketing",
		UpdatedAt: s.withdrawn,
	}
	if diff := cmp.Diff(want, rows[0], cmpopts.IgnoreFields(exports.Row{}, "Seq", "ConsentID", "WordingSHA256")); diff != "" {
		t.Errorf("row (-want +got):\n%s", diff)
	}
}

// The events list has each grant, reservation and withdrawal in the order
// they happened.
func TestEventsPage(t *testing.T) {
	s := seed(t)
	type ev struct {
		Who, Via string
		At       time.Time
	}
	events := func(rows []exports.Row) []ev {
		out := []ev{}
		for _, r := range rows {
			out = append(out, ev{r.Email + " " + r.Channel + " " + r.Event, r.Via, r.At})
		}
		return out
	}
	tests := []struct {
		name   string
		filter exports.Filter
		want   []ev
	}{
		{"everything", exports.Filter{Controller: "werksta"}, []ev{
			{"kari@example.no email granted", "form", s.kari},
			{"kari@example.no sms granted", "form", s.kari},
			{"ase@example.no email granted", "form", s.ase},
			{"ase@example.no post granted", "form", s.ase},
			{"ola@example.no post reserved", "form", s.ola},
			{"ola@example.no phone reserved", "form", s.ola},
			{"kari@example.no sms withdrawn", "link", s.withdrawn},
		}},
		{"withdrawals", exports.Filter{Controller: "werksta", Status: appmarketingconsent.StatusWithdrawn}, []ev{
			{"kari@example.no sms withdrawn", "link", s.withdrawn},
		}},
		{"sms", exports.Filter{Controller: "werksta", Channel: "sms"}, []ev{
			{"kari@example.no sms granted", "form", s.kari},
			{"kari@example.no sms withdrawn", "link", s.withdrawn},
		}},
		{"since Ola's reservation", exports.Filter{Controller: "werksta", Since: s.ola}, []ev{
			{"ola@example.no post reserved", "form", s.ola},
			{"ola@example.no phone reserved", "form", s.ola},
			{"kari@example.no sms withdrawn", "link", s.withdrawn},
		}},
		{"another company", exports.Filter{Controller: "carglass"}, []ev{
			{"kari@example.no email granted", "form", s.kari.Add(2 * time.Hour)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := events(all(t, s.store.EventsPage, tt.filter))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
		})
	}
}

// The cookie counts say, per day (UTC) and category, how many choices
// granted or refused it and how many refusals came from Global Privacy
// Control; other companies' choices and older days are left out.
func TestCookieDays(t *testing.T) {
	ctx := context.Background()
	store, _ := d1test.Open(t)
	day := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, time.UTC) }
	oslo := time.FixedZone("CET", 3600)
	entries := []cookieconsent.Entry{
		{Controller: "werksta", Granted: []string{"statistics", "marketing"}, Refused: []string{}, Method: appcookieconsent.MethodAccept, At: day(1, 10, 0)},
		{Controller: "werksta", Granted: []string{}, Refused: []string{"statistics", "marketing"}, Method: appcookieconsent.MethodReject, At: day(1, 12, 0)},
		{Controller: "werksta", Granted: []string{}, Refused: []string{"statistics", "marketing"}, Method: appcookieconsent.MethodGPC, GPC: true, At: day(1, 23, 59)},
		// 00:30 in Oslo on the 2nd is still the 1st in UTC.
		{Controller: "werksta", Granted: []string{"statistics"}, Refused: []string{"marketing"}, Method: appcookieconsent.MethodSave, At: time.Date(2026, 3, 2, 0, 30, 0, 0, oslo)},
		{Controller: "werksta", Granted: []string{"statistics"}, Refused: []string{"marketing"}, Method: appcookieconsent.MethodSave, At: day(2, 8, 0)},
		{Controller: "werksta", Granted: []string{"statistics"}, Refused: []string{"marketing"}, Method: appcookieconsent.MethodSave, At: day(2, 9, 0)},
		{Controller: "werksta", Granted: []string{"statistics", "marketing"}, Refused: []string{}, Method: appcookieconsent.MethodAccept, At: day(2, 9, 30)},
		// Another company, and a day before the one asked for.
		{Controller: "car-room", Granted: []string{"statistics"}, Refused: []string{}, Method: appcookieconsent.MethodAccept, At: day(2, 9, 0)},
		{Controller: "werksta", Granted: []string{"statistics"}, Refused: []string{}, Method: appcookieconsent.MethodAccept, At: day(0, 9, 0)},
	}
	for i, e := range entries {
		e.ID, e.ConsentID, e.Version, e.Language, e.Page = "r"+string(rune('a'+i)), "c"+string(rune('a'+i)), "1", i18n.NB, "/werksta"
		if err := store.AddCookieChoice(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	got, err := store.CookieDays(ctx, "werksta", day(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	want := []exports.CookieDay{
		{Day: "2026-03-01", Category: "marketing", Granted: 1, Refused: 3, GPC: 1},
		{Day: "2026-03-01", Category: "statistics", Granted: 2, Refused: 2, GPC: 1},
		{Day: "2026-03-02", Category: "marketing", Granted: 1, Refused: 2},
		{Day: "2026-03-02", Category: "statistics", Granted: 3},
	}
	less := func(a, b exports.CookieDay) bool { return a.Day+a.Category < b.Day+b.Category }
	if diff := cmp.Diff(want, got, cmpopts.SortSlices(less)); diff != "" {
		t.Errorf("cookie days (-want +got):\n%s", diff)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Day < got[i-1].Day {
			t.Errorf("days out of order: %s after %s", got[i].Day, got[i-1].Day)
		}
	}
}

// BenchmarkCSVExport writes 100,000 rows of the current view as CSV, the
// way the export handler does (a fresh Values slice per row).
func BenchmarkCSVExport(b *testing.B) {
	const rows = 100_000
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	templates := []exports.Row{
		{Seq: 1, ConsentID: "8f14e45fceea167a5a36dedd4bea2543", Email: "kari.nordmann@example.no", Phone: "+4791234567",
			Channel: "email", Purposes: "nyhetsbrev; oppdaterte tilbud og alternativer til tilbud du har fått",
			Status: "granted", LawfulBasis: appmarketingconsent.Basis("NO", "email", appmarketingconsent.StatusGranted), OptedInAt: at, ConfirmedAt: at.Add(time.Hour),
			PolicyVersion: "2023-06-22", Language: "nb", SourcePage: "/werksta/marketing", UpdatedAt: at.Add(time.Hour)},
		{Seq: 2, ConsentID: "c9f0f895fb98ab9159f51fd0297e236d", Email: "ase@example.no", Phone: "+4560197071",
			Name: "Åse Ødegård", Street: "Æbleallé 2; 3. sal", PostalCode: "8000", City: "Århus", Channel: "post",
			Purposes: "tilbud", Status: "withdrawn", LawfulBasis: appmarketingconsent.Basis("NO", "email", appmarketingconsent.StatusGranted), OptedInAt: at,
			ConfirmedAt: at, WithdrawnAt: at.Add(48 * time.Hour), PolicyVersion: "2023-06-22", Language: "da",
			UpdatedAt: at.Add(48 * time.Hour)},
		{Seq: 3, ConsentID: "45c48cce2e2d7fbdea1afc51c7c6ad26", Email: "ola@example.no", Phone: "+4798765432",
			Channel: "phone", Status: "reserved", LawfulBasis: appmarketingconsent.Basis("NO", "phone", appmarketingconsent.StatusReserved), OptedInAt: at,
			ConfirmedAt: at, PolicyVersion: "2023-06-22", Language: "nb", UpdatedAt: at},
	}
	columns := exports.Columns(exports.ViewCurrent)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		w, err := exports.NewWriter(io.Discard, exports.FormatCSV, columns)
		if err != nil {
			b.Fatal(err)
		}
		for i := range rows {
			if err := w.Write(templates[i%len(templates)].Values(exports.ViewCurrent)); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(rows, "rows/op")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n*rows), "ns/row")
}

// referenceWrite is how the writers wrote before they had their own
// encoders: encoding/csv (semicolons, CRLF) after the formula escaping,
// and encoding/json's Encoder of a map per row. The writers must write
// byte for byte the same.
func referenceWrite(t *testing.T, format string, columns []string, rows [][]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if format == exports.FormatJSONL {
		enc := json.NewEncoder(&buf)
		for _, r := range rows {
			obj := map[string]string{}
			for i, v := range r {
				obj[columns[i]] = v
			}
			if err := enc.Encode(obj); err != nil {
				t.Fatal(err)
			}
		}
		return buf.Bytes()
	}
	buf.WriteString("\ufeff")
	c := csv.NewWriter(&buf)
	c.Comma = ';'
	c.UseCRLF = true
	c.Write(columns)
	for _, r := range rows {
		r = slices.Clone(r)
		for i, v := range r {
			if columns[i] != "phone" && v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
				r[i] = "'" + v
			}
		}
		c.Write(r)
	}
	c.Flush()
	return buf.Bytes()
}

// The CSV and JSON Lines writers write what encoding/csv and
// encoding/json wrote, for values made of the characters that matter to
// either (separators, quotes, line ends, spaces of all kinds, formula
// starts, HTML characters, U+2028, invalid UTF-8, æøå), and for rows that
// repeat the row before in some columns, as exports do.
func TestWritersMatchTheEncodingPackages(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"", "a", "Åse", "ø", " ", "\u00a0", "\u3000", "\t", "\r", "\n", "\r\n", ";", ",", "\"", "'",
		"=", "+", "-", "@", "<", ">", "&", "\\", "\\.", ".", "\u2028", "\u2029", "\x00", "\x1f", "\x7f", "\xff", "\xc3",
		"é", "😀", "kari@example.no", "+4791234567", "2026-03-02T10:30:00Z"}
	value := func() string {
		var b strings.Builder
		for range rnd.IntN(4) {
			b.WriteString(pieces[rnd.IntN(len(pieces))])
		}
		return b.String()
	}
	for _, columns := range [][]string{csvColumns, exports.Columns(exports.ViewCurrent), {"b", "a", "phone", "a"}, {"=x", "a b"}} {
		var rows [][]string
		for n := range 3000 {
			r := make([]string, len(columns))
			for i := range r {
				if n > 0 && rnd.IntN(3) == 0 {
					r[i] = rows[n-1][i] // as the row before
				} else {
					r[i] = value()
				}
			}
			rows = append(rows, r)
		}
		rows = append(rows, make([]string, len(columns))) // all empty
		for _, format := range []string{exports.FormatCSV, exports.FormatJSONL} {
			var buf bytes.Buffer
			w, err := exports.NewWriter(&buf, format, columns)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				if err := w.Write(slices.Clone(r)); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			want := referenceWrite(t, format, columns, rows)
			if got := buf.Bytes(); !bytes.Equal(got, want) {
				i := 0
				for i < len(got) && i < len(want) && got[i] == want[i] {
					i++
				}
				t.Errorf("%s of %q: differs from encoding/%s at byte %d: got %q, want %q", format, columns, format, i,
					got[max(0, i-40):min(len(got), i+40)], want[max(0, i-40):min(len(want), i+40)])
			}
		}
	}
}
