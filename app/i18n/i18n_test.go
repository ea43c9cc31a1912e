package i18n

import (
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Every interface text must exist in every language: an empty field would
// show readers a blank heading or button.
func TestTextComplete(t *testing.T) {
	en := T(EN)
	for _, l := range All() {
		text := reflect.ValueOf(*T(l))
		for i := 0; i < text.NumField(); i++ {
			name := text.Type().Field(i).Name
			f := text.Field(i)
			switch f.Kind() {
			case reflect.String:
				if f.String() == "" {
					t.Errorf("%s: %s is empty", l, name)
				}
			case reflect.Map:
				want := reflect.ValueOf(*en).Field(i)
				for _, k := range want.MapKeys() {
					v := f.MapIndex(k)
					if !v.IsValid() || v.String() == "" {
						t.Errorf("%s: %s[%v] is missing", l, name, k)
					}
				}
			}
		}
	}
}

func TestFormatDate(t *testing.T) {
	d := time.Date(2023, time.June, 22, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		lang Lang
		date time.Time
		want string
	}{
		{NB, d, "22. juni 2023"},
		{DA, d, "22. juni 2023"},
		{EN, d, "22 June 2023"},
		{NB, time.Date(2024, time.May, 1, 0, 0, 0, 0, time.UTC), "1. mai 2024"},
		{DA, time.Date(2024, time.May, 1, 0, 0, 0, 0, time.UTC), "1. maj 2024"},
		{DA, time.Date(2024, time.March, 31, 0, 0, 0, 0, time.UTC), "31. marts 2024"},
		{NB, time.Date(2025, time.December, 9, 0, 0, 0, 0, time.UTC), "9. desember 2025"},
	}
	for _, tt := range tests {
		if got := FormatDate(tt.lang, tt.date); got != tt.want {
			t.Errorf("FormatDate(%s, %s) = %q, want %q", tt.lang, tt.date.Format(time.DateOnly), got, tt.want)
		}
	}
}

func TestFromAcceptLanguage(t *testing.T) {
	tests := []struct {
		header string
		want   Lang
	}{
		{"", EN},
		{"nb-NO,nb;q=0.9,en;q=0.8", NB},
		{"no", NB},
		{"nn-NO", NB},
		{"da-DK,da;q=0.9", DA},
		{"de-DE,da;q=0.5", DA},
		{"en-GB", EN},
		{"fr-FR, de", EN},
	}
	for _, tt := range tests {
		if got := FromAcceptLanguage(tt.header, EN); got != tt.want {
			t.Errorf("FromAcceptLanguage(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	var got []Lang
	for _, tag := range []string{"nb", "da", "en", "no", "NB", "", "sv"} {
		if l, ok := Parse(tag); ok {
			got = append(got, l)
		}
	}
	if diff := cmp.Diff([]Lang{NB, DA, EN}, got); diff != "" {
		t.Errorf("Parse accepted (-want +got):\n%s", diff)
	}
}
