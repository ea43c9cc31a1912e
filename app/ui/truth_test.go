package ui

import (
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/company"
	"privacyportal/app/i18n"
	"privacyportal/app/marketingconsent"
)

// text is what a reader sees of a component: its markup without tags.
func text(ui app.UI) string {
	return html.UnescapeString(tagPattern.ReplaceAllString(app.HTMLString(ui), "\n"))
}

// A statement page states only what its company wrote: a legal basis, a
// recipient's role, a transfer, a provider or a cookie's lifetime appears
// only where the company's file has it (and so, by TestProvenance, where
// the statement says it); everywhere else the reader is told the
// statement does not say. The supervisory authority is marked as the
// portal's addition.
func TestStatementStatesOnlyWhatItsCompanyWrote(t *testing.T) {
	for _, c := range seedControllers(t) {
		for _, l := range i18n.All() {
			tx := i18n.Pages(l)
			s := &Statement{Site: NewSite(company.NewRegistry([]company.Controller{c})), Controller: c, Loc: Location{Page: PageStatement, Lang: l, Slug: c.Slug}}
			where := c.Slug + " " + string(l)
			section := func(body []app.UI) string { return text(app.Div().Body(body...)) }

			purposes := section(s.purposesSection(tx))
			bases, silent := 0, 0
			for _, p := range c.Purposes {
				bases += len(p.LegalBases)
				// A basis in the company's own terms is shown as written.
				if len(p.LegalBases) == 0 && p.LegalBasisText == "" {
					silent++
				}
			}
			ref := strings.TrimSpace(strings.Split(i18n.Fill(tx.LegalBasisRef, "letter", "@"), "@")[0])
			if got := strings.Count(purposes, ref); got != bases {
				t.Errorf("%s: %d legal bases shown, the file names %d", where, got, bases)
			}
			if got := strings.Count(purposes, tx.NotStated); got != silent {
				t.Errorf("%s: %d purposes say their basis is not stated, want %d", where, got, silent)
			}
			for _, p := range c.Purposes {
				if p.LegalBasisText != "" && !strings.Contains(purposes, p.LegalBasisText) {
					t.Errorf("%s: %q: the basis as the company wrote it is not shown", where, p.Name)
				}
				for _, n := range p.Notes {
					if !strings.Contains(purposes, tx.PortalNotes[n]) {
						t.Errorf("%s: %q: the portal's note %s is not shown", where, p.Name, n)
					}
				}
			}
			for _, n := range c.Transfers.Notes {
				if !strings.Contains(section(s.transfersSection(tx)), tx.PortalNotes[n]) {
					t.Errorf("%s: the portal's note %s on transfers is not shown", where, n)
				}
			}
			for _, n := range c.Cookies.Notes {
				if !strings.Contains(section(s.cookiesSection(tx)), tx.PortalNotes[n]) {
					t.Errorf("%s: the portal's note %s on cookies is not shown", where, n)
				}
			}
			if c.ProcessorRole != "" && !strings.Contains(section(s.controllerSection(tx)), c.ProcessorRole) {
				t.Errorf("%s: what the company says of its role as processor is not shown", where)
			}

			recipients := section(s.recipientsSection(tx))
			unstated := 0
			for _, r := range c.Recipients {
				if r.Role == "" {
					unstated++
				}
			}
			if got := strings.Count(recipients, tx.NotStated); got != unstated {
				t.Errorf("%s: %d recipients without a stated role, want %d", where, got, unstated)
			}

			transfers := section(s.transfersSection(tx))
			want := map[string]string{"": tx.TransfersUnstated, company.TransfersYes: tx.TransfersYes, company.TransfersNo: tx.TransfersNo}[c.Transfers.OutsideEEA]
			if !strings.Contains(transfers, want) {
				t.Errorf("%s: transfers section lacks %q:\n%s", where, want, transfers)
			}
			if c.LoadsOtherSites() != strings.Contains(transfers, strings.Split(tx.TransfersTools, ":")[0]) {
				t.Errorf("%s: the portal's note on tools loaded from other sites is missing or misplaced", where)
			}

			// What loading a known tool sends, and where it may go, is
			// said beside the company's word on transfers.
			for _, cat := range c.Cookies.Categories {
				for _, svc := range cat.Services {
					if k, ok := svc.KnownService(); ok && len(svc.Scripts) > 0 {
						if want := i18n.Fill(tx.TransfersToolsSends, "service", k.Name, "data", serviceData(l, k), "provider", providerName(tx, k),
							"countries", countryList(l, k.Countries), "bases", transferBases(l, k)); !strings.Contains(transfers, want) {
							t.Errorf("%s: the transfers section does not say what loading %s sends:\n%s", where, k.Name, transfers)
						}
					}
				}
			}

			cookies := section(s.cookiesSection(tx))
			missing := 0
			for _, cat := range c.Cookies.Categories {
				for _, svc := range cat.Services {
					// A tool the portal knows has its provider and
					// lifetimes from the portal's facts, marked as such.
					known, isKnown := svc.KnownService()
					if svc.Provider == "" && !isKnown {
						missing++
					}
					for _, ck := range svc.Cookies {
						if _, ok := knownCookie(known, ck.Name); ck.Lifetime == "" && !ok {
							missing++
						}
					}
				}
			}
			if got := strings.Count(cookies, tx.NotStated); got != missing {
				t.Errorf("%s: %d providers or lifetimes said to be unstated, want %d", where, got, missing)
			}

			if got := section(s.authoritySection(tx)); !strings.Contains(got, tx.FromPortal) {
				t.Errorf("%s: the authority section is not marked as the portal's", where)
			}
			for name, own := range map[string]string{"data_protection_officer": c.DataProtectionOfficer, "requirement": c.Requirement, "automated_decisions": c.AutomatedDecisions} {
				got := section(s.ownWords(tx, name, own))
				if own == "" && !strings.Contains(got, tx.StatementSilent) || own != "" && !strings.Contains(got, own) {
					t.Errorf("%s: section %s says %q", where, name, got)
				}
			}
		}
	}
}

// A marketing page offers a "no" only where the company's country lets
// companies market without asking (Norway: calls and post; Denmark: post),
// explains each channel's rule in that country's law, and never tells a
// Danish customer that CAR-ROOM may call without asking.
func TestMarketingPagesFollowTheirCountrysLaw(t *testing.T) {
	for _, c := range seedControllers(t) {
		for _, l := range i18n.All() {
			k := i18n.Marketing(l)
			p := &MarketingPage{Site: NewSite(company.NewRegistry([]company.Controller{c})), Loc: Location{Page: PageMarketing, Lang: l, Slug: c.Slug}, Controller: c}
			out := app.HTMLString(p.Render())
			page := text(p.Render())
			where := c.Slug + " " + string(l)
			var reserve []string
			for _, input := range reserveInput.FindAllString(out, -1) {
				reserve = append(reserve, inputValue.FindStringSubmatch(input)[1])
			}
			for _, ch := range marketingconsent.AllChannels() {
				offered := slices.Contains(reserve, ch)
				if want := slices.Contains(marketingconsent.Reservable(c.Country), ch); offered != want {
					t.Errorf("%s: a no to %s offered: %v, want %v", where, ch, offered, want)
				}
				if rule := k.LawRules[c.Country+":"+ch]; !strings.Contains(page, rule) {
					t.Errorf("%s: the rule for %s is not explained: %q", where, ch, rule)
				}
			}
			// The company's own words on marketing (Cars' basis towards
			// existing customers among them), and the way to say no to all
			// of it.
			if m := c.Marketing.Summary; m != "" && !strings.Contains(page, m) {
				t.Errorf("%s: the company's words on marketing are not shown", where)
			}
			if want := `href="` + p.Site.Path(Location{Page: PageRequest, Lang: l, Slug: c.Slug}) + `?type=objection&scope=direct_marketing"`; !strings.Contains(strings.ReplaceAll(out, "&amp;", "&"), want) {
				t.Errorf("%s: no way to object to all direct marketing (%s)", where, want)
			}

			for country, intro := range k.NoIntro {
				if shown := strings.Contains(page, i18n.Fill(intro, "name", c.Name)); shown != (country == c.Country) {
					t.Errorf("%s: the %s explanation of a no shown: %v", where, country, shown)
				}
			}
		}
	}
}

// The footer's "the portal fetches nothing from other sites" stands only
// where it is true: a company whose declared tools load from other sites
// after consent gets the footer that says so.
func TestFooterClaimsOnlyWhatIsTrue(t *testing.T) {
	cs := seedControllers(t)
	site := NewSite(company.NewRegistry(cs))
	for _, l := range i18n.All() {
		tx := i18n.Pages(l)
		if got := text((&Footer{Site: site, Loc: Location{Page: PageHome, Lang: l}}).Render()); !strings.Contains(got, tx.FooterPrivacy) {
			t.Errorf("%s: the front page's footer lacks %q", l, tx.FooterPrivacy)
		}
		for _, c := range cs {
			got := text((&Footer{Site: site, Loc: Location{Page: PageStatement, Lang: l, Slug: c.Slug}}).Render())
			if strings.Contains(got, tx.FooterPrivacy) == c.LoadsOtherSites() {
				t.Errorf("%s %s: footer says %q, though the pages load tools from other sites: %v", c.Slug, l, got, c.LoadsOtherSites())
			}
		}
	}
}

var (
	reserveInput = regexp.MustCompile(`<input[^>]*name="reserve"[^>]*>`)
	inputValue   = regexp.MustCompile(`value="([^"]*)"`)
)
