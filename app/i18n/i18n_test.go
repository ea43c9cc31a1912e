package i18n

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Every interface text must exist in every language, with the same
// placeholders: an empty field would show readers a blank heading or
// button, and a placeholder missing in one language would drop a name or
// a date from its sentence. Each language file is read as the portal reads
// it (an unknown key is an error).
func TestMessagesComplete(t *testing.T) {
	en, err := readMessages(EN)
	if err != nil {
		t.Fatalf("en: %v", err)
	}
	for _, l := range All() {
		m, err := readMessages(l)
		if err != nil {
			t.Errorf("%s: %v", l, err)
			continue
		}
		compareTexts(t, string(l), reflect.ValueOf(*en), reflect.ValueOf(*m))
	}
}

// compareTexts walks a table beside the English one.
func compareTexts(t *testing.T, path string, en, v reflect.Value) {
	t.Helper()
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			compareTexts(t, path+"."+v.Type().Field(i).Name, en.Field(i), v.Field(i))
		}
	case reflect.Array, reflect.Slice:
		if v.Len() != en.Len() {
			t.Errorf("%s has %d entries, English %d", path, v.Len(), en.Len())
			return
		}
		for i := 0; i < v.Len(); i++ {
			compareTexts(t, fmt.Sprintf("%s[%d]", path, i), en.Index(i), v.Index(i))
		}
	case reflect.Map:
		for _, k := range en.MapKeys() {
			if !v.MapIndex(k).IsValid() {
				t.Errorf("%s[%v] is missing", path, k)
			}
		}
		for _, k := range v.MapKeys() {
			name := fmt.Sprintf("%s[%v]", path, k)
			if !en.MapIndex(k).IsValid() {
				t.Errorf("%s is not in English", name)
				continue
			}
			compareTexts(t, name, en.MapIndex(k), v.MapIndex(k))
		}
	case reflect.String:
		if strings.TrimSpace(v.String()) == "" {
			t.Errorf("%s is empty", path)
		}
		if got, want := placeholders(v.String()), placeholders(en.String()); !slices.Equal(got, want) {
			t.Errorf("%s has placeholders %v, English %v", path, got, want)
		}
	}
}

// placeholders lists the {name} markers of a text, sorted, each once.
func placeholders(s string) []string {
	var list []string
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		list = append(list, s[i:i+j+1])
		s = s[i+j+1:]
	}
	slices.Sort(list)
	return slices.Compact(list)
}

// The tables are built once: every call in a language returns the same one.
func TestTablesAreShared(t *testing.T) {
	for _, l := range All() {
		if Pages(l) != Pages(l) || Requests(l) != Requests(l) || Mail(l) != Mail(l) || Marketing(l) != Marketing(l) || CookieConsent(l) != CookieConsent(l) || Notice(l) != Notice(l) {
			t.Errorf("%s: a table is built anew on each call", l)
		}
	}
	if Pages("sv") != Pages(EN) {
		t.Error("an unknown language does not get the English table")
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
