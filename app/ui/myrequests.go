package ui

import (
	"context"
	"encoding/json"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/calendar"
	"privacyportal/app/company"
	"privacyportal/app/i18n"
)

// MyRequestsPage is /my-requests: the requests sent from this browser, with
// their deadlines, kept in the browser's own storage. Once a deadline has
// passed without the company marking the request handled, it offers a
// ready complaint to the supervisory authority.
type MyRequestsPage struct {
	app.Compo

	Site Site
	Loc  Location

	items []SentRequest
	// unavailable are the companies whose documents could not be read.
	unavailable map[string]bool
}

// OnMount reads the list and asks the portal where each request is now;
// the answer holds nothing personal, only status and dates.
func (m *MyRequestsPage) OnMount(ctx app.Context) {
	m.items = loadSentRequests(ctx)
	// The companies' documents, each read once, for their names, their
	// authorities and their deadlines' rules; a request shows when its
	// company's has come.
	reading := map[string]bool{}
	for _, it := range m.items {
		slug := it.Controller
		if _, ok := m.Site.Controllers.Lookup(slug); ok || reading[slug] {
			continue
		}
		reading[slug] = true
		ctx.Async(func() {
			_, err := m.Site.Controllers.Load(context.Background(), slug)
			ctx.Dispatch(func(app.Context) {
				if err != nil {
					app.Log(err)
					if m.unavailable == nil {
						m.unavailable = map[string]bool{}
					}
					m.unavailable[slug] = true
				}
			})
		})
	}
	for _, it := range m.items {
		id := it.ID
		ctx.Async(func() {
			res, err := fetchJSON("GET", "/api/requests/"+id, nil)
			if err != nil || res.Status != 200 {
				return
			}
			var a apiAnswer
			if json.Unmarshal(res.Body, &a) != nil {
				return
			}
			ctx.Dispatch(func(ctx app.Context) {
				for i := range m.items {
					if m.items[i].ID == id {
						m.items[i].Status = a.Status
						// The deadline is set when the request reaches
						// the company (confirmed, perhaps from the
						// e-mail's link), and moves if it is extended.
						if a.DueBy != "" {
							m.items[i].Due, m.items[i].Latest = a.DueBy, a.LatestDueBy
						}
						if a.ExtendedTo != "" {
							m.items[i].Due = a.ExtendedTo
						}
						saveSentRequest(ctx, m.items[i])
					}
				}
			})
		})
	}
}

// Render shows the list.
func (m *MyRequestsPage) Render() app.UI {
	l := m.Loc.Lang
	r := i18n.Requests(l)
	var list app.UI = app.P().Text(r.MyRequestsEmpty)
	if len(m.items) > 0 {
		rows := make([]app.UI, 0, len(m.items))
		for _, it := range m.items {
			rows = append(rows, m.item(it))
		}
		list = app.Ul().Class("my-requests").Body(rows...)
	}
	return app.Div().Class("wrap page-my-requests").Body(
		app.H1().Text(r.MyRequestsTitle),
		app.P().Class("lead").Text(r.MyRequestsIntro),
		list,
	)
}

func (m *MyRequestsPage) item(it SentRequest) app.UI {
	l := m.Loc.Lang
	r := i18n.Requests(l)
	c, ok := m.Site.Controllers.Lookup(it.Controller)
	switch {
	case !ok && !m.unavailable[it.Controller]:
		return nil // its company's document is on its way
	case !ok:
		// The request as this browser keeps it, without what only the
		// company's document tells (its name, its authority).
		c = company.Controller{Slug: it.Controller, Name: it.Controller}
	}
	due, _ := calendar.ParseDate(it.Due)
	sub, _ := calendar.ParseDate(it.Submitted)
	var overdue app.UI
	today := calendar.DateOf(time.Now())
	if !due.IsZero() && due.Before(today) && it.Status != "handled" && ok {
		a := c.Authority()
		overdue = app.Div().Class("overdue").Body(
			app.P().Body(app.Strong().Text(i18n.Fill(r.MyRequestsOverdue, "date", i18n.FormatDate(l, due.Time())))),
			app.P().Body(app.A().Href("%s", complainLink(c, l, it)).Text(i18n.Fill(r.ComplainNow, "authority", a.Title(l)))),
			app.P().Body(externalLink(a.Website)),
		)
	}
	id := it.ID
	return app.Li().Class("company").Body(
		app.H2().Text(c.Name+": "+r.Types[it.Type]),
		app.Dl().Class("facts").Body(
			dlRow(r.Reference, app.Span().Text(it.Reference)),
			dlRow(r.Submitted, app.Span().Text(i18n.FormatDate(l, sub.Time()))),
			dlRow(r.DueBy, app.Span().Text(dueText(l, it.Type, it.Due))),
			dlRow(r.Status, app.Span().Text(r.Statuses[it.Status])),
		),
		overdue,
		app.Button().Type("button").Class("button secondary").Text(r.MyRequestsForget).
			Aria("label", r.MyRequestsForget+": "+it.Reference).
			OnClick(func(ctx app.Context, e app.Event) {
				forgetSentRequest(ctx, id)
				m.items = loadSentRequests(ctx)
			}, id), // the scope makes go-app rebind the handler when the list shifts
	)
}
