package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// Register declares the portal's go-app routes. It is called by both the
// WebAssembly main and the static site generator, so the app in the browser
// and the prerendered pages come from the same table. Every path goes to
// Portal, which resolves it with Site.Resolve; go-app's own not-found page
// (which loads an icon from a third-party host) is never used.
func Register(site Site) {
	app.RouteWithRegexpFunc("^/.*", func() app.Composer {
		return &Portal{Site: site}
	})
}
