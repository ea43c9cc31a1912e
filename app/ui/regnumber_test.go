package ui

import (
	"strings"
	"testing"

	"privacyportal/app/company"
	"privacyportal/app/i18n"
	"privacyportal/app/requests"
	"privacyportal/app/valid"
)

// The registration number's example is a plate of the company's country
// (the car is registered where the company is), in every interface
// language: Norwegian plates on a Norwegian company's form read in
// Danish, Danish plates on a Danish company's form read in Norwegian.
// Each company is also tried as if it were in the other country, so the
// rule holds whatever the files say today. The example is one the form
// accepts.
func TestRegistrationExampleFollowsTheCompanysCountry(t *testing.T) {
	examples := map[string]string{"NO": valid.RegNumberExample("NO"), "DK": valid.RegNumberExample("DK")}
	if examples["NO"] == examples["DK"] {
		t.Fatalf("one example for both countries: %q", examples["NO"])
	}
	for country, ex := range examples {
		f := requests.Form{Type: requests.TypeAccess, Name: "Kari", Email: "kari@example.no", RegNumber: ex}
		for _, e := range f.Normalize(country).Validate() {
			if e.Field == "registration_number" {
				t.Errorf("%s: the form refuses its own example %q", country, ex)
			}
		}
	}
	for _, seed := range seedControllers(t) {
		for _, country := range []string{"NO", "DK"} {
			c := seed
			c.Country = country
			site := NewSite(company.NewRegistry([]company.Controller{c}))
			for _, l := range i18n.All() {
				got := text((&RequestPage{Site: site, Controller: c, Loc: Location{Page: PageRequest, Lang: l, Slug: c.Slug}}).Render())
				for other, ex := range examples {
					// "AB 12345" is not inside "AB 12 345", nor the other way round.
					if has := strings.Contains(got, ex); has != (other == country) {
						t.Errorf("%s as %s, read in %s: shows %q: %v", c.Slug, country, l, ex, has)
					}
				}
				if want := i18n.Fill(i18n.Requests(l).FindYouHelp, "name", c.Name); !strings.Contains(got, want) {
					t.Errorf("%s %s: no %q", c.Slug, l, want)
				}
			}
		}
	}
}
