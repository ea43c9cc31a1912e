package ui

import (
	"net/url"
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/company"
	"privacyportal/app/i18n"
)

// Statement renders a company's privacy statement from its controller file:
// a table of contents, then one section per topic a statement must cover
// (GDPR art. 13 and 14), each with the company's own words. Headings and
// explanations are in the reader's interface language; the company's words
// stay in the company's language and are marked with it.
type Statement struct {
	app.Compo

	Site       Site
	Controller company.Controller
	Loc        Location
}

// section is one part of the statement, with the anchor the table of
// contents links to.
type section struct {
	id, title string
	body      []app.UI
}

// Render shows the statement.
func (s *Statement) Render() app.UI {
	t := i18n.Pages(s.Loc.Lang)
	c := s.Controller
	sections := s.sections(t)

	var note app.UI
	if s.Loc.Lang != c.Language {
		note = app.P().Class("note").Text(i18n.Fill(t.ContentLanguage, "lang", t.LanguageNames[c.Language]))
	}
	date := i18n.FormatDate(s.Loc.Lang, c.StatementDate())
	dateText := i18n.Fill(t.LastUpdated, "date", date)
	if !c.Statement.Dated {
		dateText = i18n.Fill(t.Undated, "date", date)
	}

	return app.Article().Class("wrap page-statement").Body(
		app.H1().Text(i18n.Fill(t.StatementTitle, "name", c.Name)),
		app.P().Class("muted").Body(
			app.Time().DateTime("%s", c.Statement.Date).Text(dateText),
		),
		note,
		app.P().Class("lead").Lang(s.own()).Body(s.words(c.Statement.Summarized, "summary", c.Statement.Summary)),
		app.P().Class("note").Text(t.SummaryNote),
		app.Div().Class("cta").Body(
			app.H2().Text(i18n.Requests(s.Loc.Lang).LinkToForm),
			app.P().Body(app.A().Class("button").Href(s.requestPath("")).
				Text(i18n.Fill(i18n.Requests(s.Loc.Lang).LinkToFormTo, "name", c.Name))),
		),
		app.Nav().Class("toc").Aria("labelledby", "toc-title").Body(
			app.H2().ID("toc-title").Text(t.Contents),
			app.Ol().Body(
				app.Range(sections).Slice(func(i int) app.UI {
					return app.Li().Body(app.A().Href("#" + sections[i].id).Text(sections[i].title))
				}),
			),
		),
		app.Range(sections).Slice(func(i int) app.UI {
			sec := sections[i]
			return app.Section().ID(sec.id).Aria("labelledby", sec.id+"-title").Body(
				append([]app.UI{app.H2().ID(sec.id + "-title").Text(sec.title)}, sec.body...)...,
			)
		}),
	)
}

func (s *Statement) sections(t *i18n.PageText) []section {
	return []section{
		{"controller", t.SectionAbout, s.controllerSection(t)},
		{"data", t.SectionData, s.dataSection(t)},
		{"purposes", t.SectionPurposes, s.purposesSection(t)},
		{"recipients", t.SectionShared, s.recipientsSection(t)},
		{"transfers", t.SectionTransfer, s.transfersSection(t)},
		{"retention", t.SectionRetain, s.retentionSection(t)},
		{"rights", t.SectionRights, s.rightsSection(t)},
		{"cookies", t.SectionCookies, s.cookiesSection(t)},
		{"marketing", t.SectionMarket, s.marketingSection(t)},
		{"requirement", t.SectionRequired, s.ownWords(t, "requirement", s.Controller.Requirement)},
		{"automated", t.SectionAutomated, s.ownWords(t, "automated_decisions", s.Controller.AutomatedDecisions)},
		{"dpo", t.SectionDPO, s.ownWords(t, "data_protection_officer", s.Controller.DataProtectionOfficer)},
		{"contact", t.SectionContact, s.contactSection(t)},
		{"authority", t.SectionAuth, s.authoritySection(t)},
	}
}

// ownWords is a section that holds the company's own words on a topic
// GDPR art. 13 asks a statement to cover, or says it is silent on it.
func (s *Statement) ownWords(t *i18n.PageText, field, text string) []app.UI {
	if text == "" {
		return []app.UI{s.silent(t)}
	}
	return []app.UI{app.P().Body(s.words(s.Controller.Summarized, field, text))}
}

// silent says that the company's statement does not cover a topic: the
// portal does not fill the gap with what it might guess.
func (s *Statement) silent(t *i18n.PageText) app.UI {
	return app.P().Class("muted").Text(t.StatementSilent)
}

// stated is a value in the company's words, or "not stated in the
// company's statement" when the statement does not give it.
func (s *Statement) stated(t *i18n.PageText, text string) app.UI {
	if text == "" {
		return app.Span().Class("muted").Text(t.NotStated)
	}
	return app.Span().Lang(s.own()).Text(text)
}

// statedWords is stated for a field that may be the portal's summary.
func (s *Statement) statedWords(t *i18n.PageText, sum company.Summaries, field, text string) app.UI {
	if text == "" {
		return app.Span().Class("muted").Text(t.NotStated)
	}
	return s.words(sum, field, text)
}

// own is the language attribute value for the company's own words.
func (s *Statement) own() string { return string(s.Controller.Language) }

// words is the text of one field in the company's language: a quotation,
// or, where the field is listed in its object's Summarized, the portal's
// summary with a mark that says so.
func (s *Statement) words(sum company.Summaries, field, text string) app.UI {
	return companyWords(s.Controller, s.Loc.Lang, sum, field, text)
}

func (s *Statement) controllerSection(t *i18n.PageText) []app.UI {
	c := s.Controller
	orgLabel := t.OrgNumberNO
	if c.Country == "DK" {
		orgLabel = t.OrgNumberDK
	}
	entities := app.Ul().Class("entities").Body(
		app.Range(c.LegalEntities).Slice(func(i int) app.UI {
			e := c.LegalEntities[i]
			number := app.Span().Text(formatOrgNumber(c.Country, e.OrgNumber))
			if e.OrgNumberUnstated {
				number = app.Span().Class("muted").Text(t.NotStated)
			}
			// The comma stays inside the name and the label starts with a
			// space: prerendered HTML puts a line break between elements,
			// which the browser shows as a space, and the app's page must
			// read the same.
			return app.Li().Body(
				app.Strong().Text(e.Name+","), app.Text(" "+orgLabel+" "), number,
			)
		}),
	)
	rows := []app.UI{
		dlRow(t.AddressLabel, addressLines(c.Address)),
	}
	if c.Phone != "" {
		rows = append(rows, dlRow(t.PhoneLabel, telLink(c.Phone)))
	}
	if c.Website != "" {
		rows = append(rows, dlRow(t.WebsiteLabel, externalLink(c.Website)))
	}
	rows = append(rows, dlRow(t.PrivacyEmail, mailLink(c.PrivacyEmail)))
	var processor app.UI
	if c.ProcessorRole != "" {
		processor = app.Div().Class("item").Body(
			app.H3().Text(t.ProcessorRole),
			app.P().Body(s.words(c.Summarized, "processor_role", c.ProcessorRole)),
		)
	}
	return []app.UI{entities, app.Dl().Class("facts").Body(rows...), processor}
}

func (s *Statement) dataSection(t *i18n.PageText) []app.UI {
	c := s.Controller
	return []app.UI{
		app.Range(c.DataCategories).Slice(func(i int) app.UI {
			d := c.DataCategories[i]
			return app.Div().Class("item").Body(
				app.H3().Body(s.words(d.Summarized, "name", d.Name)),
				app.Dl().Class("facts").Body(
					dlRow(t.Examples, s.words(d.Summarized, "examples", joinList(d.Examples))),
					dlRow(t.Sources, s.statedWords(t, d.Summarized, "sources", joinList(d.Sources))),
				),
			)
		}),
	}
}

func (s *Statement) purposesSection(t *i18n.PageText) []app.UI {
	c := s.Controller
	return []app.UI{
		app.Range(c.Purposes).Slice(func(i int) app.UI {
			p := c.Purposes[i]
			var desc, interest app.UI
			if p.Description != "" {
				desc = app.P().Body(s.words(p.Summarized, "description", p.Description))
			}
			// Only the bases the statement names: one the portal would
			// infer from the purpose is not the company's word.
			var bases app.UI = app.Span().Class("muted").Text(t.NotStated)
			if len(p.LegalBases) > 0 {
				bases = app.Ul().Class("bases").Body(
					app.Range(p.LegalBases).Slice(func(j int) app.UI {
						letter := p.LegalBases[j]
						return app.Li().Text(t.LegalBases[letter] + " (" + i18n.Fill(t.LegalBasisRef, "letter", letter) + ")")
					}),
				)
			}
			if p.LegitimateInterest != "" {
				interest = dlRow(t.LegitInterest, s.words(p.Summarized, "legitimate_interest", p.LegitimateInterest))
			}
			// A basis the company gives in its own terms is shown as
			// it wrote it, never turned into an article it did not name.
			var asWritten app.UI
			if p.LegalBasisText != "" {
				if len(p.LegalBases) == 0 {
					bases = s.words(p.Summarized, "legal_basis_text", p.LegalBasisText)
				} else {
					asWritten = dlRow(t.LegalBasisAsWritten, s.words(p.Summarized, "legal_basis_text", p.LegalBasisText))
				}
			}
			return app.Div().Class("item").Body(
				app.H3().Body(s.words(p.Summarized, "name", p.Name)),
				desc,
				app.Dl().Class("facts").Body(
					dlRow(t.LegalBasis, bases),
					asWritten,
					interest,
				),
				portalNotes(t, p.Notes),
			)
		}),
	}
}

func (s *Statement) recipientsSection(t *i18n.PageText) []app.UI {
	c := s.Controller
	if len(c.Recipients) == 0 {
		return []app.UI{app.P().Text(t.NoRecipients)}
	}
	rows := make([][]app.UI, len(c.Recipients))
	for i, r := range c.Recipients {
		var desc app.UI
		if r.Description != "" {
			desc = app.Div().Class("muted").Body(s.words(r.Summarized, "description", r.Description))
		}
		var role app.UI = app.Span().Class("muted").Text(t.NotStated)
		if r.Role != "" {
			role = app.Text(t.Roles[r.Role])
		}
		rows[i] = []app.UI{
			app.Div().Body(app.Div().Body(s.words(r.Summarized, "name", r.Name)), desc),
			role,
		}
	}
	return []app.UI{dataTable{Caption: t.SectionShared, Heads: []string{t.Recipient, t.Role}, Rows: rows}.UI()}
}

func (s *Statement) transfersSection(t *i18n.PageText) []app.UI {
	tr := s.Controller.Transfers
	answer := t.TransfersUnstated
	switch tr.OutsideEEA {
	case company.TransfersYes:
		answer = t.TransfersYes
	case company.TransfersMay:
		answer = t.TransfersMay
	case company.TransfersNo:
		answer = t.TransfersNo
	}
	var desc, safeguards app.UI
	if tr.Description != "" {
		desc = app.P().Body(s.words(tr.Summarized, "description", tr.Description))
	}
	if tr.Safeguards != "" {
		safeguards = app.Dl().Class("facts").Body(dlRow(t.Safeguards, s.words(tr.Summarized, "safeguards", tr.Safeguards)))
	}
	return []app.UI{
		app.P().Body(app.Strong().Text(answer)),
		desc,
		safeguards,
		portalNotes(t, tr.Notes),
		s.toolsNote(t),
	}
}

// toolsNote says, as the portal's own note, which of the company's
// declared tools its pages load from other sites once a visitor consents,
// and, for a tool the portal knows, what the browser then sends and where
// it may go: facts the portal knows from its own set-up, whatever the
// statement says of transfers.
func (s *Statement) toolsNote(t *i18n.PageText) app.UI {
	var services, hosts, sends []string
	for _, cat := range s.Controller.Cookies.Categories {
		for _, svc := range cat.Services {
			for _, src := range svc.Scripts {
				if u, err := url.Parse(src); err == nil && !slices.Contains(hosts, u.Host) {
					hosts = append(hosts, u.Host)
				}
			}
			if len(svc.Scripts) == 0 || slices.Contains(services, svc.Name) {
				continue
			}
			services = append(services, svc.Name)
			if k, ok := svc.KnownService(); ok {
				sends = append(sends, i18n.Fill(t.TransfersToolsSends, "service", k.Name,
					"data", serviceData(s.Loc.Lang, k), "provider", providerName(t, k),
					"countries", countryList(s.Loc.Lang, k.Countries), "bases", transferBases(s.Loc.Lang, k)))
			}
		}
	}
	if len(services) == 0 {
		return nil
	}
	l := s.Loc.Lang
	note := i18n.Fill(t.TransfersTools, "name", s.Controller.Name,
		"services", joinAnd(l, services), "hosts", joinAnd(l, hosts))
	return app.P().Class("portal-note").Text(strings.Join(append([]string{note}, sends...), " "))
}

func (s *Statement) retentionSection(t *i18n.PageText) []app.UI {
	c := s.Controller
	if len(c.Retention) == 0 {
		return []app.UI{s.silent(t)}
	}
	rows := make([][]app.UI, len(c.Retention))
	for i, r := range c.Retention {
		var reason app.UI
		if r.Reason != "" {
			reason = s.words(r.Summarized, "reason", r.Reason)
		}
		rows[i] = []app.UI{s.words(r.Summarized, "data", r.Data), s.statedWords(t, r.Summarized, "period", r.Period), reason}
	}
	return []app.UI{dataTable{
		Caption: t.SectionRetain,
		Heads:   []string{t.RetainData, t.RetainPeriod, t.RetainReason},
		Rows:    rows,
	}.UI()}
}

func (s *Statement) rightsSection(t *i18n.PageText) []app.UI {
	c := s.Controller
	kinds := company.RightKinds()
	return []app.UI{
		app.Range(kinds).Slice(func(i int) app.UI {
			kind := kinds[i]
			heading := app.H3().Text(t.Rights[kind] + " (" + t.RightArticles[kind] + ")")
			r, ok := c.Right(kind)
			if !ok {
				return app.Div().Class("item").Body(heading, app.P().Class("muted").Text(t.RightNotDescribed), s.requestLink(kind))
			}
			var limits app.UI
			if len(r.Limits) > 0 {
				limits = app.Div().Class("limits").Body(
					app.P().Body(app.Strong().Text(t.StatedLimits)),
					app.Ul().Body(
						app.Range(r.Limits).Slice(func(j int) app.UI { return app.Li().Body(s.words(r.Summarized, "limits", r.Limits[j])) }),
					),
				)
			}
			return app.Div().Class("item").Body(
				heading,
				app.P().Body(s.words(r.Summarized, "text", r.Text)),
				limits,
				s.requestLink(kind),
			)
		}),
	}
}

func (s *Statement) cookiesSection(t *i18n.PageText) []app.UI {
	k := s.Controller.Cookies
	var out []app.UI
	if k.Summary != "" {
		out = append(out, app.P().Body(s.words(k.Summarized, "summary", k.Summary)))
	} else if len(k.Categories) == 0 {
		out = append(out, s.silent(t))
	}
	out = append(out, portalNotes(t, k.Notes))
	if !s.Controller.HasOptionalCookies() {
		out = append(out, app.P().Body(app.Strong().Text(t.NoOptionalCookie)))
	}
	for _, cat := range k.Categories {
		need := t.ConsentNeeded
		if cat.ID == company.CookiesNecessary {
			need = t.NoConsentNeeded
		}
		out = append(out, app.Div().Class("item").Body(
			app.H3().Text(t.CookieKinds[cat.ID]+" ("+need+")"),
			app.P().Body(s.words(cat.Summarized, "description", cat.Description)),
			app.Ul().Class("services").Body(
				app.Range(cat.Services).Slice(func(i int) app.UI {
					return cookieService(s.Controller, s.Loc.Lang, cat.Services[i])
				}),
			),
		))
	}
	return out
}

func (s *Statement) marketingSection(t *i18n.PageText) []app.UI {
	m := s.Controller.Marketing
	var summary app.UI
	if m.Summary != "" {
		summary = app.P().Body(s.words(m.Summarized, "summary", m.Summary))
	}
	out := []app.UI{
		summary,
		app.P().Body(app.A().Href(s.Site.Path(Location{Page: PageMarketing, Lang: s.Loc.Lang, Slug: s.Controller.Slug})).
			Text(i18n.Fill(i18n.Marketing(s.Loc.Lang).LinkToPage, "name", s.Controller.Name))),
	}
	if len(m.Channels) == 0 {
		out = append(out, app.P().Text(t.NoChannels))
	} else {
		out = append(out, app.H3().Text(t.Channels), app.Dl().Class("facts").Body(
			app.Range(m.Channels).Slice(func(i int) app.UI {
				ch := m.Channels[i]
				return dlRow(t.ChannelNames[ch.Channel], s.words(ch.Summarized, "purposes", joinList(ch.Purposes)))
			}),
		))
	}
	if len(m.Tools) > 0 {
		out = append(out, app.H3().Text(t.Tools), app.Dl().Class("facts").Body(
			app.Range(m.Tools).Slice(func(i int) app.UI {
				tool := m.Tools[i]
				return app.Div().Body(
					app.Dt().Body(s.words(tool.Summarized, "name", tool.Name)),
					app.Dd().Body(s.words(tool.Summarized, "purpose", tool.Purpose)),
				)
			}),
		))
	}
	return out
}

func (s *Statement) contactSection(t *i18n.PageText) []app.UI {
	c := s.Controller
	return []app.UI{
		app.P().Text(t.ContactIntro),
		app.Address().Body(
			app.Strong().Text(c.Name), app.Br(),
			mailLink(c.PrivacyEmail), app.Br(),
			addressLines(c.Address),
		),
	}
}

func (s *Statement) authoritySection(t *i18n.PageText) []app.UI {
	a := s.Controller.Authority()
	return []app.UI{
		app.P().Class("portal-note").Text(t.FromPortal),
		app.P().Text(t.AuthorityIntro),
		app.Address().Body(
			app.Strong().Text(a.Title(s.Loc.Lang)), app.Br(),
			addressLines(a.Address),
		),
		authorityFacts(t, a),
		app.P().Text(t.ComplainElsewhere),
	}
}

// authorityFacts are the ways to reach a supervisory authority.
func authorityFacts(t *i18n.PageText, a company.Authority) app.UI {
	return app.Dl().Class("facts").Body(
		dlRow(t.PhoneLabel, telLink(a.Phone)),
		dlRow(t.EmailLabel, mailLink(a.Email)),
		dlRow(t.WebsiteLabel, externalLink(a.Website)),
	)
}

// requestPath is the address of the request form, with a type preselected
// when requestType is set.
func (s *Statement) requestPath(requestType string) string {
	p := s.Site.Path(Location{Page: PageRequest, Lang: s.Loc.Lang, Slug: s.Controller.Slug})
	if requestType != "" {
		p += "?type=" + requestType
	}
	return p
}

// requestLink leads from a right to the form with that right's request
// chosen; a complaint goes to the authority, not the company, so it has
// none.
func (s *Statement) requestLink(right string) app.UI {
	if right == company.RightComplaint {
		return nil
	}
	r := i18n.Requests(s.Loc.Lang)
	return app.P().Body(app.A().Href(s.requestPath(right)).
		Text(i18n.Fill(r.LinkToFormTo, "name", s.Controller.Name) + ": " + strings.ToLower(r.Types[right])))
}

// portalNotes are the portal's notes on a company's words (company's
// Note* keys), each marked as the portal's.
func portalNotes(t *i18n.PageText, notes []string) app.UI {
	if len(notes) == 0 {
		return nil
	}
	items := make([]app.UI, len(notes))
	for i, n := range notes {
		items[i] = app.P().Class("portal-note").Text(t.PortalNotes[n])
	}
	return app.Div().Class("portal-notes").Body(items...)
}
