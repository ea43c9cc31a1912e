package ui

import (
	"strings"
	"testing"

	"privacyportal/app/company"
	"privacyportal/app/i18n"
	"privacyportal/app/requests"
)

// Wherever a page sends a customer to complain (the statement's authority
// section, the receipt of a confirmed request), it names the authority of
// the company's country as the reader can tell it apart from the other
// "Datatilsynet", gives its current address, and says the customer may also
// turn to the authority where they live or work (GDPR art. 77). For every
// company in every language.
func TestComplaintsGoToTheRightAuthority(t *testing.T) {
	for _, c := range seedControllers(t) {
		a := c.Authority()
		site := NewSite(company.NewRegistry([]company.Controller{c}))
		for _, l := range i18n.All() {
			tx := i18n.Pages(l)
			s := &Statement{Site: site, Controller: c, Loc: Location{Page: PageStatement, Lang: l, Slug: c.Slug}}
			pages := map[string]string{
				"statement": text(s.Render()),
				"receipt": text(receipt(site, c, l, SentRequest{ID: "r1", Reference: "AB12", Controller: c.Slug,
					Type: requests.TypeAccess, Submitted: "2026-01-05", Due: "2026-02-05", Status: "delivered"}, nil)),
			}
			for page, got := range pages {
				where := c.Slug + " " + string(l) + " " + page
				if !strings.Contains(got, a.Title(l)) {
					t.Errorf("%s: does not name %q", where, a.Title(l))
				}
				if (l == i18n.EN || l != c.Language) && !strings.Contains(got, "("+tx.CountryNames[c.Country]+")") {
					t.Errorf("%s: names the authority without its country", where)
				}
				if page == "statement" && !strings.Contains(got, a.Address.Lines[0]) {
					t.Errorf("%s: no address %q", where, a.Address.Lines[0])
				}
				if !strings.Contains(got, tx.ComplainElsewhere) {
					t.Errorf("%s: does not say a complaint may go where the customer lives or works", where)
				}
				if strings.Contains(got, "Borgergade") {
					t.Errorf("%s: sends complaints to Datatilsynet's old address", where)
				}
			}
		}
	}
}
