package d1

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// decodeRaw makes of JSON.stringify's text of D1's raw() answer what
// walking the answer value by value made of it (Binding's fromJS): nil,
// int64 for whole numbers, float64, string, []byte for a BLOB.
func TestDecodeRaw(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Rows
	}{
		{"nothing", `[]`, Rows{}},
		{"columns only", `[["a","b"]]`, Rows{Columns: []string{"a", "b"}}},
		{"values", `[["n","s","x","f","b"],[1,"en",null,1.5,[0,1,255]],[-7,"",null,-0.25,[]]]`, Rows{
			Columns: []string{"n", "s", "x", "f", "b"},
			Values:  [][]any{{int64(1), "en", nil, 1.5, []byte{0, 1, 255}}, {int64(-7), "", nil, -0.25, []byte{}}},
		}},
		{"numbers", `[["n"],[9007199254740993],[1e+21],[123456789012345678],[2.5e-7],[100]]`, Rows{
			Columns: []string{"n"},
			Values:  [][]any{{int64(9007199254740992)}, {1e21}, {int64(123456789012345680)}, {2.5e-7}, {int64(100)}},
		}},
		{"escapes", `[["s"],["a\"b\\c\/d\b\f\n\r\t"],["\u00e6\u00f8\u00e5 æøå"],["\ud83d\ude00 😀"],["\ud800"],["\udc00x"],["\ud800\u0041"],["\u2028"]]`, Rows{
			Columns: []string{"s"},
			Values:  [][]any{{"a\"b\\c/d\b\f\n\r\t"}, {"æøå æøå"}, {"😀 😀"}, {"\ufffd"}, {"\ufffdx"}, {"\ufffdA"}, {"\u2028"}},
		}},
		{"white space", " [ [ \"a\" ] ,\n [ 1 ] ] ", Rows{Columns: []string{"a"}, Values: [][]any{{int64(1)}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeRaw(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("decodeRaw(%s) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
	for _, in := range []string{`[["a"],[{}]]`, `[["a"],[true]]`, `[["a"],[false]]`, `[["a"],[[1,{}]]]`, `[["a"],[[256]]]`} {
		if _, err := decodeRaw(in); !errors.Is(err, errNotPlain) {
			t.Errorf("decodeRaw(%s): %v, want errNotPlain (read value by value instead)", in, err)
		}
	}
	for _, in := range []string{``, `[`, `[[`, `[["a"]`, `[["a"],[1]`, `[["a"],[1,]]`, `[["a"],["x]]`, `[["a"],["\x"]]`,
		`[["a"],["\u12"]]`, `[["a"],[nul]]`, `[["a"],[-]]`, `[["a"]] x`, `[[1]]`, `{}`, `[["a"],["x"]]]`} {
		if _, err := decodeRaw(in); err == nil || errors.Is(err, errNotPlain) {
			t.Errorf("decodeRaw(%s): %v, want an error", in, err)
		}
	}
}

// Strings come back as encoding/json reads them, whatever they hold, and
// a column's value that repeats the row before is the same value.
func TestDecodeRawStrings(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"a", "æ", "\"", "\\", "/", "\n", "\r", "\t", "\x00", "\x1f", "\x7f", "<", "&", "\u2028", "😀", " ", ";"}
	page := [][]string{{"a", "b", "c"}}
	for n := 1; n < 500; n++ {
		row := make([]string, 3)
		for i := range row {
			if rnd.IntN(3) == 0 {
				row[i] = page[n-1][i]
				continue
			}
			var b strings.Builder
			for range rnd.IntN(6) {
				b.WriteString(pieces[rnd.IntN(len(pieces))])
			}
			row[i] = b.String()
		}
		page = append(page, row)
	}
	text, err := json.Marshal(page)
	if err != nil {
		t.Fatal(err)
	}
	// JSON.stringify does not escape what Go does (<, &, U+2028); both
	// are JSON, and the reader takes both.
	for _, in := range []string{string(text), strings.NewReplacer(`\u003c`, "<", `\u0026`, "&", `\u2028`, "\u2028").Replace(string(text))} {
		got, err := decodeRaw(in)
		if err != nil {
			t.Fatal(err)
		}
		want := Rows{Columns: page[0]}
		for _, r := range page[1:] {
			want.Values = append(want.Values, []any{r[0], r[1], r[2]})
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	}
}
