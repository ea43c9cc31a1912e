package ui

import (
	"html"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/company"
	"privacyportal/app/cookieconsent"
	"privacyportal/app/i18n"
	"privacyportal/app/marketingconsent"
	"privacyportal/app/problem"
	"privacyportal/site/operator"
)

func noticeSite(t *testing.T, o company.Operator) Site {
	t.Helper()
	s := NewSite(company.NewRegistry(seedControllers(t)))
	s.Operator = o
	return s
}

func fileOperator(t *testing.T) company.Operator {
	t.Helper()
	o, err := operator.Load()
	if err != nil {
		t.Fatal(err)
	}
	return o
}

var (
	tableRow  = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	tableCell = regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`)
)

// keptRows reads the notice's table of what is kept as a reader does: for
// each kind of record (by the text of its first cell), how long.
func keptRows(t *testing.T, ui app.UI) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, row := range tableRow.FindAllStringSubmatch(app.HTMLString(ui), -1) {
		cells := tableCell.FindAllStringSubmatch(row[1], -1)
		if len(cells) != 4 {
			continue
		}
		what := html.UnescapeString(tagPattern.ReplaceAllString(cells[0][1], ""))
		out[what] = html.UnescapeString(tagPattern.ReplaceAllString(cells[2][1], ""))
	}
	return out
}

// periods are the figures of a text with a unit, in order: "48 timer"
// is 48 hours.
func periods(l i18n.Lang, s string) map[string][]int {
	units := map[i18n.Lang]map[string]string{
		i18n.NB: {"timer": "hours", "dager": "days", "år": "years"},
		i18n.DA: {"timer": "hours", "dage": "days", "år": "years"},
		i18n.EN: {"hours": "hours", "days": "days", "years": "years"},
	}[l]
	out := map[string][]int{}
	for _, m := range regexp.MustCompile(`(\d+) (\pL+)`).FindAllStringSubmatch(s, -1) {
		if unit, ok := units[m[2]]; ok {
			n, _ := strconv.Atoi(m[1])
			out[unit] = append(out[unit], n)
		}
	}
	return out
}

// The notice tells each period as the code applies it: the figures a
// reader finds in its table, read back as durations, are the ones the
// Worker and its schedule act on. The operator's keep_days is drawn at
// random, so a figure written into the text instead of read from the
// setting fails.
func TestNoticeStatesThePeriodsTheCodeApplies(t *testing.T) {
	r := rand.New(rand.NewPCG(20, 7))
	day, year := 24*time.Hour, 365*24*time.Hour
	longest := cookieconsent.Lifetime(company.Cookies{ConsentDays: 10 * cookieconsent.MaxDays})
	for range 20 {
		o := fileOperator(t)
		o.KeepDays = 1 + r.IntN(company.MaxKeepDays)
		site := noticeSite(t, o)
		for _, l := range i18n.All() {
			n := i18n.Notice(l)
			rows := keptRows(t, (&PrivacyNotice{Site: site, Loc: Location{Page: PagePrivacy, Lang: l}}).Render())
			if len(rows) != len(n.Kept) {
				t.Fatalf("%s: the table has %d kinds of record, the text %d: %v", l, len(rows), len(n.Kept), rows)
			}
			got := func(key string) map[string][]int {
				text, ok := rows[n.Kept[key].What]
				if !ok {
					t.Fatalf("%s: no row %q", l, n.Kept[key].What)
				}
				return periods(l, text)
			}
			checks := []struct {
				key, unit string
				unitLen   time.Duration
				want      []time.Duration
			}{
				{"request", "hours", time.Hour, []time.Duration{company.ConfirmWithin}},
				{"request", "days", day, []time.Duration{o.KeepFor()}},
				{"cookies", "years", year, []time.Duration{cookieconsent.ProofKept}},
				{"cookies", "days", day, []time.Duration{longest}},
				{"marketing", "hours", time.Hour, []time.Duration{company.ConfirmWithin, marketingconsent.KeptAfterUse}},
				{"logs", "days", day, []time.Duration{workersLogsDays * day}},
			}
			for _, c := range checks {
				var read []time.Duration
				for _, v := range got(c.key)[c.unit] {
					read = append(read, time.Duration(v)*c.unitLen)
				}
				if len(read) != len(c.want) {
					t.Errorf("%s %s: %v in %s, want %v", l, c.key, read, c.unit, c.want)
					continue
				}
				for i := range read {
					if read[i] != c.want[i] {
						t.Errorf("%s %s (keep_days %d): the notice says %v, the code applies %v", l, c.key, o.KeepDays, read[i], c.want[i])
					}
				}
			}
		}
	}
}

// The notice names whoever the operator's file names, with the number and
// address it gives, and the mail service it sends through, never the
// other one.
func TestNoticeNamesTheOperatorAndItsMailService(t *testing.T) {
	for _, service := range []string{company.MailServiceCloudflare, company.MailServiceMailgun} {
		o := company.Operator{
			Name: "Bilverksted Drift AS", OrgNumber: "985758220", Email: "personvern@bilverksted.no",
			Address:  company.Address{Lines: []string{"Verkstedveien 1"}, PostalCode: "0150", City: "Oslo", Country: "NO"},
			KeepDays: 30, MailService: service,
		}
		if p := o.Validate(); len(p) > 0 {
			t.Fatalf("the test's operator: %v", p)
		}
		site := noticeSite(t, o)
		for _, l := range i18n.All() {
			n := i18n.Notice(l)
			got := text((&PrivacyNotice{Site: site, Loc: Location{Page: PagePrivacy, Lang: l}}).Render())
			for _, want := range []string{o.Name, "985 758 220", "Verkstedveien 1", "0150 Oslo", o.Email,
				i18n.Fill(n.WhoText, "name", o.Name, "email", o.Email), n.MailServices[service]} {
				if !strings.Contains(got, want) {
					t.Errorf("%s %s: no %q", l, service, want)
				}
			}
			for other, says := range n.MailServices {
				if other != service && strings.Contains(got, says) {
					t.Errorf("%s: sending through %s, the notice names %s", l, service, other)
				}
			}
			// A complaint can go to the authority of each country the
			// companies answer to.
			for _, c := range seedControllers(t) {
				if !strings.Contains(got, strings.TrimPrefix(c.Authority().Website, "https://")) {
					t.Errorf("%s: no authority of %s (%s)", l, c.Country, c.Authority().Website)
				}
			}
		}
	}
}

var noticeHref = regexp.MustCompile(`<a href="([^"]*)"[^>]*>([^<]*)</a>`)

// linksToNotice returns the addresses of the links a piece of page has to
// the notice, by their text.
func linksToNotice(l i18n.Lang, ui app.UI) []string {
	var out []string
	for _, m := range noticeHref.FindAllStringSubmatch(app.HTMLString(ui), -1) {
		if html.UnescapeString(m[2]) == i18n.Notice(l).Link {
			out = append(out, html.UnescapeString(m[1]))
		}
	}
	return out
}

// Every page where a person gives the portal data, in every language, and
// the cookie banner and every footer, link to the notice in the page's
// language; the link resolves to the notice.
func TestWhereDataIsGivenTheNoticeIsLinked(t *testing.T) {
	o := fileOperator(t)
	site := noticeSite(t, o)
	for _, c := range site.Controllers.All() {
		for _, l := range i18n.All() {
			loc := func(p Page) Location { return Location{Page: p, Lang: l, Slug: c.Slug} }
			parts := map[string]app.UI{
				"request form":   (&RequestPage{Site: site, Controller: c, Loc: loc(PageRequest)}).Render(),
				"marketing form": (&MarketingPage{Site: site, Controller: c, Loc: loc(PageMarketing)}).Render(),
				"export page":    (&ExportPage{Site: site, Controller: c, Loc: loc(PageExport)}).Render(),
				"footer":         (&Footer{Site: site, Loc: loc(PageStatement)}).Render(),
			}
			if c.HasOptionalCookies() {
				parts["cookie page"] = (&CookiesPage{Site: site, Controller: c, Loc: loc(PageCookies)}).Render()
				parts["cookie banner"] = (&ConsentBanner{Site: site, Controller: c, Loc: loc(PageStatement)}).Render()
			}
			for name, ui := range parts {
				links := linksToNotice(l, ui)
				if len(links) != 1 {
					t.Errorf("%s %s %s: %d links to the notice, want 1", c.Slug, l, name, len(links))
					continue
				}
				if got := site.Resolve(links[0]); got != (Location{Page: PagePrivacy, Lang: l}) {
					t.Errorf("%s %s %s: the link %s leads to %+v", c.Slug, l, name, links[0], got)
				}
			}
		}
	}
}

// offer is one offer of a page in another language, as a header's markup
// has it.
type offer struct {
	Lang, Marked, Href, HrefLang, Text, Close string
	CloseMarked                               bool
}

// offers reads the offers out of a header's markup.
func offers(markup string) []offer {
	var out []offer
	var cur *offer
	tags := tagPattern.FindAllStringSubmatchIndex(markup, -1)
	for i, m := range tags {
		closing, name, attrs := markup[m[2]:m[3]] == "/", markup[m[4]:m[5]], markup[m[6]:m[7]]
		switch {
		case closing:
		case name == "div" && attr(attrs, "class") == "lang-offer":
			out = append(out, offer{Lang: attr(attrs, "data-lang"), Marked: attr(attrs, "lang")})
			cur = &out[len(out)-1]
		case cur != nil && name == "a":
			cur.Href, cur.HrefLang = attr(attrs, "href"), attr(attrs, "hreflang")
			if i+1 < len(tags) {
				cur.Text = strings.TrimSpace(html.UnescapeString(markup[m[1]:tags[i+1][0]]))
			}
		case cur != nil && name == "button":
			cur.Close = attr(attrs, "aria-label")
			cur.CloseMarked = regexp.MustCompile(`\sdata-lang-offer-close(\s|=|$)`).MatchString(attrs)
			cur = nil
		}
	}
	return out
}

// Every page's header offers the page in each of its other languages, and
// only those: each offer in its own language and marked so, linking to
// the same page in it, with a dismiss button named in that language. The
// script (lang.js) only chooses which one shows.
func TestHeaderOffersThePageInTheOtherLanguages(t *testing.T) {
	site := noticeSite(t, fileOperator(t))
	for _, loc := range site.Pages() {
		var want []offer
		for _, alt := range site.Alternates(loc) {
			if alt.Lang != loc.Lang {
				l := string(alt.Lang)
				want = append(want, offer{l, l, site.Path(alt), l, i18n.Pages(alt.Lang).LangOffer, i18n.Pages(alt.Lang).LangOfferClose, true})
			}
		}
		got := offers(app.HTMLString((&Header{Site: site, Loc: loc}).Render()))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: offers (-want +got):\n%s", site.Path(loc), diff)
		}
	}
	// The Worker's answers load no script: no offer could show there.
	for _, l := range i18n.All() {
		if got := offers(string(ErrorAnswer(site, l, problem.CodeNotFound, "").Document())); len(got) > 0 {
			t.Errorf("%s: a Worker's answer carries offers %v", l, got)
		}
	}
}
