package privacy

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/emailaddr"
	"privacyportal/app/i18n"
)

func valid(t string) RequestForm {
	f := RequestForm{Type: t, Name: "Åse Ødegård", Email: "ase@example.no"}
	switch t {
	case TypeRectification:
		f.Wrong, f.Correct = "Adressen", "Storgata 1"
	case TypePortability:
		f.Format = FormatJSON
	case TypeObjection:
		f.ObjectionScope = ObjectDirectMarketing
	case TypeQuestion:
		f.Text = "Hvor lenge lagrer dere bildene av bilen?"
	}
	return f
}

// Every request type is accepted when filled in as its form asks, and
// refused, field by field, when its own fields are missing.
func TestValidateEveryType(t *testing.T) {
	for _, typ := range RequestTypes() {
		t.Run(typ, func(t *testing.T) {
			if errs := valid(typ).Normalize("NO").Validate(); len(errs) != 0 {
				t.Errorf("a complete %s request is refused: %v", typ, errs)
			}
		})
	}
	tests := []struct {
		name   string
		change func(*RequestForm)
		want   []FieldError
	}{
		{"nothing", func(f *RequestForm) { *f = RequestForm{} },
			[]FieldError{{"type", ErrRequired}, {"name", ErrRequired}, {"email", ErrRequired}}},
		{"unknown type", func(f *RequestForm) { f.Type = "delete_everything" }, []FieldError{{"type", ErrChoice}}},
		{"rectification without what is wrong and right", func(f *RequestForm) { *f = valid(TypeRectification); f.Wrong, f.Correct = "", " " },
			[]FieldError{{"wrong", ErrRequired}, {"correct", ErrRequired}}},
		{"portability without a format", func(f *RequestForm) { *f = valid(TypePortability); f.Format = "" }, []FieldError{{"format", ErrRequired}}},
		{"portability in an unknown format", func(f *RequestForm) { *f = valid(TypePortability); f.Format = "pdf" }, []FieldError{{"format", ErrChoice}}},
		{"objection without a scope", func(f *RequestForm) { *f = valid(TypeObjection); f.ObjectionScope = "" }, []FieldError{{"objection_scope", ErrRequired}}},
		{"objection to processing needs words", func(f *RequestForm) { *f = valid(TypeObjection); f.ObjectionScope = ObjectProcessing },
			[]FieldError{{"text", ErrRequired}}},
		{"a question needs words", func(f *RequestForm) { *f = valid(TypeQuestion); f.Text = "" }, []FieldError{{"text", ErrRequired}}},
		{"bad e-mail", func(f *RequestForm) { f.Email = "ase@example" }, []FieldError{{"email", ErrInvalid}}},
		{"e-mail with a line break", func(f *RequestForm) { f.Email = "ase@example.no\nBcc: x@y.no" }, []FieldError{{"email", ErrInvalid}}},
		{"bad phone", func(f *RequestForm) { f.Phone = "12345" }, []FieldError{{"phone", ErrInvalid}}},
		{"bad registration number", func(f *RequestForm) { f.RegNumber = "AB-123-45-678" }, []FieldError{{"registration_number", ErrInvalid}}},
		{"VIN with an O", func(f *RequestForm) { f.VIN = "WVWZZZ1JZ3WO86752" }, []FieldError{{"vin", ErrInvalid}}},
		{"name too long", func(f *RequestForm) { f.Name = strings.Repeat("å", MaxName+1) }, []FieldError{{"name", ErrTooLong}}},
		{"text too long", func(f *RequestForm) { f.Text = strings.Repeat("ø", MaxText+1) }, []FieldError{{"text", ErrTooLong}}},
		{"control character in the customer number", func(f *RequestForm) { f.CustomerNumber = "12\x0034" }, []FieldError{{"customer_number", ErrControlChars}}},
		{"a right-to-left override in the name", func(f *RequestForm) { f.Name = "Åse \u202emoc.atskrew@" }, []FieldError{{"name", ErrControlChars}}},
		{"a bidi isolate in the name", func(f *RequestForm) { f.Name = "Åse\u2066x\u2069" }, []FieldError{{"name", ErrControlChars}}},
		{"a right-to-left mark in the text", func(f *RequestForm) { f.Text = "hei\u200f" }, []FieldError{{"text", ErrControlChars}}},
		{"an encoded-word start in the address", func(f *RequestForm) { f.Email = "a=?b@example.no" }, []FieldError{{"email", ErrInvalid}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := valid(TypeAccess)
			tt.change(&f)
			if diff := cmp.Diff(tt.want, f.Normalize("NO").Validate()); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	in := RequestForm{
		Type: " erasure ", Name: "  Åse \n Ødegård ", Email: " Ase@Example.NO ", Phone: "954 96 000",
		RegNumber: "ab 12 345", VIN: "wvwzzz1jz3w386752", Text: "linje 1\r\nlinje 2  ",
		Wrong: "skal bort", Format: FormatCSV, Language: "sv",
	}
	want := RequestForm{
		Type: "erasure", Name: "Åse Ødegård", Email: "Ase@example.no", Phone: "+4795496000",
		RegNumber: "AB12345", VIN: "WVWZZZ1JZ3W386752", Text: "linje 1\nlinje 2",
	}
	if diff := cmp.Diff(want, in.Normalize("NO")); diff != "" {
		t.Errorf("Normalize (-want +got):\n%s", diff)
	}
}

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		in, country, want string
		ok                bool
	}{
		{"95 49 60 00", "NO", "+4795496000", true},
		{"+47 954 96 000", "DK", "+4795496000", true},
		{"0045 60197071", "NO", "+4560197071", true},
		{"60 19 70 71", "DK", "+4560197071", true},
		{"+46 70-123 45 67", "NO", "+46701234567", true},
		{"1234567", "NO", "", false},
		{"+47 1234", "NO", "", false},
		{"95496000 ring meg", "NO", "", false},
	}
	for _, tt := range tests {
		got, ok := NormalizePhone(tt.in, tt.country)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizePhone(%q, %s) = %q, %v; want %q, %v", tt.in, tt.country, got, ok, tt.want, tt.ok)
		}
	}
}

// Every error of every field has a message in every language, and the
// messages differ between languages.
func TestMessagesInEveryLanguage(t *testing.T) {
	errs := []FieldError{}
	for _, f := range RequestFields() {
		for _, p := range []string{ErrRequired, ErrTooLong, ErrInvalid, ErrControlChars, ErrChoice} {
			errs = append(errs, FieldError{f.Name, p})
		}
	}
	seen := map[string]i18n.Lang{}
	for _, l := range i18n.All() {
		for _, e := range errs {
			msg := Message(l, e)
			if msg == "" || strings.Contains(msg, "{") {
				t.Errorf("%s %s %s: %q", l, e.Field, e.Problem, msg)
			}
			if other, ok := seen[msg]; ok && other != l {
				t.Errorf("%q is the message in both %s and %s", msg, other, l)
			}
			seen[msg] = l
		}
	}
	if got := Message(i18n.DA, FieldError{"name", ErrRequired}); got != "Skriv dit navn." {
		t.Errorf("Danish name message = %q", got)
	}
	if got := Message(i18n.EN, FieldError{"text", ErrTooLong}); got != "The text can be at most 2000 characters." {
		t.Errorf("English length message = %q", got)
	}
}

// The form decoder and the validator never panic, and what they accept is
// safe to put in a mail header: no control characters in single-line
// fields, bounded lengths, a valid e-mail address.
func FuzzRequestForm(f *testing.F) {
	f.Add([]byte(`{"type":"access","name":"Åse","email":"ase@example.no"}`))
	f.Add([]byte(`{"type":"rectification","name":"x\r\nBcc: y@z.no","email":"a@b.no","wrong":"1","correct":"2"}`))
	f.Add([]byte(`{"type":"question","name":"\u2028","email":"a@b.no","text":"?"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var form RequestForm
		if json.Unmarshal(data, &form) != nil {
			return
		}
		n := form.Normalize("NO")
		if len(n.Validate()) > 0 {
			return
		}
		for _, s := range []string{n.Name, n.Email, n.Phone, n.RegNumber, n.VIN, n.CustomerNumber, n.Type} {
			if strings.ContainsAny(s, "\r\n\x00") || !utf8.ValidString(s) {
				t.Fatalf("accepted a single-line field with a line break: %q", s)
			}
		}
		if !emailaddr.Valid(n.Email) || utf8.RuneCountInString(n.Name) > MaxName || utf8.RuneCountInString(n.Text) > MaxText {
			t.Fatalf("accepted %+v", n)
		}
		if again := n.Normalize("NO"); again != n {
			t.Fatalf("Normalize is not idempotent:\n%+v\n%+v", n, again)
		}
	})
}

// BenchmarkValidate checks a filled-in rectification request, the work the
// browser repeats on every keystroke and the Worker on every submission.
func BenchmarkValidate(b *testing.B) {
	f := valid(TypeRectification)
	f.Phone, f.RegNumber, f.Text = "+47 912 34 567", "AB 12345", strings.Repeat("Gjelder verkstedbesøket i mars. ", 20)
	b.ReportAllocs()
	for b.Loop() {
		if errs := f.Normalize("NO").Validate(); len(errs) != 0 {
			b.Fatal(errs)
		}
	}
}
