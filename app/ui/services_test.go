package ui

import (
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/company"
	"privacyportal/app/i18n"
	"privacyportal/app/valid"
)

// A visitor asked to consent to a tool the portal knows is told its facts
// wherever the choice is offered or explained: the banner's details, the
// cookie page and the statement. For every known tool placed in every
// company's pages (each company's own services, and each known tool added
// to each company as a service the statement names without a provider or
// cookies), in every language: the provider with its country, each cookie
// with its lifetime, the recipient's role, what the browser sends, where it
// may go and on what basis, and the sources, all marked as the portal's.
func TestKnownServicesShowTheirFacts(t *testing.T) {
	for _, seed := range seedControllers(t) {
		variants := []company.Controller{seed}
		for _, k := range company.KnownServices() {
			c := seed
			c.Cookies.Categories = append([]company.CookieCategory(nil), seed.Cookies.Categories...)
			c.Cookies.Categories = append(c.Cookies.Categories, company.CookieCategory{
				ID: company.CookiesMarketing, Description: "Markedsføring",
				Services: []company.CookieService{{Name: "Verktøy " + k.ID, Purpose: "Annonser", Known: k.ID}},
			})
			if seed.HasOptionalCookies() && hasCategory(seed, company.CookiesMarketing) {
				continue // one marketing category per company
			}
			variants = append(variants, c)
		}
		for _, c := range variants {
			site := NewSite(company.NewRegistry([]company.Controller{c}))
			for _, l := range i18n.All() {
				tx := i18n.Pages(l)
				stmt := &Statement{Site: site, Controller: c, Loc: Location{Page: PageStatement, Lang: l, Slug: c.Slug}}
				surfaces := map[string]string{
					"statement": text(app.Div().Body(stmt.cookiesSection(tx)...)),
					"banner":    text((&ConsentBanner{Site: site, Controller: c, Loc: Location{Page: PageStatement, Lang: l, Slug: c.Slug}}).Render()),
					"cookies":   text((&CookiesPage{Site: site, Controller: c, Loc: Location{Page: PageCookies, Lang: l, Slug: c.Slug}}).Render()),
				}
				for surface, got := range surfaces {
					for _, cat := range c.Cookies.Categories {
						if surface == "banner" && !c.HasOptionalCookies() {
							continue
						}
						for _, svc := range cat.Services {
							k, ok := svc.KnownService()
							where := c.Slug + " " + string(l) + " " + surface + " " + svc.Name
							heading := i18n.Fill(tx.PortalFacts, "service", k.Name)
							if !ok {
								continue
							}
							wants := []string{heading, providerName(tx, k), tx.Roles[k.Role], serviceData(l, k), transferBases(l, k)}
							for _, kc := range k.Cookies {
								if len(svc.Cookies) == 0 {
									wants = append(wants, kc.Name, cookieLifetime(l, kc))
								}
							}
							for _, src := range k.Sources {
								wants = append(wants, strings.TrimPrefix(src, "https://"))
							}
							for _, w := range wants {
								if !strings.Contains(got, w) && !strings.Contains(got, strings.ToLower(w)) {
									t.Errorf("%s: does not show %q", where, w)
								}
							}
							if svc.Provider == "" && strings.Contains(got, svc.Name) && !strings.Contains(got, tx.PortalFact) {
								t.Errorf("%s: the portal's facts are not marked as the portal's", where)
							}
						}
					}
				}
			}
		}
	}
}

func hasCategory(c company.Controller, id string) bool {
	for _, cat := range c.Cookies.Categories {
		if cat.ID == id {
			return true
		}
	}
	return false
}

// The facts are the portal's: every known tool has a provider with a
// known country, cookies with lifetimes, what it sends, where it may go,
// on what basis, and its sources, each named in every language.
func TestKnownServicesAreComplete(t *testing.T) {
	for _, k := range company.KnownServices() {
		if k.ID == "" || k.Name == "" || k.Provider == "" || len(k.Hosts) == 0 || len(k.Cookies) == 0 ||
			len(k.Sends) == 0 || len(k.Countries) == 0 || len(k.Transfers) == 0 || len(k.Sources) == 0 {
			t.Errorf("%s: a fact is missing: %+v", k.ID, k)
		}
		for _, src := range k.Sources {
			if !valid.Website(src) {
				t.Errorf("%s: source %q is not an https address", k.ID, src)
			}
		}
		for _, l := range i18n.All() {
			tx := i18n.Pages(l)
			check := func(what, s string) {
				if s == "" {
					t.Errorf("%s %s: %s has no name", k.ID, l, what)
				}
			}
			check("the seat "+k.Seat, tx.CountryNames[k.Seat])
			check("the role "+k.Role, tx.Roles[k.Role])
			for _, c := range k.Countries {
				check("the country "+c, tx.CountryNames[c])
			}
			for _, d := range k.Sends {
				check("the data "+d, tx.ServiceData[d])
			}
			for _, b := range k.Transfers {
				check("the basis "+b, tx.TransferBases[b])
			}
			for _, kc := range k.Cookies {
				if kc.Lifetime.N < 1 {
					t.Errorf("%s: cookie %s has no lifetime", k.ID, kc.Name)
				}
				check("the unit "+kc.Lifetime.Unit, tx.UnitsMany[kc.Lifetime.Unit])
			}
		}
	}
}
