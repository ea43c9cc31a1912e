package emailaddr

import (
	"strings"
	"testing"
)

func TestValid(t *testing.T) {
	tests := []struct {
		email string
		want  bool
	}{
		{"catherine.sahlgren@werksta.com", true},
		{"jesper@car-room.dk", true},
		{"first.last+tag@sub.example.co.uk", true},
		{"o'brien@example.ie", true},
		{"a-b_c{d}@ex-ample.no", true},
		{strings.Repeat("a", 64) + "@example.no", true},
		{strings.Repeat("a", 65) + "@example.no", false},
		{"a@" + strings.Repeat("b", 64) + ".no", false},
		{"", false},
		{"plain", false},
		{"@example.no", false},
		{"a@", false},
		{"a@no", false},
		{"a@@example.com", false},
		{"a@example..com", false},
		{"a@example.no.", false},
		{"a@example-.no", false},
		{"a@-example.com", false},
		{".a@example.com", false},
		{"a.@example.no", false},
		{"a..b@example.com", false},
		{"a b@example.no", false},
		{`"quoted"@example.com`, false},
		{"a<b@example.no", false},
		{"name <a@example.com>", false},
		{"a@example.no\n", false},
		{"a@example.com\r\nBcc: x@evil.example", false},
		{"æ@example.no", false},
		{"Ærlig@example.no", false},
		{"a@127.0.0.1", false},
		{"x@1.2", false},
		{"a=b?c@example.no", true},
		// "=?" is where an encoded-word starts; the form once took it
		// and the composer refused it (a 500).
		{"a=?b@example.no", false},
		{"=?utf-8?q?x?=@example.no", false},
	}
	for _, tt := range tests {
		if got := Valid(tt.email); got != tt.want {
			t.Errorf("Valid(%q) = %v, want %v", tt.email, got, tt.want)
		}
	}
}
