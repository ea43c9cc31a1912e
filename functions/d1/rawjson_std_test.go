package d1

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// This file holds the hand-written reader of D1's answers (decodeRaw,
// decodeExportRows) to encoding/json alone: the same rows from the same
// answers, and which is faster. It needs nothing but the package's own
// files and exports_bench_test.go, so it also runs in WebAssembly, where
// the Worker runs the reader (the package's other tests need SQLite, which
// does not build there):
//
//	GOOS=js GOARCH=wasm go test -exec "$(go env GOROOT)/lib/wasm/go_js_wasm_exec" -bench D1Answer \
//	  $(ls functions/d1/*.go | grep -v _test.go) functions/d1/rawjson_std_test.go functions/d1/exports_bench_test.go

// Names, addresses and texts as Norwegian and Danish customers write them,
// with what JSON must escape (quotes, backslashes, line ends) and what a
// CSV must quote or guard (semicolons, commas, formula starts).
var (
	benchFirst   = []string{"Kari", "Åse", "Ørjan", "Søren", "Æsa", "Bjørn", "Mette-Marie", "Jens Peter", "Håkon", "Siv"}
	benchLast    = []string{"Nordmann", "Ødegård", "Kierkegaard", "Sæther", "Brøndum", "O'Brien", `Hansen "Junior"`, "Lund, jr.", "Dahl; Berg", `Bak\Holm`}
	benchStreet  = []string{"Storgata 1", "Æbleallé 2; 3. sal", "Kirkegata 2\nOppgang B", "Skovvej 14, st. th.", `=HYPERLINK("https://evil.example")`, "Nørrebrogade 5\r\n2. tv", "Øvre Slottsgate 7"}
	benchCity    = []string{"Tromsø", "Århus", "København Ø", "Bergen", "Ærøskøbing", "Bodø", "Frederiksberg C"}
	benchPostal  = []string{"9008", "8000", "2100", "5003", "5970", "8006", "1850"}
	benchChannel = []string{"email", "sms", "phone", "post"}
)

// marketingAnswer is D1's raw({columnNames: true}) answer for n rows of the
// current view (the columns CurrentPage selects), as JSON.stringify writes
// it: no HTML escaping, a person's name and address on most rows, every
// tenth withdrawn.
func marketingAnswer(tb testing.TB, n int) string {
	tb.Helper()
	cols := []any{"seq", "consent_id", "email", "phone", "name", "street", "postal_code", "city", "channel",
		"purposes", "status", "lawful_basis", "opted_in_at", "confirmed_at", "withdrawn_at", "policy_version",
		"language", "source_page", "updated_at"}
	page := [][]any{cols}
	for i := 1; i <= n; i++ {
		first, last := benchFirst[i%len(benchFirst)], benchLast[(i/3)%len(benchLast)]
		var name, street, postal, city any
		if i%4 != 0 {
			a := (i / 7) % len(benchStreet)
			name, street, postal, city = first+" "+last, benchStreet[a], benchPostal[a], benchCity[a]
		}
		status, withdrawn := "granted", any(nil)
		if i%10 == 0 {
			status, withdrawn = "withdrawn", fmt.Sprintf("2026-02-%02dT%02d:%02d:00Z", 1+i%28, i%24, i%60)
		}
		lang, page0 := "nb", "/werksta/marketing"
		if i%5 == 0 {
			lang, page0 = "da", "/car-room/marketing"
		}
		page = append(page, []any{i, fmt.Sprintf("%032x", i*2654435761), fmt.Sprintf("%s.%s%d@example.no", first, last[:2], i),
			fmt.Sprintf("+479%07d", i), name, street, postal, city, benchChannel[i%len(benchChannel)],
			"nyhetsbrev; oppdaterte tilbud og alternativer til tilbud du har fått", status, "consent (GDPR art. 6(1)(a))",
			fmt.Sprintf("2026-01-%02dT%02d:%02d:%02dZ", 1+i%28, i%24, i%60, i%59), fmt.Sprintf("2026-01-%02dT%02d:%02d:%02dZ", 1+i%28, i%24, (i+5)%60, i%59),
			withdrawn, "2023-06-22", lang, page0, fmt.Sprintf("2026-02-%02dT%02d:%02d:00Z", 1+i%28, i%24, i%60)})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(page); err != nil {
		tb.Fatal(err)
	}
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

// decodeRawStd is decodeRaw written with encoding/json alone: what the
// store would do without its own reader.
func decodeRawStd(s string) (Rows, error) {
	var page [][]any
	if err := json.Unmarshal([]byte(s), &page); err != nil {
		return Rows{}, err
	}
	var rows Rows
	for i, vals := range page {
		if i == 0 {
			rows.Columns = make([]string, len(vals))
			for j, v := range vals {
				name, ok := v.(string)
				if !ok {
					return Rows{}, errors.New("d1: a column name that is not a string")
				}
				rows.Columns[j] = name
			}
			continue
		}
		out := make([]any, len(vals))
		for j, v := range vals {
			switch v := v.(type) {
			case nil, string:
				out[j] = v
			case float64:
				out[j] = jsNumber(v)
			case []any:
				b := []byte{}
				for _, e := range v {
					f, ok := e.(float64)
					if !ok || f < 0 || f > 255 || f != float64(int(f)) {
						return Rows{}, errNotPlain
					}
					b = append(b, byte(f))
				}
				out[j] = b
			default:
				return Rows{}, errNotPlain
			}
		}
		rows.Values = append(rows.Values, out)
	}
	return rows, nil
}

// jsNumber is a number as Binding's fromJS makes it: int64 when whole.
func jsNumber(f float64) any {
	if f == float64(int64(f)) {
		return int64(f)
	}
	return f
}

// stdDB answers every query with the same page, decoded by encoding/json;
// it has no queryJSON, so exports read the decoded values.
type stdDB struct{ page string }

func (db stdDB) Batch(context.Context, ...Statement) ([]Result, error) { return nil, nil }
func (db stdDB) Query(context.Context, Statement) (Rows, error)        { return decodeRawStd(db.page) }

// BenchmarkD1Answer reads 10,000 marketing rows from D1's answer: into
// Rows (what Query returns) and into export rows (what an export page
// needs), with the store's own reader and with encoding/json.
func BenchmarkD1Answer(b *testing.B) {
	const n = 10_000
	page := marketingAnswer(b, n)
	ctx := context.Background()
	perRow := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/row")
	}
	b.Run("rows/hand", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			if _, err := decodeRaw(page); err != nil {
				b.Fatal(err)
			}
		}
		perRow(b)
	})
	b.Run("rows/encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			if _, err := decodeRawStd(page); err != nil {
				b.Fatal(err)
			}
		}
		perRow(b)
	})
	for _, c := range []struct {
		name string
		db   DB
	}{{"export/hand", jsonTextDB{jsonDB{page}}}, {"export/encoding-json", stdDB{page}}} {
		store := &Store{db: c.db}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(page)))
			for b.Loop() {
				if _, err := store.exportRows(ctx, n, Stmt("SELECT")); err != nil {
					b.Fatal(err)
				}
			}
			perRow(b)
		})
	}
}

// TestDecodeRawMatchesEncodingJSON reads generated answers with the
// store's reader and with encoding/json (decodeRawStd), into Rows and into
// export rows, and wants the same values: realistic pages, and pages of
// hostile values (every JSON escape, lone and paired surrogates, control
// characters, quotes, separators and line ends, numbers at the edges of
// float64 and int64, nulls, BLOBs).
func TestDecodeRawMatchesEncodingJSON(t *testing.T) {
	rnd := rand.New(rand.NewPCG(21, 1))
	pieces := []string{"a", "Åse", "ø", "Æ", "\"", "\\", "/", "\n", "\r", "\r\n", "\t", "\b", "\f", "\x00", "\x1f", "\x7f",
		"<", ">", "&", "\u2028", "\u2029", "😀", " ", ";", ",", "'", "=", "+", "-", "@", "\xff", "LONE", "PAIR", "SOLIDUS", "U00E6"}
	// What json.Marshal never writes but JSON.stringify or another writer
	// may: escapes it has no need of, and lone surrogates.
	escapes := strings.NewReplacer("LONE", `\ud800`, "PAIR", `\ud83d\ude00`, "SOLIDUS", `\/`, "U00E6", `\u00e6`)
	numbers := []any{0, 1, -7, 100, 1.5, -0.25, 2.5e-7, 1e21, 1e300, -1e-300, int64(9007199254740993), int64(123456789012345678),
		int64(-9223372036854775808), int64(999999999999999), json.Number("-0"), json.Number("1E2"), json.Number("1.0")}
	value := func() any {
		switch rnd.IntN(6) {
		case 0:
			return nil
		case 1:
			return numbers[rnd.IntN(len(numbers))]
		case 2:
			b := make([]int, rnd.IntN(4))
			for i := range b {
				b[i] = rnd.IntN(256)
			}
			return b
		}
		var b strings.Builder
		for range rnd.IntN(5) {
			b.WriteString(pieces[rnd.IntN(len(pieces))])
		}
		return b.String()
	}
	// Each answer also without its BLOBs, which decodeExportRows leaves
	// to the values (Query) and otherwise reads itself.
	realistic := marketingAnswer(t, 300)
	pages := [][2]string{{realistic, realistic}, {`[]`, `[]`}, {`[["a"]]`, `[["a"]]`}}
	for range 20 {
		cols := []any{"seq", "email", "name", "street", "city", "opted_in_at", "x"}
		page, plain := [][]any{cols}, [][]any{cols}
		for range 100 {
			r, p := make([]any, len(cols)), make([]any, len(cols))
			for i := range r {
				r[i] = value()
				if _, blob := r[i].([]int); !blob {
					p[i] = r[i]
				}
			}
			page, plain = append(page, r), append(plain, p)
		}
		var texts [2]string
		for i, v := range [][][]any{page, plain} {
			text, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			texts[i] = escapes.Replace(string(text))
		}
		pages = append(pages, texts)
	}
	ctx := context.Background()
	for n, texts := range pages {
		text, plain := texts[0], texts[1]
		want, err := decodeRawStd(text)
		if err != nil {
			t.Fatalf("page %d: encoding/json: %v", n, err)
		}
		got, err := decodeRaw(text)
		if err != nil {
			t.Fatalf("page %d: %v", n, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("page %d: decodeRaw (-encoding/json +hand):\n%s", n, diff)
		}
		wantRows, err := (&Store{db: stdDB{plain}}).exportRows(ctx, 1000, Stmt("SELECT"))
		if err != nil {
			t.Fatal(err)
		}
		gotRows, err := decodeExportRows(plain, 1000)
		if err != nil {
			t.Fatalf("page %d: decodeExportRows: %v", n, err)
		}
		if diff := cmp.Diff(wantRows, gotRows, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("page %d: decodeExportRows (-encoding/json +hand):\n%s", n, diff)
		}
	}
}
