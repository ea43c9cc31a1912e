package exports

import (
	"encoding/json"
	"fmt"
	"io"
	"testing"
	"time"
)

// This file weighs the export's own JSON Lines writer against
// encoding/json's Encoder writing the same rows
// (TestWritersMatchTheEncodingPackages, in exports_test.go, checks that
// they write the same bytes), beside the CSV writer, which is
// encoding/csv. It needs nothing but the package's own
// files, so it also runs in WebAssembly, as the Worker writes exports (the
// package's other tests need SQLite, which does not build there):
//
//	GOOS=js GOARCH=wasm go test -exec "$(go env GOROOT)/lib/wasm/go_js_wasm_exec" -run '^$' -bench ExportWriters \
//	  $(ls functions/exports/*.go | grep -v _test.go) functions/exports/write_std_test.go

// benchRows are n rows of the current view as a company's marketing list
// holds them: Norwegian and Danish names and addresses, some with what a
// CSV must quote (semicolons, quotes, line ends) or guard (a formula), one
// in ten withdrawn.
func benchRows(n int) []Row {
	first := []string{"Kari", "Åse", "Ørjan", "Søren", "Æsa", "Bjørn", "Mette-Marie", "Jens Peter", "Håkon", "Siv"}
	last := []string{"Nordmann", "Ødegård", "Kierkegaard", "Sæther", "Brøndum", "O'Brien", `Hansen "Junior"`, "Lund, jr.", "Dahl; Berg", `Bak\Holm`}
	street := []string{"Storgata 1", "Æbleallé 2; 3. sal", "Kirkegata 2\nOppgang B", "Skovvej 14, st. th.", `=HYPERLINK("https://evil.example")`, "Nørrebrogade 5\r\n2. tv", "Øvre Slottsgate 7"}
	city := []string{"Tromsø", "Århus", "København Ø", "Bergen", "Ærøskøbing", "Bodø", "Frederiksberg C"}
	postal := []string{"9008", "8000", "2100", "5003", "5970", "8006", "1850"}
	channel := []string{"email", "sms", "phone", "post"}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rows := make([]Row, n)
	for i := range rows {
		f, l := first[i%len(first)], last[(i/3)%len(last)]
		r := Row{Seq: int64(i + 1), ConsentID: fmt.Sprintf("%032x", i*2654435761), Email: fmt.Sprintf("%s.%s%d@example.no", f, l[:2], i),
			Phone: fmt.Sprintf("+479%07d", i), Channel: channel[i%len(channel)],
			Purposes: "nyhetsbrev; oppdaterte tilbud og alternativer til tilbud du har fått", Status: "granted",
			LawfulBasis: "consent (GDPR art. 6(1)(a))", ChannelRule: "consent_or_existing_customer",
			OptedInAt: at.Add(time.Duration(i) * time.Minute), ConfirmedAt: at.Add(time.Duration(i)*time.Minute + 5*time.Minute),
			PolicyVersion: "2023-06-22", Language: "nb", SourcePage: "/werksta/marketing"}
		if i%4 != 0 {
			a := (i / 7) % len(street)
			r.Name, r.Street, r.PostalCode, r.City = f+" "+l, street[a], postal[a], city[a]
		}
		if i%5 == 0 {
			r.Language, r.SourcePage = "da", "/car-room/marketing"
		}
		r.UpdatedAt = r.ConfirmedAt
		if i%10 == 0 {
			r.Status, r.WithdrawnAt = "withdrawn", r.ConfirmedAt.Add(30*24*time.Hour)
			r.UpdatedAt = r.WithdrawnAt
		}
		rows[i] = r
	}
	return rows
}

// stdJSONL is the JSON Lines writer written with encoding/json's Encoder:
// a map of column to value per row.
type stdJSONL struct {
	enc     *json.Encoder
	columns []string
}

func (j *stdJSONL) Write(values []string) error {
	obj := make(map[string]string, len(values))
	for i, v := range values {
		obj[j.columns[i]] = v
	}
	return j.enc.Encode(obj)
}

func (j *stdJSONL) Flush() error { return nil }

// BenchmarkExportWriters writes 10,000 rows of the current view as the
// export handler does (AppendValues into one slice, then Write): as CSV,
// and as JSON Lines with the export's writer and with encoding/json.
func BenchmarkExportWriters(b *testing.B) {
	const n = 10_000
	rows := benchRows(n)
	columns := Columns(ViewCurrent)
	writers := []struct {
		name string
		make func(io.Writer) (Writer, error)
	}{
		{"csv/encoding-csv", func(w io.Writer) (Writer, error) { return NewWriter(w, FormatCSV, columns) }},
		{"jsonl/hand", func(w io.Writer) (Writer, error) { return NewWriter(w, FormatJSONL, columns) }},
		{"jsonl/encoding-json", func(w io.Writer) (Writer, error) {
			return &stdJSONL{enc: json.NewEncoder(w), columns: columns}, nil
		}},
	}
	for _, wr := range writers {
		b.Run(wr.name, func(b *testing.B) {
			b.ReportAllocs()
			var values []string
			for b.Loop() {
				w, err := wr.make(io.Discard)
				if err != nil {
					b.Fatal(err)
				}
				for i := range rows {
					values = rows[i].AppendValues(values[:0], ViewCurrent)
					if err := w.Write(values); err != nil {
						b.Fatal(err)
					}
				}
				if err := w.Flush(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/row")
		})
	}
}
