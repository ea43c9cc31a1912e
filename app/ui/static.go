package ui

// NeedsApp says whether a page loads the WebAssembly app. Most visits read
// a statement on a phone, and a statement, the front page, the portal's
// privacy notice and a 404 page are text and links: their only script is the cookie banner's
// (site/assets/consent.js), which works without the app, and their links
// are ordinary navigations. So the static site generator leaves the app's
// scripts out of them, and they stay the prerendered HTML. The pages with
// forms and state (request, cookie settings, marketing, export, the
// requests sent from this browser, verify) load the app, which takes them
// over; once it runs, it shows any page, these ones too, within itself.
func NeedsApp(p Page) bool {
	switch p {
	case PageHome, PageStatement, PagePrivacy, PageNotFound:
		return false
	}
	return true
}
