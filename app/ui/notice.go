package ui

import (
	"slices"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/company"
	"privacyportal/app/cookieconsent"
	"privacyportal/app/i18n"
	"privacyportal/app/marketingconsent"
)

// PrivacyNotice is /privacy: the portal's own privacy notice (GDPR art. 13
// for what the portal itself processes). It says who runs the portal
// (Site.Operator) and in which role, what is kept and for how long, what
// the portal never does, who receives the data, and the visitor's rights.
// Every figure is read from the setting the code acts on (NoticeFigures),
// so the notice cannot promise one period while the schedule keeps
// another. It is a static page, like a statement: it loads no app.
type PrivacyNotice struct {
	app.Compo

	Site Site
	Loc  Location
}

// Render shows the notice.
func (n *PrivacyNotice) Render() app.UI {
	l := n.Loc.Lang
	t, x := i18n.Notice(l), i18n.Pages(l)
	o := n.Site.Operator
	sections := []section{
		{"operator", t.WhoTitle, n.operatorSection(t, x, o)},
		{"roles", t.RolesTitle, []app.UI{
			app.P().Text(i18n.Fill(t.Processor, "name", o.Name)),
			app.P().Text(i18n.Fill(t.Controller, "name", o.Name)),
		}},
		{"kept", t.KeptTitle, n.keptSection(t, NoticeFigures(o))},
		{"never", t.NeverTitle, []app.UI{app.Ul().Body(app.Range(t.Never).Slice(func(i int) app.UI {
			return app.Li().Text(t.Never[i])
		}))}},
		{"recipients", t.RecipientsTitle, n.recipientsSection(t, o)},
		{"rights", t.RightsTitle, n.rightsSection(t, o)},
		{"complaint", t.ComplaintTitle, n.complaintSection(t)},
	}
	return app.Article().Class("wrap page-statement page-notice").Body(
		app.H1().Text(t.Title),
		app.P().Class("lead").Text(t.Intro),
		app.Nav().Class("toc").Aria("labelledby", "toc-title").Body(
			app.H2().ID("toc-title").Text(x.Contents),
			app.Ol().Body(app.Range(sections).Slice(func(i int) app.UI {
				return app.Li().Body(app.A().Href("#" + sections[i].id).Text(sections[i].title))
			})),
		),
		app.Range(sections).Slice(func(i int) app.UI {
			sec := sections[i]
			return app.Section().ID(sec.id).Aria("labelledby", sec.id+"-title").Body(
				append([]app.UI{app.H2().ID(sec.id + "-title").Text(sec.title)}, sec.body...)...,
			)
		}),
	)
}

// noticeLink leads from a page where a person gives the portal data (a
// form, the cookie banner) to the part of the notice that says what
// becomes of it.
func noticeLink(site Site, l i18n.Lang, section string) app.UI {
	return app.P().Class("notice-link").Body(
		app.A().Href("%s", site.Path(Location{Page: PagePrivacy, Lang: l})+"#"+section).Text(i18n.Notice(l).Link),
	)
}

func (n *PrivacyNotice) operatorSection(t *i18n.NoticeText, x *i18n.PageText, o company.Operator) []app.UI {
	org := x.OrgNumberNO
	if o.Address.Country == "DK" {
		org = x.OrgNumberDK
	}
	return []app.UI{
		app.P().Text(i18n.Fill(t.WhoText, "name", o.Name, "email", o.Email)),
		app.Address().Body(
			app.Strong().Text(o.Name), app.Br(),
			app.Text(org+" "+formatOrgNumber(o.Address.Country, o.OrgNumber)), app.Br(),
			addressLines(o.Address), app.Br(),
			mailLink(o.Email),
		),
	}
}

// Whom a record is kept for: a company (the portal as its processor), the
// portal itself, or nobody but the visitor (their own browser).
const (
	forCompany = iota
	forPortal
	forYou
)

func (n *PrivacyNotice) keptSection(t *i18n.NoticeText, f Figures) []app.UI {
	fill := map[string][]string{
		"request":   {"hours", strconv.Itoa(f.UnconfirmedHours), "days", strconv.Itoa(f.DeliveredDays)},
		"cookies":   {"years", strconv.Itoa(f.CookieProofYears), "maxdays", strconv.Itoa(f.CookieMaxDays)},
		"marketing": {"hours", strconv.Itoa(f.UnconfirmedHours), "used", strconv.Itoa(f.MarketingUsedHours)},
		"logs":      {"logdays", strconv.Itoa(f.LogDays)},
	}
	// The kinds of record, in the notice's order, and whom each is kept
	// for.
	kinds := []struct {
		key  string
		whom int
	}{
		{"request", forCompany}, {"my_requests", forYou}, {"cookies", forCompany}, {"marketing", forCompany},
		{"limits", forPortal}, {"logs", forPortal}, {"mail", forCompany},
	}
	rows := make([][]app.UI, 0, len(kinds))
	for _, r := range kinds {
		row := t.Kept[r.key]
		role := map[int]string{forCompany: t.ForCompany, forPortal: t.ForPortal, forYou: t.ForYou}[r.whom]
		rows = append(rows, []app.UI{
			app.Strong().Text(row.What),
			app.Text(row.Holds),
			app.Text(i18n.Fill(row.HowLong, fill[r.key]...)),
			app.Text(role),
		})
	}
	return []app.UI{dataTable{
		Caption: t.KeptTitle,
		Heads:   []string{t.KeptWhat, t.KeptHolds, t.KeptHowLong, t.KeptRole},
		Rows:    rows,
	}.UI()}
}

// cloudflareDPA is Cloudflare's data processing addendum, which governs
// what Cloudflare processes for the operator, transfers out of the EU/EEA
// included.
const cloudflareDPA = "https://www.cloudflare.com/cloudflare-customer-dpa/"

func (n *PrivacyNotice) recipientsSection(t *i18n.NoticeText, o company.Operator) []app.UI {
	return []app.UI{app.Ul().Body(
		app.Li().Text(t.RecipientCompany),
		app.Li().Body(
			app.Text(i18n.Fill(t.RecipientCloudflare, "name", o.Name)+" "),
			app.A().Href("%s", cloudflareDPA).Rel("external noopener").Text(t.CloudflareDPA),
		),
		app.Li().Text(t.MailServices[o.MailService]),
	)}
}

func (n *PrivacyNotice) rightsSection(t *i18n.NoticeText, o company.Operator) []app.UI {
	return []app.UI{
		app.P().Text(t.RightsCompany),
		app.P().Text(i18n.Fill(t.RightsPortal, "email", o.Email)),
	}
}

// complaintSection names the supervisory authority of each country the
// portal serves (company.Authorities), the operator's own first: a visitor may
// complain where they live or work, or where the infringement happened
// (GDPR art. 77(1)).
func (n *PrivacyNotice) complaintSection(t *i18n.NoticeText) []app.UI {
	authorities := slices.Clone(company.Authorities())
	own := n.Site.Operator.Address.Country
	slices.SortStableFunc(authorities, func(a, b company.Authority) int {
		switch {
		case a.Address.Country == own && b.Address.Country != own:
			return -1
		case b.Address.Country == own && a.Address.Country != own:
			return 1
		}
		return 0
	})
	return []app.UI{
		app.P().Text(t.ComplaintText),
		app.Ul().Body(app.Range(authorities).Slice(func(i int) app.UI {
			a := authorities[i]
			return app.Li().Body(app.Text(a.Title(n.Loc.Lang)+": "), externalLink(a.Website))
		})),
	}
}

// Figures are the periods the notice states, each read from the setting
// the portal acts on.
type Figures struct {
	// UnconfirmedHours: an unconfirmed request or marketing opt-in is
	// deleted after company.ConfirmWithin.
	UnconfirmedHours int
	// DeliveredDays: a delivered request's personal data is erased after
	// the operator's keep_days, the Worker's requests.Config.KeepFor.
	DeliveredDays int
	// CookieProofYears: the record of a cookie choice is kept
	// cookieconsent.ProofKept.
	CookieProofYears int
	// CookieMaxDays: the consent cookie lasts at most cookieconsent.MaxDays.
	CookieMaxDays int
	// MarketingUsedHours: a confirmed opt-in's form and a sent marketing
	// e-mail's record are kept marketingconsent.KeptAfterUse.
	MarketingUsedHours int
	// LogDays: Workers Logs keeps the Worker's log lines at most this long
	// (Cloudflare's limit, "Maximum log retention period: 7 Days",
	// https://developers.cloudflare.com/workers/observability/logs/workers-logs/#limits).
	LogDays int
}

// workersLogsDays is Workers Logs' retention; see Figures.LogDays.
const workersLogsDays = 7

// NoticeFigures returns the periods the notice states for operator o.
func NoticeFigures(o company.Operator) Figures {
	year := 365 * 24 * time.Hour
	return Figures{
		UnconfirmedHours:   int(company.ConfirmWithin / time.Hour),
		DeliveredDays:      o.KeepDays,
		CookieProofYears:   int(cookieconsent.ProofKept / year),
		CookieMaxDays:      cookieconsent.MaxDays,
		MarketingUsedHours: int(marketingconsent.KeptAfterUse / time.Hour),
		LogDays:            workersLogsDays,
	}
}
