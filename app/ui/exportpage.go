package ui

import (
	"cmp"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/calendar"
	"privacyportal/app/company"
	"privacyportal/app/i18n"
	"privacyportal/app/marketingconsent"
)

// ExportPage is /{slug}/export, for the company's marketers: with the
// company's export token (kept in this page's memory only, never stored),
// it shows how many people may be contacted on each channel, a filterable
// table, and downloads of the CSV or JSON Lines export.
type ExportPage struct {
	app.Compo

	Site       Site
	Loc        Location
	Controller company.Controller

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
	k, t := i18n.Marketing(l), i18n.Pages(l)
	status := message("x-message", "error", p.message).Role("alert")
	var results app.UI
	if p.counts != nil {
		results = app.Div().Body(
			app.H2().Text(k.ExportCounts),
			p.countTable(),
			app.H2().Text(k.ExportFilter),
			app.Form().Class("filters").OnSubmit(p.onFilter).Body(
				p.choice("x-channel", k.ExportChannel, exportChannels(c), t.ChannelNames),
				p.choice("x-status", k.ExportStatusF, exportStatuses, k.ExportStatus),
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
		app.P().Class("lead").Text(i18n.Fill(k.ExportIntro, "name", c.Name)),
		noticeLink(p.Site, l, "recipients"),
		app.Form().OnSubmit(p.onLoad).Body(
			app.Div().Class("field").Body(
				app.Label().For("x-token").Text(k.ExportToken),
				app.P().Class("hint").ID("x-token-hint").Text(i18n.Fill(k.ExportTokenFor, "name", c.Name)),
				app.Input().Type("password").ID("x-token").Name("token").Attr("autocomplete", "off").
					Attr("spellcheck", "false").Aria("describedby", "x-token-hint"),
			),
			app.P().Body(submitButton(k.ExportLoad, p.loading)),
		),
		status,
		results,
		MarketingLaw(l, c.Country),
		app.P().Class("hint").Text(i18n.Fill(k.ExportRules, "register", marketingconsent.Register(c.Country))),
		app.P().Class("hint").Text(k.MarketerDuties[c.Country]),
	)
}

// exportChannels are the channels a company's export can hold: those it
// markets on and those a customer can say no to.
func exportChannels(c company.Controller) []string {
	var out []string
	for _, ch := range marketingconsent.AllChannels() {
		if slices.Contains(marketingconsent.Channels(c), ch) || slices.Contains(marketingconsent.Reservable(c.Country), ch) {
			out = append(out, ch)
		}
	}
	return out
}

// exportStatuses are the statuses a marketer filters by, in the order the
// counts show them.
var exportStatuses = []string{marketingconsent.StatusGranted, marketingconsent.StatusWithdrawn, marketingconsent.StatusReserved}

func (p *ExportPage) choice(id, label string, options []string, names map[string]string) app.UI {
	opts := []app.UI{app.Option().Value("").Text(i18n.Marketing(p.Loc.Lang).ExportAll)}
	for _, o := range options {
		opts = append(opts, app.Option().Value(o).Text(names[o]))
	}
	return app.Div().Class("field").Body(app.Label().For(id).Text(label), app.Select().ID(id).Body(opts...))
}

// countTable shows, for each channel, how many people are in each status:
// one row a channel, one column a status, so a marketer reads at a glance
// how many may be contacted on it.
func (p *ExportPage) countTable() app.UI {
	l := p.Loc.Lang
	k, t := i18n.Marketing(l), i18n.Pages(l)
	n := map[[2]string]int{}
	channels := exportChannels(p.Controller)
	for _, c := range p.counts {
		n[[2]string{c.Channel, c.Status}] += c.N
		if !slices.Contains(channels, c.Channel) {
			channels = append(channels, c.Channel)
		}
	}
	heads := []string{k.ExportChannel}
	for _, s := range exportStatuses {
		heads = append(heads, k.ExportStatus[s])
	}
	rows := make([][]app.UI, len(channels))
	for i, ch := range channels {
		rows[i] = []app.UI{app.Text(t.ChannelNames[ch])}
		for _, s := range exportStatuses {
			rows[i] = append(rows[i], app.Text(strconv.Itoa(n[[2]string{ch, s}])))
		}
	}
	return dataTable{Caption: k.ExportCounts, Heads: heads, Rows: rows}.UI()
}

// table shows the first rows of the export: who, on which channel, in
// which status and since when, the date as the reader writes it.
func (p *ExportPage) table() app.UI {
	l := p.Loc.Lang
	k, t := i18n.Marketing(l), i18n.Pages(l)
	heads := []string{}
	for _, col := range []string{"email", "phone", "address", "channel", "status", "since"} {
		heads = append(heads, k.ExportColumns[col])
	}
	rows := make([][]app.UI, len(p.rows))
	for i, r := range p.rows {
		var address app.UI = app.Text("") // an empty cell, which a phone leaves out
		var lines []app.UI
		for _, line := range []string{r["name"], r["street"], strings.TrimSpace(r["postal_code"] + " " + r["city"])} {
			if line != "" {
				lines = append(lines, app.Div().Text(line))
			}
		}
		if len(lines) > 0 {
			address = app.Div().Body(lines...)
		}
		rows[i] = []app.UI{
			app.Text(r["email"]), app.Text(formatPhone(r["phone"])), address,
			app.Text(t.ChannelNames[r["channel"]]), app.Text(k.ExportStatus[r["status"]]), sinceCell(l, r),
		}
	}
	return dataTable{Caption: i18n.Fill(k.ExportTitle, "name", p.Controller.Name), Heads: heads, Rows: rows}.UI()
}

// sinceCell is when a row's status began: the withdrawal for a withdrawn
// consent, the confirmation (or, before it, the opt-in) for a granted one,
// else the last change; written as the reader writes a date, with the
// exact time for machines.
func sinceCell(l i18n.Lang, r map[string]string) app.UI {
	at := r["updated_at"]
	switch r["status"] {
	case marketingconsent.StatusWithdrawn:
		at = cmp.Or(r["withdrawn_at"], at)
	case marketingconsent.StatusGranted:
		at = cmp.Or(r["confirmed_at"], r["opted_in_at"], at)
	}
	ts, err := time.Parse(time.RFC3339, at)
	if err != nil {
		return app.Text(at)
	}
	return app.Time().DateTime("%s", ts.UTC().Format(time.RFC3339)).Text(i18n.FormatDate(l, calendar.LocalTime(ts)))
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
			k := i18n.Marketing(lang)
			switch {
			case err != nil:
				p.message = i18n.Pages(lang).Errors["internal"]
			case sum.Status == 401:
				p.message, p.counts = k.ExportBadToken, nil
			case sum.Status == 403:
				p.message, p.counts = k.ExportWrongCo, nil
			case sum.Status != 200:
				p.message = i18n.Pages(lang).Errors["internal"]
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
		url, token, lang := p.query(format, 0), p.token, p.Loc.Lang
		name := p.Controller.Slug + "-marketing." + format
		p.message = ""
		failed := func() {
			ctx.Dispatch(func(ctx app.Context) { p.message = i18n.Marketing(lang).ExportFailed })
		}
		ctx.Async(func() {
			init := map[string]any{"headers": map[string]any{"Authorization": "Bearer " + token}}
			res, err := await(app.Window().Call("fetch", url, init))
			if err != nil || res.Get("status").Int() != 200 {
				failed()
				return
			}
			blob, err := await(res.Call("blob"))
			if err != nil {
				failed()
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
