package valid

import "testing"

func TestValidOrgNumber(t *testing.T) {
	tests := []struct {
		country, number string
		want            bool
	}{
		{"NO", "985758220", true},  // Carglass AS, from its statement
		{"NO", "985758221", false}, // check digit off by one
		{"NO", "98575822", false},
		{"NO", "98575822a", false},
		{"DK", "41214988", true}, // CAR-ROOM A/S, from its statement
		{"DK", "41214989", false},
		{"DK", "4121498", false},
		{"DK", "985758220", false},
		{"SE", "41214988", false},
	}
	for _, tt := range tests {
		if got := OrgNumber(tt.country, tt.number); got != tt.want {
			t.Errorf("ValidOrgNumber(%s, %q) = %v, want %v", tt.country, tt.number, got, tt.want)
		}
	}
}

func TestValidE164(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"+4795496000", true},
		{"+4560197071", true},
		{"4795496000", false},
		{"+47 95 49 60 00", false},
		{"+0479549600", false},
		{"+47", false},
		{"+1234567890123456", false},
	}
	for _, tt := range tests {
		if got := E164(tt.in); got != tt.want {
			t.Errorf("ValidE164(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestValidWebsite(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"https://www.datatilsynet.no", true},
		{"https://www.werksta.no/privacy-policy/", true},
		{"http://www.werksta.no", false},
		{"https://", false},
		{"https://localhost", false},
		{"https://example.com/a b", false},
		{"javascript:alert(1)", false},
	}
	for _, tt := range tests {
		if got := Website(tt.in); got != tt.want {
			t.Errorf("ValidWebsite(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
