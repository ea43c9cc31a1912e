package ui

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/calendar"
	"privacyportal/app/i18n"
	"privacyportal/app/mailmsg"
	"privacyportal/app/requests"
	"privacyportal/app/signature"
)

// VerifyPage is /verify, for privacy contacts: drop a request e-mail
// (.eml), or request.json with request.json.sig, and see whether the
// portal signed it and it is unchanged, with what it says. Everything
// happens in the browser; the only thing fetched is the portal's public
// keys.
type VerifyPage struct {
	app.Compo

	Site Site
	Loc  Location

	result *verifyResult
}

type verifyResult struct {
	ok      bool
	message string
	doc     *requests.Document
	// For an e-mail: whether its readable text was compared with the
	// signed document, and the fields it shows otherwise.
	compared bool
	differs  []string
}

// Render shows the drop zone and the result.
func (v *VerifyPage) Render() app.UI {
	r := i18n.Requests(v.Loc.Lang)
	var result app.UI
	if res := v.result; res != nil {
		class := "verdict bad"
		if res.ok {
			class = "verdict good"
		}
		// The signature covers request.json, not the text a person
		// reads: an e-mail whose text says otherwise is said to be so.
		var text app.UI
		switch {
		case res.ok && res.compared && len(res.differs) > 0:
			text = app.P().Class("verdict warn").Role("alert").Text(i18n.Fill(r.VerifyDiffers, "fields", v.fieldNames(res.differs)))
		case res.ok && res.compared:
			text = app.P().Class("verdict good").Text(r.VerifyTextSame)
		}
		result = app.Div().Body(
			app.P().Class(class).Text(res.message),
			text,
			v.document(),
		)
	}
	return app.Div().Class("wrap page-verify").Body(
		app.H1().Text(r.VerifyTitle),
		app.P().Class("lead").Text(r.VerifyIntro),
		app.Div().Class("dropzone").OnDragOver(v.onDragOver).OnDrop(v.onDrop).Body(
			app.P().Text(r.VerifyDrop),
			app.Label().For("verify-files").Text(r.VerifyChoose),
			app.Input().Type("file").ID("verify-files").Multiple(true).Accept(".eml,.json,.sig,message/rfc822,application/json").
				OnChange(v.onFiles),
			app.P().Class("hint").Text(r.VerifyLocal),
		),
		app.Div().ID("verify-result").Aria("live", "polite").Body(result),
	)
}

// fieldNames names fields in the reader's language.
func (v *VerifyPage) fieldNames(keys []string) string {
	r := i18n.Requests(v.Loc.Lang)
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = strings.ToLower(r.Label(k))
	}
	return joinList(names)
}

// document shows the signed request in the reader's language: what it
// is, for whom, when, and the copy of what was asked, labels apart from
// values, dates as the reader writes them.
func (v *VerifyPage) document() app.UI {
	if v.result == nil || v.result.doc == nil {
		return nil
	}
	d := v.result.doc
	l := v.Loc.Lang
	r := i18n.Requests(l)
	rows := []app.UI{
		dlRow(r.Reference, app.Span().Text(d.Reference)),
		dlRow(r.Label("type"), app.Span().Text(r.Types[d.Type])),
		dlRow(i18n.Pages(l).Controller, app.Span().Body(app.Text(d.Controller.Name+" "), mailLink(d.Controller.PrivacyEmail))),
		dlRow(r.Submitted, timeOf(l, d.SubmittedAt)),
		dlRow(r.DueBy, dateOfDoc(l, d.DueBy)),
	}
	if d.LatestDueBy != "" {
		rows = append(rows, dlRow(r.LatestDue, dateOfDoc(l, d.LatestDueBy)))
	}
	out := []app.UI{app.H2().Text(r.VerifyFields), app.Dl().Class("facts").Body(rows...)}
	for _, s := range requests.CopyOf(l, *d, requests.CopyForCompany) {
		if s.Heading != "" {
			out = append(out, app.H3().Text(s.Heading))
		}
		if s.Quote != "" {
			out = append(out, app.Blockquote().Class("pre").Text(s.Quote))
			continue
		}
		var pairs []app.UI
		for _, f := range s.Fields {
			pairs = append(pairs, dlRow(f.Label, app.Span().Class("pre").Text(f.Value)))
		}
		out = append(out, app.Dl().Class("facts").Body(pairs...))
	}
	return app.Div().Body(out...)
}

// timeOf writes a document's RFC 3339 time as the reader writes it, on
// Oslo's and Copenhagen's clock; anything else as it is.
func timeOf(l i18n.Lang, s string) app.UI {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return app.Span().Text(s)
	}
	return app.Time().DateTime("%s", s).Text(i18n.FormatDateTime(l, calendar.LocalTime(t)))
}

// dateOfDoc writes a document's calendar date as the reader writes it.
func dateOfDoc(l i18n.Lang, s string) app.UI {
	d, ok := calendar.ParseDate(s)
	if !ok {
		return app.Span().Text(s)
	}
	return app.Time().DateTime("%s", s).Text(i18n.FormatDate(l, d.Time()))
}

func (v *VerifyPage) onDragOver(ctx app.Context, e app.Event) { e.PreventDefault() }

func (v *VerifyPage) onDrop(ctx app.Context, e app.Event) {
	e.PreventDefault()
	v.check(ctx, e.Get("dataTransfer").Get("files"))
}

func (v *VerifyPage) onFiles(ctx app.Context, e app.Event) {
	v.check(ctx, ctx.JSSrc().Get("files"))
}

// check reads the files, finds the document and its signature, fetches
// the keys and verifies.
func (v *VerifyPage) check(ctx app.Context, files app.Value) {
	type file struct {
		name string
		data app.Value // a promise of the file's bytes
	}
	var list []file
	for i := 0; i < files.Length(); i++ {
		f := files.Index(i)
		list = append(list, file{f.Get("name").String(), f.Call("arrayBuffer")})
	}
	lang, site := v.Loc.Lang, v.Site
	ctx.Async(func() {
		named := map[string][]byte{}
		for _, f := range list {
			buf, err := await(f.data)
			if err != nil {
				continue
			}
			arr := app.Window().Get("Uint8Array").New(buf)
			b := make([]byte, arr.Length())
			app.CopyBytesToGo(b, arr)
			named[f.name] = b
		}
		res := verifyFiles(site, lang, named, func() ([]byte, error) {
			res, err := fetchJSON("GET", "/.well-known/privacy-portal/keys.json", nil)
			return res.Body, err
		})
		ctx.Dispatch(func(ctx app.Context) { v.result = res })
	})
}

// verifyFiles finds request.json and request.json.sig among the files,
// directly or as attachments of an e-mail, and verifies them against the
// portal's keys.
func verifyFiles(site Site, lang i18n.Lang, files map[string][]byte, keys func() ([]byte, error)) *verifyResult {
	r := i18n.Requests(lang)
	var doc, sig []byte
	var mail *mailmsg.Parsed
	for name, data := range files {
		switch {
		case strings.HasSuffix(strings.ToLower(name), ".eml"):
			p, err := mailmsg.Parse(data)
			if err != nil {
				continue
			}
			mail = p
			if a, ok := p.Attachment("request.json"); ok {
				doc = a.Data
			}
			if a, ok := p.Attachment("request.json.sig"); ok {
				sig = a.Data
			}
		case strings.HasSuffix(name, ".sig"):
			sig = data
		case strings.HasSuffix(name, ".json"):
			doc = data
		}
	}
	fail := func(reason string) *verifyResult {
		return &verifyResult{message: i18n.Fill(r.VerifyFailed, "reason", reason)}
	}
	if doc == nil || sig == nil {
		return &verifyResult{message: r.VerifyMissing}
	}
	body, err := keys()
	if err != nil {
		return fail(r.VerifyNotFound)
	}
	set, err := signature.ParseKeySet(body)
	if err != nil {
		return fail(r.VerifyNotFound)
	}
	parsed, perr := requests.ParseDocument(doc)
	kid, err := set.Verify(doc, sig, parsed.KeyID)
	switch {
	case err == nil && perr == nil:
		res := &verifyResult{ok: true, message: i18n.Fill(r.VerifyGenuine, "kid", kid), doc: &parsed}
		if mail != nil {
			res.compared = true
			res.differs = requests.CopyDifferences(companyLang(site, parsed, mail), parsed, mail.Text, mail.HTML)
		}
		return res
	case err == nil:
		return fail(perr.Error())
	case errors.Is(err, signature.ErrUnknownKey):
		return fail(r.VerifyUnknown)
	}
	return fail(r.VerifyBadSig)
}

// companyLang is the language the portal wrote a request's e-mail in: its
// company's, from its document (read from the site in the browser, which
// holds no company on this page; it runs in ctx.Async). For a company the
// portal no longer lists, the language whose copy the e-mail matches best.
func companyLang(site Site, doc requests.Document, mail *mailmsg.Parsed) i18n.Lang {
	if c, err := site.Controllers.Load(context.Background(), doc.Controller.Slug); err == nil {
		return c.Language
	}
	best, fewest := i18n.NB, -1
	for _, l := range i18n.All() {
		if n := len(requests.CopyDifferences(l, doc, mail.Text, mail.HTML)); fewest < 0 || n < fewest {
			best, fewest = l, n
		}
	}
	return best
}
