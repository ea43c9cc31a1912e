package company

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/i18n"
	"privacyportal/app/valid"
)

// Both countries' authorities are called "Datatilsynet": a reader who does
// not read the page in the authority's own language is told whose it is.
func TestAuthorityTitleSaysWhichCountry(t *testing.T) {
	tests := []struct {
		country string
		lang    i18n.Lang
		want    string
	}{
		{"NO", i18n.NB, "Datatilsynet"},
		{"NO", i18n.DA, "Datatilsynet (Norge)"},
		{"NO", i18n.EN, "Datatilsynet (Norway)"},
		{"DK", i18n.DA, "Datatilsynet"},
		{"DK", i18n.NB, "Datatilsynet (Danmark)"},
		{"DK", i18n.EN, "Datatilsynet (Denmark)"},
	}
	for _, tt := range tests {
		a, ok := AuthorityOf(tt.country)
		if !ok {
			t.Fatalf("no authority for %s", tt.country)
		}
		if got := a.Title(tt.lang); got != tt.want {
			t.Errorf("%s in %s: %q, want %q", tt.country, tt.lang, got, tt.want)
		}
	}
}

// The authorities' facts as their own pages give them (see Sources), and
// every one is well formed: an address of its country, E.164, https.
func TestAuthoritiesAreCurrent(t *testing.T) {
	got := map[string]string{}
	for _, a := range Authorities() {
		got[a.Country] = strings.Join(a.Address.Lines, ", ") + ", " + a.Address.PostalCode + " " + a.Address.City
		v := &validator{}
		v.address(a.Country+".address", a.Address)
		v.check(a.Country+".country", a.Address.Country == a.Country, "must be the authority's own country")
		v.check(a.Country+".phone", valid.E164(a.Phone), "must be E.164")
		v.email(a.Country+".email", a.Email)
		v.check(a.Country+".website", valid.Website(a.Website), "must be https")
		v.check(a.Country+".sources", len(a.Sources) > 0, "missing")
		for _, p := range v.problems {
			t.Errorf("%s: %s", p.Field, p.Problem)
		}
	}
	want := map[string]string{
		"NO": "Postboks 458 Sentrum, 0105 Oslo",
		"DK": "Carl Jacobsens Vej 35, 2500 Valby",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("authorities' addresses (-want +got):\n%s", diff)
	}
	for _, country := range []string{"NO", "DK"} {
		if _, ok := AuthorityOf(country); !ok {
			t.Errorf("no authority for %s, a country the loader accepts", country)
		}
	}
}
