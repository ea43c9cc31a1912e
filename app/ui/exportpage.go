package ui

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/i18n"
	"privacyportal/app/marketing"
	"privacyportal/app/privacy"
)

// ExportPage is /{slug}/export, for the company's marketers: with the
// company's export token (kept in this page's memory only, never stored),
// it shows how many people may be contacted on each channel, a filterable
// table, and downloads of the CSV or JSON Lines export.
type ExportPage struct {
	app.Compo

	Site       Site
	Loc        Location
	Controller privacy.Controller

	token   string
	counts  []exportCount
	rows    []map[string]string
	total   int
	channel string
	status  string
	since   string
	message string
	loading bool
}

type exportCount struct {
	Channel string `json:"channel"`
	Status  string `json:"status"`
	N       int    `json:"n"`
}

// previewRows is how many rows the table shows; the downloads have all.
const previewRows = 100

// Render shows the page.
func (p *ExportPage) Render() app.UI {
	c, l := p.Controller, p.Loc.Lang
	k, t := i18n.K(l), i18n.T(l)
	status := message("x-message", "error", p.message).Role("alert")
	var results app.UI
	if p.counts != nil {
		results = app.Div().Body(
			app.H2().Text(k.ExportCounts),
			p.countTable(),
			app.H2().Text(k.ExportFilter),
			app.Form().Class("filters").OnSubmit(p.onFilter).Body(
				p.choice("x-channel", k.ExportChannel, marketing.Channels(c), t.ChannelNames),
				p.choice("x-status", k.ExportStatusF, []string{marketing.StatusGranted, marketing.StatusWithdrawn, marketing.StatusReserved}, k.Status),
				app.Div().Class("field").Body(
					app.Label().For("x-since").Text(k.ExportSince),
					app.Input().Type("date").ID("x-since").Name("since"),
				),
				app.P().Body(app.Button().Type("submit").Class("button").Text(k.ExportLoad)),
			),
			app.P().Role("status").Text(i18n.Fill(k.ExportShown, "n", strconv.Itoa(len(p.rows)), "total", strconv.Itoa(p.total))),
			p.table(),
			app.P().Class("consent-actions").Body(
				app.Button().Type("button").Class("button").OnClick(p.download("csv"), "csv").Text(k.ExportCSV),
				app.Button().Type("button").Class("button").OnClick(p.download("jsonl"), "jsonl").Text(k.ExportJSONL),
			),
		)
	}
	return app.Div().Class("wrap page-export").Body(
		app.H1().Text(i18n.Fill(k.ExportTitle, "name", c.Name)),
		app.P().Class("lead").Text(k.ExportIntro),
		app.Form().OnSubmit(p.onLoad).Body(
			app.Div().Class("field").Body(
				app.Label().For("x-token").Text(k.ExportToken),
				app.P().Class("hint").ID("x-token-hint").Text(k.ExportTokenFor),
				app.Input().Type("password").ID("x-token").Name("token").Attr("autocomplete", "off").
					Aria("describedby", "x-token-hint"),
			),
			app.P().Body(submitButton(k.ExportLoad, p.loading)),
		),
		status,
		results,
	)
}

func (p *ExportPage) choice(id, label string, options []string, names map[string]string) app.UI {
	opts := []app.UI{app.Option().Value("").Text(i18n.K(p.Loc.Lang).ExportAll)}
	for _, o := range options {
		opts = append(opts, app.Option().Value(o).Text(names[o]))
	}
	return app.Div().Class("field").Body(app.Label().For(id).Text(label), app.Select().ID(id).Body(opts...))
}

func (p *ExportPage) countTable() app.UI {
	l := p.Loc.Lang
	k, t := i18n.K(l), i18n.T(l)
	rows := make([]app.UI, 0, len(p.counts))
	for _, c := range p.counts {
		rows = append(rows, app.Tr().Body(app.Td().Text(t.ChannelNames[c.Channel]), app.Td().Text(k.Status[c.Status]), app.Td().Text(strconv.Itoa(c.N))))
	}
	return app.Div().Class("table-scroll").Body(app.Table().Body(
		app.Caption().Class("visually-hidden").Text(k.ExportCounts),
		app.THead().Body(app.Tr().Body(app.Th().Scope("col").Text(k.ExportChannel), app.Th().Scope("col").Text(k.ExportStatusF), app.Th().Scope("col").Text(k.ExportCounts))),
		app.TBody().Body(rows...),
	))
}

func (p *ExportPage) table() app.UI {
	l := p.Loc.Lang
	k, t := i18n.K(l), i18n.T(l)
	cols := []string{"email", "phone", "channel", "status", "since"}
	head := make([]app.UI, len(cols))
	for i, col := range cols {
		head[i] = app.Th().Scope("col").Text(k.ExportColumns[col])
	}
	body := make([]app.UI, 0, len(p.rows))
	for _, r := range p.rows {
		since := r["updated_at"]
		if len(since) >= 10 {
			since = since[:10]
		}
		body = append(body, app.Tr().Body(
			app.Td().Text(r["email"]), app.Td().Text(r["phone"]), app.Td().Text(t.ChannelNames[r["channel"]]),
			app.Td().Text(k.Status[r["status"]]), app.Td().Text(since),
		))
	}
	return app.Div().Class("table-scroll").Body(app.Table().Body(
		app.Caption().Class("visually-hidden").Text(k.ExportTitle),
		app.THead().Body(app.Tr().Body(head...)),
		app.TBody().Body(body...),
	))
}

func (p *ExportPage) query(format string, limit int) string {
	q := url.Values{"format": {format}}
	if p.channel != "" {
		q.Set("channel", p.channel)
	}
	if p.status != "" {
		q.Set("status", p.status)
	}
	if p.since != "" {
		q.Set("since", p.since)
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	return "/api/" + p.Controller.Slug + "/exports/marketing?" + q.Encode()
}

func (p *ExportPage) onLoad(ctx app.Context, e app.Event) {
	e.PreventDefault()
	p.token = strings.TrimSpace(app.Window().GetElementByID("x-token").Get("value").String())
	p.refresh(ctx)
}

func (p *ExportPage) onFilter(ctx app.Context, e app.Event) {
	e.PreventDefault()
	get := func(id string) string { return app.Window().GetElementByID(id).Get("value").String() }
	p.channel, p.status, p.since = get("x-channel"), get("x-status"), get("x-since")
	p.refresh(ctx)
}

// refresh loads the counts and the first rows with the token.
func (p *ExportPage) refresh(ctx app.Context) {
	p.loading, p.message = true, ""
	token, slug, lang := p.token, p.Controller.Slug, p.Loc.Lang
	preview := p.query("jsonl", previewRows)
	ctx.Async(func() {
		sum, err := fetchAuth("GET", "/api/"+slug+"/exports/summary", nil, token)
		var counts struct {
			Counts []exportCount `json:"counts"`
		}
		var rows []map[string]string
		total := 0
		if err == nil && sum.Status == 200 {
			json.Unmarshal(sum.Body, &counts)
			var list response
			list, err = fetchAuth("GET", preview, nil, token)
			if err == nil {
				for _, line := range strings.Split(strings.TrimSpace(string(list.Body)), "\n") {
					var r map[string]string
					if json.Unmarshal([]byte(line), &r) == nil {
						rows = append(rows, r)
					}
				}
			}
		}
		ctx.Dispatch(func(ctx app.Context) {
			p.loading = false
			k := i18n.K(lang)
			switch {
			case err != nil:
				p.message = i18n.T(lang).Errors["internal"]
			case sum.Status == 401:
				p.message, p.counts = k.ExportBadToken, nil
			case sum.Status == 403:
				p.message, p.counts = k.ExportWrongCo, nil
			case sum.Status != 200:
				p.message = i18n.T(lang).Errors["internal"]
			default:
				p.counts, p.rows = counts.Counts, rows
				if p.counts == nil {
					p.counts = []exportCount{}
				}
				for _, c := range p.counts {
					if (p.channel == "" || c.Channel == p.channel) && (p.status == "" || c.Status == p.status) {
						total += c.N
					}
				}
				p.total = total
			}
		})
	})
}

// download fetches the whole export with the token and hands it to the
// browser as a file: the token cannot travel in a plain link.
func (p *ExportPage) download(format string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		url, token := p.query(format, 0), p.token
		name := p.Controller.Slug + "-marketing." + format
		ctx.Async(func() {
			init := map[string]any{"headers": map[string]any{"Authorization": "Bearer " + token}}
			res, err := await(app.Window().Call("fetch", url, init))
			if err != nil || res.Get("status").Int() != 200 {
				return
			}
			blob, err := await(res.Call("blob"))
			if err != nil {
				return
			}
			href := app.Window().Get("URL").Call("createObjectURL", blob)
			a := app.Window().Get("document").Call("createElement", "a")
			a.Set("href", href)
			a.Set("download", name)
			app.Window().Get("document").Get("body").Call("appendChild", a)
			a.Call("click")
			a.Call("remove")
			app.Window().Get("URL").Call("revokeObjectURL", href)
		})
	}
}
