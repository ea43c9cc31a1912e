// Command wasm is the portal's browser app, built with GOOS=js GOARCH=wasm
// into site/public/web/app.wasm. It takes over each prerendered page and
// keeps navigation within the app.
package main

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/ui"
	"privacyportal/site/controllers"
	"privacyportal/site/operator"
)

func main() {
	// The companies as compiled at build time (site/controllers/compile),
	// already checked: nothing to parse before the app takes over.
	site := ui.NewSite(controllers.Registry())
	// Who runs the portal, for its privacy notice: the file the generator
	// checked when it prerendered the same page.
	site.Operator = operator.Must()
	ui.Register(site)
	app.RunWhenOnBrowser()
}
