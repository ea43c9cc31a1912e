package ui

import (
	"errors"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/i18n"
	"privacyportal/app/mailmsg"
	"privacyportal/app/privacy"
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
	doc     *privacy.Document
}

// Render shows the drop zone and the result.
func (v *VerifyPage) Render() app.UI {
	r := i18n.R(v.Loc.Lang)
	var result app.UI
	if v.result != nil {
		class := "verdict bad"
		if v.result.ok {
			class = "verdict good"
		}
		result = app.Div().Body(
			app.P().Class(class).Text(v.result.message),
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
		app.P().Class("muted").Text(r.VerifyCLI),
	)
}

func (v *VerifyPage) document() app.UI {
	if v.result == nil || v.result.doc == nil {
		return nil
	}
	d := v.result.doc
	r := i18n.R(v.Loc.Lang)
	rows := []app.UI{
		dlRow(r.Reference, app.Span().Text(d.Reference)),
		dlRow(r.Fields["type"], app.Span().Text(r.Types[d.Type])),
		dlRow(i18n.T(v.Loc.Lang).Controller, app.Span().Text(d.Controller.Name+" <"+d.Controller.PrivacyEmail+">")),
		dlRow(r.Fields["name"], app.Span().Text(d.Requester.Name)),
		dlRow(r.Fields["email"], app.Span().Text(d.Requester.Email)),
		dlRow(r.Submitted, app.Span().Text(d.SubmittedAt)),
		dlRow(r.DueBy, app.Span().Text(d.DueBy)),
	}
	for _, kv := range [][2]string{
		{r.Fields["phone"], d.Requester.Phone},
		{r.Fields["registration_number"], d.Identifiers.RegistrationNumber},
		{r.Fields["vin"], d.Identifiers.VIN},
		{r.Fields["customer_number"], d.Identifiers.CustomerNumber},
		{r.Fields["text"], d.Text},
	} {
		if kv[1] != "" {
			rows = append(rows, dlRow(kv[0], app.Span().Class("pre").Text(kv[1])))
		}
	}
	return app.Div().Body(app.H2().Text(r.VerifyFields), app.Dl().Class("facts").Body(rows...))
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
	lang := v.Loc.Lang
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
		res := verifyFiles(lang, named, func() ([]byte, error) {
			res, err := fetchJSON("GET", "/.well-known/privacy-portal/keys.json", nil)
			return res.Body, err
		})
		ctx.Dispatch(func(ctx app.Context) { v.result = res })
	})
}

// verifyFiles finds request.json and request.json.sig among the files,
// directly or as attachments of an e-mail, and verifies them against the
// portal's keys.
func verifyFiles(lang i18n.Lang, files map[string][]byte, keys func() ([]byte, error)) *verifyResult {
	r := i18n.R(lang)
	var doc, sig []byte
	for name, data := range files {
		switch {
		case strings.HasSuffix(strings.ToLower(name), ".eml"):
			p, err := mailmsg.Parse(data)
			if err != nil {
				continue
			}
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
	parsed, perr := privacy.ParseDocument(doc)
	kid, err := set.Verify(doc, sig, parsed.KeyID)
	switch {
	case err == nil && perr == nil:
		return &verifyResult{ok: true, message: i18n.Fill(r.VerifyGenuine, "kid", kid), doc: &parsed}
	case err == nil:
		return fail(perr.Error())
	case errors.Is(err, signature.ErrUnknownKey):
		return fail(r.VerifyUnknown)
	}
	return fail(r.VerifyBadSig)
}
