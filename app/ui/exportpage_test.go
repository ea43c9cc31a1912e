package ui

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/company"
	"privacyportal/app/i18n"
	"privacyportal/app/marketingconsent"
)

// The marketer's page, loaded, reads as made for a marketer in every
// language: names filled in, statuses in a marketer's words (never the
// customer's "you said yes"), dates as the reader writes them, the
// counts a channel by status grid, and every cell labelled for phones.
func TestExportPageReadsForMarketers(t *testing.T) {
	rows := []map[string]string{
		{"email": "kari@example.no", "channel": company.ChannelEmail, "status": marketingconsent.StatusGranted,
			"opted_in_at": "2026-03-01T10:00:00Z", "confirmed_at": "2026-03-02T23:30:00Z", "updated_at": "2026-03-02T23:30:00Z"},
		{"email": "ola@example.no", "phone": "+4791234567", "channel": company.ChannelSMS, "status": marketingconsent.StatusWithdrawn,
			"confirmed_at": "2026-01-05T09:00:00Z", "withdrawn_at": "2026-06-30T22:10:00Z", "updated_at": "2026-06-30T22:10:00Z"},
		{"name": "Per Post", "street": "Storgata 1", "postal_code": "0155", "city": "Oslo", "channel": company.ChannelPost,
			"status": marketingconsent.StatusReserved, "updated_at": "2026-12-24T12:00:00Z"},
	}
	// The dates of the three rows' statuses, on Oslo's clock: the
	// confirmation, the withdrawal (past midnight in summer time), the
	// reservation.
	wantDates := map[i18n.Lang][]string{
		i18n.NB: {"3. mars 2026", "1. juli 2026", "24. desember 2026"},
		i18n.DA: {"3. marts 2026", "1. juli 2026", "24. december 2026"},
		i18n.EN: {"3 March 2026", "1 July 2026", "24 December 2026"},
	}
	customer := regexp.MustCompile(`(?i)\b(du|you)\b`)
	for _, c := range seedControllers(t) {
		for _, l := range i18n.All() {
			k := i18n.Marketing(l)
			p := &ExportPage{Site: NewSite(company.NewRegistry([]company.Controller{c})), Loc: Location{Page: PageExport, Lang: l, Slug: c.Slug}, Controller: c}
			p.counts = []exportCount{
				{Channel: company.ChannelEmail, Status: marketingconsent.StatusGranted, N: 12},
				{Channel: company.ChannelEmail, Status: marketingconsent.StatusWithdrawn, N: 3},
				{Channel: company.ChannelPost, Status: marketingconsent.StatusReserved, N: 7},
			}
			p.rows, p.total = rows, 3
			out := app.HTMLString(p.Render())
			text := html.UnescapeString(tagPattern.ReplaceAllString(out, "\n"))
			where := c.Slug + " " + string(l)
			if strings.ContainsAny(text, "{}") {
				t.Errorf("%s: a template left unfilled:\n%s", where, text)
			}
			// What the law asks of the lists beyond the portal's: in
			// Norway, a monthly wash against Reservasjonsregisteret;
			// existing-customer marketing only for similar products.
			if duties := k.MarketerDuties[c.Country]; duties == "" || !strings.Contains(text, duties) {
				t.Errorf("%s: the marketers are not told what the law asks of their lists", where)
			}
			if c.Country == "NO" && !strings.Contains(k.MarketerDuties["NO"], "Reservasjonsregisteret") {
				t.Errorf("%s: the Norwegian duties do not name Reservasjonsregisteret", where)
			}
			for _, s := range []string{"Authorization", "Bearer"} {
				if strings.Contains(text, s) {
					t.Errorf("%s: the page speaks of %q to a marketer", where, s)
				}
			}
			if !strings.Contains(out, "<caption class=\"visually-hidden\">"+html.EscapeString(i18n.Fill(k.ExportTitle, "name", c.Name))+"</caption>") {
				t.Errorf("%s: the table's caption is not the filled title", where)
			}
			var statuses, dates []string
			for _, m := range regexp.MustCompile(`<td data-label="`+regexp.QuoteMeta(html.EscapeString(k.ExportColumns["status"]))+`">([^<]*)</td>`).FindAllStringSubmatch(out, -1) {
				statuses = append(statuses, html.UnescapeString(m[1]))
			}
			for _, m := range regexp.MustCompile(`<time datetime="[^"]+">([^<]*)</time>`).FindAllStringSubmatch(out, -1) {
				dates = append(dates, m[1])
			}
			want := []string{k.ExportStatus[marketingconsent.StatusGranted], k.ExportStatus[marketingconsent.StatusWithdrawn], k.ExportStatus[marketingconsent.StatusReserved]}
			if diff := cmp.Diff(want, statuses); diff != "" {
				t.Errorf("%s: statuses (-want +got):\n%s", where, diff)
			}
			for _, s := range statuses {
				if customer.MatchString(s) {
					t.Errorf("%s: status %q speaks to the customer", where, s)
				}
			}
			if diff := cmp.Diff(wantDates[l], dates); diff != "" {
				t.Errorf("%s: dates (-want +got):\n%s", where, diff)
			}
			if !strings.Contains(text, "+47 91 23 45 67") || !strings.Contains(text, "0155 Oslo") {
				t.Errorf("%s: phone or address not written for a reader:\n%s", where, text)
			}
			// Every cell carries its heading, for the stacked phone layout.
			if n, labelled := strings.Count(out, "<td"), strings.Count(out, "<td data-label=\""); n != labelled || n == 0 {
				t.Errorf("%s: %d of %d cells labelled", where, labelled, n)
			}
			// The counts: e-mail 12 granted, 3 withdrawn, 0 reserved.
			grid := regexp.MustCompile(`<tr>\s*<td data-label="[^"]*">` + regexp.QuoteMeta(html.EscapeString(i18n.Pages(l).ChannelNames[company.ChannelEmail])) + `</td>\s*<td[^>]*>12</td>\s*<td[^>]*>3</td>\s*<td[^>]*>0</td>\s*</tr>`)
			if !grid.MatchString(out) {
				t.Errorf("%s: the counts are not a channel by status grid:\n%s", where, out)
			}
		}
	}
}
