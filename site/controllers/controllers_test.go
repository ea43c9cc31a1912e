package controllers

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/company"
	"privacyportal/app/i18n"
)

// Every seed company loads, in its own language, with the privacy inbox
// its statement names and the supervisory authority of its country.
func TestLoadAllFive(t *testing.T) {
	reg, err := company.Load(FS(), Dir)
	if err != nil {
		t.Fatal(err)
	}
	type summary struct {
		Lang      i18n.Lang
		Country   string
		Inbox     string
		Authority string
		Optional  bool // asks for cookie consent
	}
	got := map[string]summary{}
	for _, c := range reg.All() {
		got[c.Slug] = summary{c.Language, c.Country, c.PrivacyEmail, c.Authority().Email, c.HasOptionalCookies()}
	}
	want := map[string]summary{
		"westrum":  {i18n.NB, "NO", "post@westrum.no", "postkasse@datatilsynet.no", true},
		"werksta":  {i18n.NB, "NO", "catherine.sahlgren@werksta.com", "postkasse@datatilsynet.no", true},
		"carglass": {i18n.NB, "NO", "persondata@hurtigruta.no", "postkasse@datatilsynet.no", true},
		"cars":     {i18n.NB, "NO", "post@cars.no", "postkasse@datatilsynet.no", true},
		"car-room": {i18n.DA, "DK", "jesper@car-room.dk", "dt@datatilsynet.dk", false},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("controllers (-want +got):\n%s", diff)
	}
}

// BenchmarkLoad parses and checks the five controller files: what the
// Worker does once when its instance starts, and the stock entry script of
// syumai/workers did for every request.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := company.Load(FS(), Dir); err != nil {
			b.Fatal(err)
		}
	}
}
