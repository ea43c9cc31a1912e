// Command wasm is the portal's browser app, built with GOOS=js GOARCH=wasm
// into site/public/web/app.wasm. It takes over each prerendered page and
// keeps navigation within the app.
package main

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/company"
	"privacyportal/app/ui"
	"privacyportal/site/operator"
)

func main() {
	// No company is compiled in (see company.Document): the page carries
	// its own company's document, and any other, or the list of
	// companies, is read from the site when a page needs it.
	var own []company.Controller
	if app.IsClient {
		if c, ok := ui.PageDocument(); ok {
			own = append(own, c)
		}
	}
	site := ui.Site{Controllers: company.OnDemand(ui.ReadDocument, own...), ReadIndex: ui.ReadIndex, DefaultLang: ui.DefaultLang}
	// Who runs the portal, for its privacy notice: the file the generator
	// checked when it prerendered the same page.
	site.Operator = operator.Must()
	ui.Register(site)
	app.RunWhenOnBrowser()
}
