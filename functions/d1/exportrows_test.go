package d1

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"privacyportal/functions/exports"
)

// parseStamp reads every time as parseTS (time.Parse) does, the store's
// own form quickly and anything else by time.Parse.
func TestParseStampIsParseTS(t *testing.T) {
	in := []string{"", "2026-01-01T00:00:00Z", "2026-12-31T23:59:59Z", "2024-02-29T12:00:00Z", "2100-02-29T12:00:00Z",
		"2000-02-29T00:00:00Z", "2026-02-30T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
		"2026-01-00T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z", "2026-01-01T00:00:60Z", "0000-01-01T00:00:00Z",
		"2026-01-01T00:00:00.5Z", "2026-01-01T00:00:00+01:00", "2026-01-01 00:00:00Z", "2026-1-01T00:00:00Z", "20a6-01-01T00:00:00Z",
		"2026-01-01T00:00:0aZ", "-026-01-01T00:00:00Z", "2026-01-01T00:00:00z", "2026-01-01"}
	for y := 1999; y <= 2101; y += 17 {
		for m := 0; m <= 13; m++ {
			for _, d := range []int{0, 1, 28, 29, 30, 31, 32} {
				in = append(in, fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, (y+m)%25, (d*7)%61, (m*13)%61))
			}
		}
	}
	for _, s := range in {
		if got, want := parseStamp(s), parseTS(s); !got.Equal(want) || got.Location() != want.Location() || got != want {
			t.Errorf("parseStamp(%q) = %v, parseTS = %v", s, got, want)
		}
	}
}

// An export reads the same rows from D1's answer as JSON text (as the
// Worker does) as from the answer's values (as from database/sql), and
// falls back to the values when the text holds one JSON cannot carry.
func TestExportRowsFromJSON(t *testing.T) {
	page := pageJSON(t, 40)
	// Escapes, a row with every value null, and the events view's
	// columns.
	page = strings.Replace(page, `"kunde.000007.æøå@example.no"`, `"kunde \"7\"\\\n\u00e6\ud83d\ude00"`, 1)
	page = strings.Replace(page, `]]`, `],[`+strings.TrimSuffix(strings.Repeat("null,", 20), ",")+`]]`, 1)
	events := `[["seq","event","at","via","consent_id","email","status"],[3,"granted","2026-03-02T10:30:00Z","form","c1","a@example.no","granted"],[9,"withdrawn","2026-03-04T10:30:00Z","link","c1","a@example.no","withdrawn"]]`
	for _, text := range []string{page, events, `[]`, `[["seq"]]`} {
		ctx := context.Background()
		fromValues, err := (&Store{db: jsonDB{text}}).exportRows(ctx, 100, Stmt("SELECT"))
		if err != nil {
			t.Fatal(err)
		}
		fromText, err := (&Store{db: jsonTextDB{jsonDB{text}}}).exportRows(ctx, 100, Stmt("SELECT"))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(fromValues, fromText, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("rows from the text (-from values +from text):\n%s", diff)
		}
	}
	rows, _ := (&Store{db: jsonTextDB{jsonDB{page}}}).exportRows(context.Background(), 100, Stmt("SELECT"))
	if len(rows) != 41 || rows[6].Email != "kunde \"7\"\\\næ😀" || rows[39].WithdrawnAt.IsZero() || rows[0].Seq != 1 || rows[40] != (exports.Row{}) {
		t.Errorf("rows from the text: %d, %+v", len(rows), rows[6])
	}
	// A BLOB where an export has text: read as values.
	blob := `[["seq","email"],[1,[104,105]]]`
	rows, err := (&Store{db: jsonTextDB{jsonDB{blob}}}).exportRows(context.Background(), 100, Stmt("SELECT"))
	if err != nil || len(rows) != 1 || rows[0].Email != "hi" {
		t.Errorf("a BLOB: %v, %+v", err, rows)
	}
}
