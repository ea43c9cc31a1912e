package requests

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/emailaddr"
	"privacyportal/app/i18n"
	"privacyportal/app/problem"
)

func validForm(t string) Form {
	f := Form{Type: t, Name: "Åse Ødegård", Email: "ase@example.no"}
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
	for _, typ := range Types() {
		t.Run(typ, func(t *testing.T) {
			if errs := validForm(typ).Normalize("NO").Validate(); len(errs) != 0 {
				t.Errorf("a complete %s request is refused: %v", typ, errs)
			}
		})
	}
	tests := []struct {
		name   string
		change func(*Form)
		want   []problem.FieldError
	}{
		{"nothing", func(f *Form) { *f = Form{} },
			[]problem.FieldError{{Field: "type", Problem: problem.ErrRequired}, {Field: "name", Problem: problem.ErrRequired}, {Field: "email", Problem: problem.ErrRequired}}},
		{"unknown type", func(f *Form) { f.Type = "delete_everything" }, []problem.FieldError{{Field: "type", Problem: problem.ErrChoice}}},
		{"rectification without what is wrong and right", func(f *Form) { *f = validForm(TypeRectification); f.Wrong, f.Correct = "", " " },
			[]problem.FieldError{{Field: "wrong", Problem: problem.ErrRequired}, {Field: "correct", Problem: problem.ErrRequired}}},
		{"portability without a format", func(f *Form) { *f = validForm(TypePortability); f.Format = "" }, []problem.FieldError{{Field: "format", Problem: problem.ErrRequired}}},
		{"portability in an unknown format", func(f *Form) { *f = validForm(TypePortability); f.Format = "pdf" }, []problem.FieldError{{Field: "format", Problem: problem.ErrChoice}}},
		{"objection without a scope", func(f *Form) { *f = validForm(TypeObjection); f.ObjectionScope = "" }, []problem.FieldError{{Field: "objection_scope", Problem: problem.ErrRequired}}},
		{"objection to processing needs words", func(f *Form) { *f = validForm(TypeObjection); f.ObjectionScope = ObjectProcessing },
			[]problem.FieldError{{Field: "text", Problem: problem.ErrRequired}}},
		{"a question needs words", func(f *Form) { *f = validForm(TypeQuestion); f.Text = "" }, []problem.FieldError{{Field: "text", Problem: problem.ErrRequired}}},
		{"bad e-mail", func(f *Form) { f.Email = "ase@example" }, []problem.FieldError{{Field: "email", Problem: problem.ErrInvalid}}},
		{"e-mail with a line break", func(f *Form) { f.Email = "ase@example.no\nBcc: x@y.no" }, []problem.FieldError{{Field: "email", Problem: problem.ErrInvalid}}},
		{"bad phone", func(f *Form) { f.Phone = "12345" }, []problem.FieldError{{Field: "phone", Problem: problem.ErrInvalid}}},
		{"bad registration number", func(f *Form) { f.RegNumber = "AB-123-45-678" }, []problem.FieldError{{Field: "registration_number", Problem: problem.ErrInvalid}}},
		{"VIN with an O", func(f *Form) { f.VIN = "WVWZZZ1JZ3WO86752" }, []problem.FieldError{{Field: "vin", Problem: problem.ErrInvalid}}},
		{"name too long", func(f *Form) { f.Name = strings.Repeat("å", problem.MaxName+1) }, []problem.FieldError{{Field: "name", Problem: problem.ErrTooLong}}},
		{"text too long", func(f *Form) { f.Text = strings.Repeat("ø", problem.MaxText+1) }, []problem.FieldError{{Field: "text", Problem: problem.ErrTooLong}}},
		{"control character in the customer number", func(f *Form) { f.CustomerNumber = "12\x0034" }, []problem.FieldError{{Field: "customer_number", Problem: problem.ErrControlChars}}},
		{"a right-to-left override in the name", func(f *Form) { f.Name = "Åse \u202emoc.atskrew@" }, []problem.FieldError{{Field: "name", Problem: problem.ErrControlChars}}},
		{"a bidi isolate in the name", func(f *Form) { f.Name = "Åse\u2066x\u2069" }, []problem.FieldError{{Field: "name", Problem: problem.ErrControlChars}}},
		{"a right-to-left mark in the text", func(f *Form) { f.Text = "hei\u200f" }, []problem.FieldError{{Field: "text", Problem: problem.ErrControlChars}}},
		{"an encoded-word start in the address", func(f *Form) { f.Email = "a=?b@example.no" }, []problem.FieldError{{Field: "email", Problem: problem.ErrInvalid}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := validForm(TypeAccess)
			tt.change(&f)
			if diff := cmp.Diff(tt.want, f.Normalize("NO").Validate()); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	in := Form{
		Type: " erasure ", Name: "  Åse \n Ødegård ", Email: " Ase@Example.NO ", Phone: "954 96 000",
		RegNumber: "ab 12 345", VIN: "wvwzzz1jz3w386752", Text: "linje 1\r\nlinje 2  ",
		Wrong: "skal bort", Format: FormatCSV, Language: "sv",
	}
	want := Form{
		Type: "erasure", Name: "Åse Ødegård", Email: "Ase@example.no", Phone: "+4795496000",
		RegNumber: "AB12345", VIN: "WVWZZZ1JZ3W386752", Text: "linje 1\nlinje 2",
	}
	if diff := cmp.Diff(want, in.Normalize("NO")); diff != "" {
		t.Errorf("Normalize (-want +got):\n%s", diff)
	}
}

// Every error of every field has a message in every language, and the
// messages differ between languages.
func TestMessagesInEveryLanguage(t *testing.T) {
	errs := []problem.FieldError{}
	for _, f := range Fields() {
		for _, p := range []string{problem.ErrRequired, problem.ErrTooLong, problem.ErrInvalid, problem.ErrControlChars, problem.ErrChoice} {
			errs = append(errs, problem.FieldError{Field: f.Name, Problem: p})
		}
	}
	seen := map[string]i18n.Lang{}
	for _, l := range i18n.All() {
		for _, e := range errs {
			msg := problem.Message(l, e)
			if msg == "" || strings.Contains(msg, "{") {
				t.Errorf("%s %s %s: %q", l, e.Field, e.Problem, msg)
			}
			if other, ok := seen[msg]; ok && other != l {
				t.Errorf("%q is the message in both %s and %s", msg, other, l)
			}
			seen[msg] = l
		}
	}
	if got := problem.Message(i18n.DA, problem.FieldError{Field: "name", Problem: problem.ErrRequired}); got != "Skriv dit navn." {
		t.Errorf("Danish name message = %q", got)
	}
	if got := problem.Message(i18n.EN, problem.FieldError{Field: "text", Problem: problem.ErrTooLong}); got != "The text can be at most 2000 characters." {
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
		var form Form
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
		if !emailaddr.Valid(n.Email) || utf8.RuneCountInString(n.Name) > problem.MaxName || utf8.RuneCountInString(n.Text) > problem.MaxText {
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
	f := validForm(TypeRectification)
	f.Phone, f.RegNumber, f.Text = "+47 912 34 567", "AB 12345", strings.Repeat("Gjelder verkstedbesøket i mars. ", 20)
	b.ReportAllocs()
	for b.Loop() {
		if errs := f.Normalize("NO").Validate(); len(errs) != 0 {
			b.Fatal(errs)
		}
	}
}
