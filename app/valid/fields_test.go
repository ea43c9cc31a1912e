package valid

import (
	"testing"
)

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
