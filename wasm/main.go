// Command wasm is the portal's browser app, built with GOOS=js GOARCH=wasm
// into site/public/web/app.wasm. It takes over each prerendered page and
// keeps navigation within the app.
package main

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/privacy"
	"privacyportal/app/ui"
	"privacyportal/site/controllers"
)

func main() {
	reg, err := privacy.Load(controllers.FS(), controllers.Dir)
	if err != nil {
		// The generator refuses to build a site from invalid files, so
		// this only happens with a hand-built binary.
		panic(err)
	}
	ui.Register(ui.NewSite(reg))
	app.RunWhenOnBrowser()
}
