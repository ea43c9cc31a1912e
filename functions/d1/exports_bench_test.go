package d1

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"testing"

	"privacyportal/functions/exports"
)

// pageJSON is a page of the current view as JSON.stringify writes D1's
// raw({columnNames: true}) answer: rows like scripts/bench/export.mjs
// seeds.
func pageJSON(tb testing.TB, n int) string {
	tb.Helper()
	cols := []any{"seq", "consent_id", "email", "phone", "name", "street", "postal_code", "city", "channel",
		"purposes", "status", "lawful_basis", "opted_in_at", "confirmed_at", "withdrawn_at", "policy_version",
		"wording_sha256", "language", "source_page", "updated_at"}
	page := [][]any{cols}
	for i := 1; i <= n; i++ {
		status, withdrawn := "granted", any(nil)
		if i%10 == 0 {
			status, withdrawn = "withdrawn", "2026-02-01T00:00:00Z"
		}
		page = append(page, []any{i, fmt.Sprintf("consent%08d", i), fmt.Sprintf("kunde.%06d.æøå@example.no", i),
			fmt.Sprintf("+479%07d", i), nil, nil, nil, nil, "email",
			"nyhetsbrev; oppdaterte tilbud og alternativer til tilbud du har fått", status, "consent (GDPR art. 6(1)(a))",
			"2026-01-01T00:00:00Z", "2026-01-01T00:05:00Z", withdrawn, "2023-06-22",
			"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "nb", "/werksta/marketing",
			"2026-01-01T00:05:00Z"})
	}
	b, err := json.Marshal(page)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// jsonDB answers every query with the same page, decoded from its JSON
// as Binding.Query decodes D1's answer.
type jsonDB struct{ page string }

func (db jsonDB) Batch(context.Context, ...Statement) ([]Result, error) { return nil, nil }
func (db jsonDB) Query(context.Context, Statement) (Rows, error)        { return decodeRaw(db.page) }

// jsonTextDB is a jsonDB that also gives the JSON itself, as Binding
// does: exports read their rows straight from it.
type jsonTextDB struct{ jsonDB }

func (db jsonTextDB) queryJSON(context.Context, Statement) (string, error) { return db.page, nil }

// BenchmarkExportPage is the Go side of a page of the CSV export in the
// Worker, 1,000 rows: decoding D1's answer as Query does (decode),
// reading the rows as an export does (read), and writing them as CSV
// as well (csv). Run it in WebAssembly as the Worker does:
//
//	GOOS=js GOARCH=wasm go test -exec $(go env GOROOT)/lib/wasm/go_js_wasm_exec \
//	  -run '^$' -bench ExportPage $(ls functions/d1/*.go | grep -v _test.go) functions/d1/exports_bench_test.go
func BenchmarkExportPage(b *testing.B) {
	const rows = 1000
	page := pageJSON(b, rows)
	store := &Store{db: jsonTextDB{jsonDB{page}}}
	ctx := context.Background()
	b.Run("decode", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			if _, err := decodeRaw(page); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
	})
	b.Run("read", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := store.CurrentPage(ctx, exports.Filter{Controller: "werksta"}, 0, rows); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
	})
	b.Run("csv", func(b *testing.B) {
		b.ReportAllocs()
		columns := exports.Columns(exports.ViewCurrent)
		for b.Loop() {
			got, err := store.CurrentPage(ctx, exports.Filter{Controller: "werksta"}, 0, rows)
			if err != nil {
				b.Fatal(err)
			}
			w, err := exports.NewWriter(io.Discard, exports.FormatCSV, columns)
			if err != nil {
				b.Fatal(err)
			}
			for _, r := range got {
				r.ChannelRule = "consent_or_existing_customer"
				if err := w.Write(r.Values(exports.ViewCurrent)); err != nil {
					b.Fatal(err)
				}
			}
			if err := w.Flush(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
	})
}
