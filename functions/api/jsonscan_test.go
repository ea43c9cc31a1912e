package api

import (
	"bytes"
	"encoding/json"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// decoderVerdict is what the decoder-based check said of a body before
// strictJSON: the reference strictJSON must agree with.
func decoderVerdict(b []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(b))
	var check func(depth int) bool
	check = func(depth int) bool {
		if depth > maxDepth {
			return false
		}
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				kt, err := dec.Token()
				key, ok := kt.(string)
				if err != nil || !ok || !plainKey(key) || seen[key] {
					return false
				}
				seen[key] = true
				if !check(depth + 1) {
					return false
				}
			}
			_, err := dec.Token()
			return err == nil
		case json.Delim('['):
			for dec.More() {
				if !check(depth + 1) {
					return false
				}
			}
			_, err := dec.Token()
			return err == nil
		}
		return true
	}
	if !check(0) {
		return false
	}
	_, err := dec.Token()
	return err == io.EOF && json.Valid(b)
}

func TestStrictJSON(t *testing.T) {
	tests := []struct {
		body string
		want bool
	}{
		{`{}`, true},
		{` {"type":"access","name":"Kari","email":"k@example.no"} `, true},
		{`{"a":1,"b":[1,2.5,-3e2,true,false,null,{"c":"d"}]}`, true},
		{`{"\u0061":1}`, true},
		{`{"a":1,"\u0061":2}`, false}, // the same key twice, once escaped
		{`{"a":1,"a":2}`, false},
		{`{"EMAIL":"x"}`, false},
		{"{\"\u212a\":1}", false}, // Kelvin sign, which Go folds to k
		{`{"a":1}{}`, false},
		{`{"a":1,}`, false},
		{`{"a" 1}`, false},
		{`[01]`, false},
		{`{"a":"\x"}`, false},
		{"{\"a\":\"line\nbreak\"}", false},
		{`{"a":tru}`, false},
		{strings.Repeat("[", maxDepth+2) + strings.Repeat("]", maxDepth+2), false},
		{strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth), true},
		{``, false},
	}
	for _, tt := range tests {
		if got := strictJSON([]byte(tt.body)); got != tt.want {
			t.Errorf("strictJSON(%q) = %v, want %v", tt.body, got, tt.want)
		}
		if got := decoderVerdict([]byte(tt.body)); got != tt.want {
			t.Errorf("the decoder's verdict on %q = %v, want %v", tt.body, got, tt.want)
		}
	}
}

// On thousands of generated bodies, valid and broken, strictJSON says what
// the decoder-based check said.
func TestStrictJSONAgreesWithTheDecoder(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	atoms := []string{`{`, `}`, `[`, `]`, `:`, `,`, ` `, `"a"`, `"b"`, `"type"`, `"A"`, `"\u0062"`, `"x y"`, `"\"`, `"\n"`,
		`1`, `-0.5e3`, `01`, `true`, `nul`, `null`, `"æ"`, "\"\u2028\"", `{"a":1}`, `[1,2]`, `""`, `"\ud800"`}
	agree := 0
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for n := r.IntN(12); n >= 0; n-- {
			b.WriteString(atoms[r.IntN(len(atoms))])
		}
		body := []byte(b.String())
		if !utf8.Valid(body) {
			continue
		}
		if got, want := strictJSON(body), decoderVerdict(body); got != want {
			t.Fatalf("strictJSON(%q) = %v, the decoder's check %v", body, got, want)
		}
		agree++
	}
	if agree < 10000 {
		t.Fatalf("only %d bodies compared", agree)
	}
}

// Hand-written error answers read byte for byte as json.Marshal wrote
// them, for any text.
func TestErrorBodyMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	pieces := []string{"a", "æøå", "<script>", "&", `"`, `\`, "\n", "\t", "\b", "\f", "\x00", "\x1f", "\u2028", "\u2029", "\xff", "😀", " ", "é"}
	text := func() string {
		var b strings.Builder
		for n := r.IntN(8); n > 0; n-- {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		return b.String()
	}
	for i := 0; i < 5000; i++ {
		var e errorBody
		e.Error.Code, e.Error.Message = text(), text()
		if r.IntN(2) == 0 {
			e.Fields = map[string]string{}
			for n := r.IntN(4); n >= 0; n-- {
				e.Fields[text()] = text()
			}
		}
		want, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		if got := e.appendJSON(nil); !bytes.Equal(got, want) {
			t.Fatalf("appendJSON = %s\nencoding/json %s", got, want)
		}
	}
}
