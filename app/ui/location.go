// Package ui is the portal's go-app user interface: the components of every
// page and the one table of which pages exist. The same code renders each
// page to static HTML at build time (site/generate) and runs in the browser
// as WebAssembly (wasm/), so the two cannot disagree about a page.
package ui

import (
	"context"
	"strings"

	"privacyportal/app/company"
	"privacyportal/app/i18n"
)

// Page is a kind of page in the portal.
type Page string

// The kinds of page.
const (
	PageHome       Page = "home"        // /: choose your company
	PageStatement  Page = "statement"   // /{slug}/: a company's privacy statement
	PageRequest    Page = "request"     // /{slug}/request: file a request
	PageCookies    Page = "cookies"     // /{slug}/cookies: cookie settings
	PageMarketing  Page = "marketing"   // /{slug}/marketing: marketing consent per channel
	PageExport     Page = "export"      // /{slug}/export: the marketers' exports
	PageMyRequests Page = "my-requests" // /my-requests: the requests sent from this browser
	PageVerify     Page = "verify"      // /verify: check a signed request
	PagePrivacy    Page = "privacy"     // /privacy: the portal's own privacy notice
	PageNotFound   Page = "notfound"    // any other path
)

// portalPages are the pages of the portal's own that belong to no company,
// by their path segment. Their names are reserved: no company may have
// them as its slug (see company.Controller.Validate).
var portalPages = map[string]Page{"my-requests": PageMyRequests, "verify": PageVerify, "privacy": PagePrivacy}

// Location is where a reader is: which page, in which interface language,
// about which company (empty on the portal's own pages).
type Location struct {
	Page Page
	Lang i18n.Lang
	Slug string
}

// Site is what the interface needs to know about the whole portal: its
// companies, the interface language of pages that belong to no company,
// and who runs it (for the portal's own privacy notice; the Worker's
// answers, which never show the notice, leave it empty).
type Site struct {
	// Controllers are the companies' documents: on the host every
	// company's; in the browser the page's own company's, and any other a
	// page has read since (company.Registry.Load).
	Controllers *company.Registry
	// Index is the list of companies, for the front page: on the host
	// every company's entry; in the browser none until the app navigates
	// to the front page (which is static, NeedsApp) and reads it
	// (ReadIndex).
	Index []company.Entry
	// ReadIndex reads the list of companies (company.IndexPath), for a
	// site that does not hold it: in the browser, from the site.
	ReadIndex   func(ctx context.Context) ([]byte, error)
	DefaultLang i18n.Lang
	Operator    company.Operator
}

// DefaultLang is the interface language of the portal's own pages (the
// front page and addresses under no company): Norwegian, the language of
// most of its companies. Company pages default to the company's language.
const DefaultLang = i18n.NB

// NewSite returns the portal's site with its companies, the list of
// companies made of every company the registry holds.
func NewSite(controllers *company.Registry) Site {
	var index []company.Entry
	for _, c := range controllers.All() {
		index = append(index, company.EntryOf(c))
	}
	return Site{Controllers: controllers, Index: index, DefaultLang: DefaultLang}
}

// Missing reports whether the page at path needs a document the site does
// not hold: the list of companies for the front page, or the document of
// the company the path names. In the browser such a page is loaded from
// the server, whose prerendered page carries what it needs (or is the
// 404 page of an address that names no company).
func (s Site) Missing(path string) bool {
	first := firstSegment(path)
	if first == "" {
		return s.Index == nil
	}
	if _, ok := portalPages[first]; ok {
		return false
	}
	_, ok := s.Controllers.Lookup(first)
	return !ok
}

// firstSegment is the first segment of an address after its language
// prefix, if any: a company's slug, a portal page's name, or "" for the
// front page.
func firstSegment(path string) string {
	path, _, _ = strings.Cut(path, "?")
	path, _, _ = strings.Cut(path, "#")
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if _, ok := i18n.Parse(segs[0]); ok {
		segs = segs[1:]
	}
	if len(segs) == 0 {
		return ""
	}
	return segs[0]
}

// Fetch reads what the page at path needs and the site does not hold
// (Missing): the document of the company it names, kept in the registry,
// or the list of companies, which it returns for the caller to keep in
// Index. An address that names no company is not an error: the page is
// then the 404 page.
func (s Site) Fetch(ctx context.Context, path string) ([]company.Entry, error) {
	first := firstSegment(path)
	if first == "" {
		data, err := s.ReadIndex(ctx)
		if err != nil {
			return nil, err
		}
		index, err := company.ParseIndex(data)
		if index == nil && err == nil {
			index = []company.Entry{}
		}
		return index, err
	}
	if _, err := s.Controllers.Load(ctx, first); err != nil && !company.IsUnknown(err) {
		return nil, err
	}
	return nil, nil
}

// language is the interface language a company's pages default to: its
// own, from its document or its entry in the list of companies, or, for a
// company the site holds neither of, def.
func (s Site) language(slug string, def i18n.Lang) i18n.Lang {
	if c, ok := s.Controllers.Lookup(slug); ok {
		return c.Language
	}
	for _, e := range s.Index {
		if e.Slug == slug {
			return e.Language
		}
	}
	return def
}

// Resolve maps a URL path to the location it shows. Paths follow one
// scheme: a page in its default language has no language prefix (/werksta/
// is Norwegian because Werksta's statement is); the same page in another
// language has one (/en/werksta/). A prefix naming the default language is
// not a page of its own, so that every page has exactly one address.
func (s Site) Resolve(path string) Location {
	path, _, _ = strings.Cut(path, "?")
	path, _, _ = strings.Cut(path, "#")
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if len(segs) == 1 && segs[0] == "" {
		segs = nil
	}
	trailingSlash := strings.HasSuffix(path, "/")

	lang, explicit := s.DefaultLang, false
	if len(segs) > 0 {
		if l, ok := i18n.Parse(segs[0]); ok {
			lang, explicit = l, true
			segs = segs[1:]
		}
	}
	notFound := Location{Page: PageNotFound, Lang: lang}

	if len(segs) == 0 {
		if explicit && lang == s.DefaultLang {
			return notFound
		}
		if explicit && !trailingSlash {
			return notFound
		}
		return Location{Page: PageHome, Lang: lang}
	}

	if page, ok := portalPages[segs[0]]; ok {
		if len(segs) != 1 || trailingSlash || (explicit && lang == s.DefaultLang) {
			return notFound
		}
		return Location{Page: page, Lang: lang}
	}
	c, ok := s.Controllers.Lookup(segs[0])
	if !ok {
		return notFound
	}
	if !explicit {
		lang = c.Language
	}
	notFound = Location{Page: PageNotFound, Lang: lang, Slug: c.Slug}
	if explicit && lang == c.Language {
		return notFound
	}
	if len(segs) == 1 {
		return Location{Page: PageStatement, Lang: lang, Slug: c.Slug}
	}
	if len(segs) == 2 && !trailingSlash {
		switch segs[1] {
		case "request":
			return Location{Page: PageRequest, Lang: lang, Slug: c.Slug}
		case "cookies":
			return Location{Page: PageCookies, Lang: lang, Slug: c.Slug}
		case "marketing":
			return Location{Page: PageMarketing, Lang: lang, Slug: c.Slug}
		case "export":
			return Location{Page: PageExport, Lang: lang, Slug: c.Slug}
		}
	}
	return notFound
}

// Path returns the address of a location. For a not-found location it is
// the 404 page served for missing addresses under the same folder.
func (s Site) Path(loc Location) string {
	dir := "/"
	def := s.DefaultLang
	if loc.Slug != "" {
		// A company the site holds nothing of gets the address without a
		// language, which shows its pages in its own language.
		def = s.language(loc.Slug, loc.Lang)
	}
	if loc.Lang != def {
		dir += string(loc.Lang) + "/"
	}
	if loc.Slug != "" {
		dir += loc.Slug + "/"
	}
	switch loc.Page {
	case PageNotFound:
		return dir + "404.html"
	case PageRequest:
		return dir + "request"
	case PageCookies:
		return dir + "cookies"
	case PageMarketing:
		return dir + "marketing"
	case PageExport:
		return dir + "export"
	case PageMyRequests:
		return dir + "my-requests"
	case PageVerify:
		return dir + "verify"
	case PagePrivacy:
		return dir + "privacy"
	default:
		return dir
	}
}

// Pages lists every location the static site has a page for: each page in
// each interface language, and a 404 page for each folder.
func (s Site) Pages() []Location {
	var locs []Location
	for _, l := range i18n.All() {
		locs = append(locs, Location{Page: PageHome, Lang: l}, Location{Page: PageNotFound, Lang: l},
			Location{Page: PageMyRequests, Lang: l}, Location{Page: PageVerify, Lang: l}, Location{Page: PagePrivacy, Lang: l})
		for _, c := range s.Index {
			locs = append(locs,
				Location{Page: PageStatement, Lang: l, Slug: c.Slug},
				Location{Page: PageRequest, Lang: l, Slug: c.Slug},
				Location{Page: PageCookies, Lang: l, Slug: c.Slug},
				Location{Page: PageMarketing, Lang: l, Slug: c.Slug},
				Location{Page: PageExport, Lang: l, Slug: c.Slug},
				Location{Page: PageNotFound, Lang: l, Slug: c.Slug},
			)
		}
	}
	return locs
}

// Alternates returns the same page in every interface language, for the
// language switch and for search engines.
func (s Site) Alternates(loc Location) []Location {
	var alts []Location
	for _, l := range i18n.All() {
		alt := loc
		alt.Lang = l
		alts = append(alts, alt)
	}
	return alts
}
