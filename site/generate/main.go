// Command generate writes the portal's static site: every page prerendered
// to HTML by the same go-app components the browser app runs, the 404 page
// of every folder, the self-hosted assets and the _headers file with the
// security headers. The browser app itself (app.wasm) is built separately
// into the web/ folder of the output; see the Makefile.
//
//	go run ./site/generate -out site/public -scripts site/build -origin https://personvern.example
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"privacyportal/app/company"
	"privacyportal/app/cookieconsent"
	"privacyportal/app/headers"
	"privacyportal/app/i18n"
	"privacyportal/app/ui"
	"privacyportal/site/assets"
	"privacyportal/site/controllers"
	"privacyportal/site/operator"
	"privacyportal/site/provenance"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "generate:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("generate", flag.ContinueOnError)
	out := flags.String("out", "site/public", "output folder")
	origin := flags.String("origin", "http://127.0.0.1:8787", "the portal's origin, for canonical links")
	dir := flags.String("controllers", controllers.Dir, "folder of the controller files ({slug}.json), with each company's statement in sources/{slug}.txt")
	scripts := flags.String("scripts", "", "folder of the page scripts (consent.js, lang.js) as minified at build (the Makefile's PAGE_SCRIPTS); without it, site/assets' own, as written")
	if err := flags.Parse(args); err != nil {
		return err
	}
	files := os.DirFS(*dir)
	reg, err := company.Load(files, *dir)
	if err != nil {
		return err
	}
	// A page must not state what its company never wrote: every fact has
	// to cite the company's statement.
	for _, c := range reg.All() {
		statement, _ := fs.ReadFile(files, "sources/"+c.Slug+".txt")
		if err := provenance.Verify(path.Join(*dir, c.Slug+".json"), c, string(statement)); err != nil {
			return err
		}
	}
	site := ui.NewSite(reg)
	if site.Operator, err = operator.Load(); err != nil {
		return err
	}
	ui.Register(site)

	g := &generator{out: *out, scripts: *scripts, origin: strings.TrimSuffix(*origin, "/"), site: site, handler: newHandler(files)}
	if err := g.clean(); err != nil {
		return err
	}
	for _, loc := range site.Pages() {
		if err := g.page(loc); err != nil {
			return err
		}
	}
	for _, p := range []string{"/app.css", "/wasm_exec.js", "/manifest.webmanifest"} {
		if err := g.copyFromHandler(p); err != nil {
			return err
		}
	}
	if err := g.assets(); err != nil {
		return err
	}
	for _, size := range []int{192, 512} {
		if err := g.write(fmt.Sprintf("web/icon-%d.png", size), iconPNG(size)); err != nil {
			return err
		}
	}
	if err := g.documents(reg); err != nil {
		return err
	}
	hf, err := headersFile(site)
	if err != nil {
		return err
	}
	if err := g.write("_headers", hf); err != nil {
		return err
	}
	if err := g.write("robots.txt", []byte("User-agent: *\nAllow: /\n")); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "generate: %d pages for %d companies in %s\n", len(site.Pages()), len(reg.All()), *out)
	return nil
}

// newHandler configures go-app's page handler with the portal's own,
// self-hosted icons and styles; go-app's defaults load icons from a
// third-party host.
func newHandler(controllerFiles fs.FS) *app.Handler {
	t := i18n.Pages(ui.DefaultLang)
	return &app.Handler{
		Name:            t.SiteName,
		ShortName:       t.SiteName,
		Title:           t.SiteName,
		Description:     t.HomeIntro,
		Lang:            string(ui.DefaultLang),
		BackgroundColor: "#ffffff",
		ThemeColor:      "#0b5563",
		LoadingLabel:    " ",
		Icon: app.Icon{
			Default: "/web/icon-192.png",
			Large:   "/web/icon-512.png",
			SVG:     "/web/icon.svg",
		},
		Styles: []string{"/web/portal.css"},
		// The consent script runs in the head, not deferred: it decides
		// before the page is shown whether the cookie banner asks. So does
		// the language offer's, which decides whether the page offers
		// itself in the language the browser prefers.
		Scripts:   []string{"/web/consent.js", "/web/lang.js"},
		Version:   contentVersion(controllerFiles),
		Resources: app.LocalDir(""),
	}
}

// contentVersion is a hash of the controller files, so the generated site
// is the same for the same input.
func contentVersion(files fs.FS) string {
	h := sha256.New()
	names, _ := fs.Glob(files, "*.json")
	for _, n := range names {
		b, _ := fs.ReadFile(files, n)
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

type generator struct {
	out     string
	scripts string // the page scripts' folder, if not site/assets
	origin  string
	site    ui.Site
	handler *app.Handler
}

// clean empties the output folder but keeps the browser app, which the
// Makefile builds on its own.
func (g *generator) clean() error {
	entries, err := os.ReadDir(g.out)
	if errors.Is(err, fs.ErrNotExist) {
		return os.MkdirAll(g.out, 0o755)
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() == "web" {
			continue
		}
		if err := os.RemoveAll(filepath.Join(g.out, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

func (g *generator) get(urlPath string) ([]byte, error) {
	req := httptest.NewRequest(http.MethodGet, urlPath, nil)
	rec := httptest.NewRecorder()
	g.handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		return nil, fmt.Errorf("%s: go-app answered %d", urlPath, rec.Code)
	}
	return rec.Body.Bytes(), nil
}

func (g *generator) page(loc ui.Location) error {
	p := g.site.Path(loc)
	html, err := g.get(p)
	if err != nil {
		return err
	}
	html, err = g.finish(html, loc)
	if err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	return g.write(fileFor(p), html)
}

// fileFor maps an address to the file that Workers static assets serve
// for it: /werksta/ is werksta/index.html, /werksta/request is
// werksta/request.html.
func fileFor(urlPath string) string {
	switch {
	case strings.HasSuffix(urlPath, "/"):
		return strings.TrimPrefix(urlPath, "/") + "index.html"
	case path.Ext(urlPath) == "":
		return strings.TrimPrefix(urlPath, "/") + ".html"
	}
	return strings.TrimPrefix(urlPath, "/")
}

// goAppViewport matches the viewport tag go-app v9.8.0 writes into every
// page, whose attributes come in no fixed order. Its content forbids
// zooming, which fails WCAG 1.4.4; finish replaces it.
var goAppViewport = regexp.MustCompile(`<meta (?:content="[^"]*" name="viewport"|name="viewport" content="[^"]*")>`)

// goAppOGURL matches go-app's og:url tag, which names the generator's own
// stand-in host; finish points it at the page's real address.
var goAppOGURL = regexp.MustCompile(`<meta (?:content="[^"]*" property="og:url"|property="og:url" content="[^"]*")>`)

// The parts of go-app's page that only serve the WebAssembly app, with how
// many of each go-app v9.8.0 writes into every page: its two scripts, its
// own stylesheet (for the loader, which portal.css hides) with its preload,
// the preload of portal.css (linked right after anyway), the web app
// manifest, and the loader itself, whose icon the browser would download.
// A page that does not need the app (ui.NeedsApp) goes without them.
var appOnly = []struct {
	what  string
	re    *regexp.Regexp
	count int
}{
	{"go-app's wasm_exec.js script", regexp.MustCompile(`<script [^>]*src="/wasm_exec\.js"[^>]*></script>\n?`), 1},
	{"the app's start-up script", regexp.MustCompile(`<script [^>]*src="/app\.js"[^>]*></script>\n?`), 1},
	{"go-app's stylesheet and its preload", regexp.MustCompile(`<link [^>]*href="/app\.css"[^>]*>\n?`), 2},
	{"the preload of portal.css", regexp.MustCompile(`<link [^>]*rel="preload"[^>]*>\n?`), 1},
	{"the web app manifest", regexp.MustCompile(`<link [^>]*rel="manifest"[^>]*>\n?`), 1},
	{"go-app's loader", regexp.MustCompile(`(?s)<aside [^>]*id="app-wasm-loader"[^>]*>.*?</aside>\n?`), 1},
}

// withoutApp removes appOnly from a page, and refuses a page where go-app
// wrote them otherwise than expected (a new go-app version, say), or where
// anything still refers to the app.
func withoutApp(html []byte) ([]byte, error) {
	for _, a := range appOnly {
		if n := len(a.re.FindAllIndex(html, -1)); n != a.count {
			return nil, fmt.Errorf("%d of %s found, want %d; has go-app changed?", n, a.what, a.count)
		}
		html = a.re.ReplaceAllLiteral(html, nil)
	}
	for _, s := range []string{"app.wasm", "wasm_exec", "/app.js", "/app.css", "manifest.webmanifest", "app-wasm-loader"} {
		if bytes.Contains(html, []byte(s)) {
			return nil, fmt.Errorf("a page without the app still refers to %s", s)
		}
	}
	return html, nil
}

// finish adjusts go-app's page to the portal's standards: its markup
// repaired as the Worker's pages are (ui.WellFormed: values as HTML reads
// them, aria-* attributes with their values, an alt on the loader icon),
// a viewport that lets readers zoom, a canonical
// address and language alternates for search engines, and no indexing of
// 404 pages. A page that needs no app (a statement, the front page, a 404
// page) loads none: see ui.NeedsApp.
func (g *generator) finish(raw []byte, loc ui.Location) ([]byte, error) {
	// First, while the page is all go-app's: what is added below is
	// written as HTML already.
	repaired, err := ui.WellFormed(string(raw))
	if err != nil {
		return nil, err
	}
	html := []byte(repaired)
	if len(goAppViewport.FindAllIndex(html, -1)) != 1 {
		return nil, errors.New("go-app's viewport tag not found; has go-app changed?")
	}
	html = goAppViewport.ReplaceAll(html, []byte(`<meta name="viewport" content="width=device-width, initial-scale=1">`))
	html = goAppOGURL.ReplaceAllLiteral(html, []byte(`<meta property="og:url" content="`+g.origin+g.site.Path(loc)+`">`))

	// The page's own Content-Security-Policy (see headersFile), first
	// after the charset, before anything the page loads. Then the consent
	// script in the head reads the company's cookie policy from its tag,
	// before the body (and its banner) exists; it is the page's one copy
	// of the policy.
	tag := `<meta charset="UTF-8">` + "\n" + `<meta http-equiv="Content-Security-Policy" content="` + pagePolicy(g.site, loc) + `">`
	if c, ok := g.site.Controllers.Lookup(loc.Slug); ok {
		tag += "\n" + `<meta name="` + ui.ConsentMetaName + `" content="` + cookieconsent.ConfigFor(c).Encode() + `">`
	}
	if bytes.Count(html, []byte(`<meta charset="UTF-8">`)) != 1 {
		return nil, errors.New("go-app's charset tag not found")
	}
	html = bytes.Replace(html, []byte(`<meta charset="UTF-8">`), []byte(tag), 1)

	if !ui.NeedsApp(loc.Page) {
		if html, err = withoutApp(html); err != nil {
			return nil, err
		}
	} else if c, ok := g.site.Controllers.Lookup(loc.Slug); ok {
		// The app shows this page from its company's document, which
		// the page carries, so it needs no request of its own. The JSON
		// escapes <, > and &, so nothing in it can end the block.
		doc, err := company.Document(c)
		if err != nil {
			return nil, err
		}
		block := `<script type="application/json" id="` + ui.DocumentElementID + `">` + string(doc) + "</script>\n"
		if bytes.Count(html, []byte("</head>")) != 1 {
			return nil, errors.New("no single </head> in go-app's page")
		}
		html = bytes.Replace(html, []byte("</head>"), []byte(block+"</head>"), 1)
	}

	var head strings.Builder
	if loc.Page == ui.PageNotFound {
		head.WriteString(`<meta name="robots" content="noindex">`)
	} else {
		head.WriteString(`<link rel="canonical" href="` + g.origin + g.site.Path(loc) + `">`)
		for _, alt := range g.site.Alternates(loc) {
			head.WriteString(`<link rel="alternate" hreflang="` + string(alt.Lang) + `" href="` + g.origin + g.site.Path(alt) + `">`)
		}
	}
	if bytes.Count(html, []byte("</head>")) != 1 {
		return nil, errors.New("no single </head> in go-app's page")
	}
	html = bytes.Replace(html, []byte("</head>"), []byte(head.String()+"</head>"), 1)
	return html, nil
}

// documents writes each company's document (company.Document) and the
// list of companies, which the Worker and the browser app read in place of
// companies compiled into them.
func (g *generator) documents(reg *company.Registry) error {
	for _, c := range reg.All() {
		doc, err := company.Document(c)
		if err != nil {
			return err
		}
		if err := g.write(strings.TrimPrefix(company.DocumentPath(c.Slug), "/"), doc); err != nil {
			return err
		}
	}
	index, err := company.Index(reg.All())
	if err != nil {
		return err
	}
	return g.write(strings.TrimPrefix(company.IndexPath, "/"), index)
}

func (g *generator) copyFromHandler(urlPath string) error {
	b, err := g.get(urlPath)
	if err != nil {
		return err
	}
	return g.write(strings.TrimPrefix(urlPath, "/"), b)
}

// assets copies the self-hosted assets: the portal's stylesheet, its icons,
// the script that starts the WebAssembly app, and the page scripts (the
// cookie consent and language offer scripts, which every page loads, a
// statement page only them) from g.scripts, where the build has minified
// them.
func (g *generator) assets() error {
	return fs.WalkDir(assets.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
			return err
		}
		b, err := fs.ReadFile(assets.FS(), p)
		if err != nil {
			return err
		}
		dest := path.Join("web", p)
		switch p {
		case "app.js":
			dest = "app.js" // go-app's pages load it from the root
		case "consent.js", "lang.js":
			if g.scripts != "" {
				if b, err = os.ReadFile(filepath.Join(g.scripts, p)); err != nil {
					return err
				}
			}
		}
		return g.write(dest, b)
	})
}

func (g *generator) write(name string, b []byte) error {
	full := filepath.Join(g.out, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	return os.WriteFile(full, b, 0o644)
}

// Limits of Workers static assets' _headers file: at most 100 rules, and
// 2,000 characters a line.
// https://developers.cloudflare.com/workers/static-assets/headers/#custom-headers
const (
	maxHeaderRules = 100
	maxHeaderLine  = 2000
)

// headersFile is the _headers file of Workers static assets: the security
// headers on every static response.
//
// A page's Content-Security-Policy comes in two parts, so that the file
// does not grow with the companies (a rule per company's folder would pass
// the limit of 100 rules at 25 companies that use tools). The header of
// every static response allows what any company's tools need (the
// companies' script and data origins, allowed only after consent), except
// on the portal's own pages, which get the portal's own policy; and every
// page carries its exact policy in a <meta http-equiv> tag (pagePolicy)
// before anything it loads. A browser enforces both policies, so a page may
// load only what both allow: what its own company's tools need, and on a
// company without tools, or a page of the portal's, nothing but the
// portal's own. frame-ancestors, which a meta tag cannot carry, is in both
// headers.
func headersFile(site ui.Site) ([]byte, error) {
	var scripts, connect []string
	for _, c := range site.Controllers.All() {
		s, k := cookieconsent.Origins(c)
		scripts, connect = append(scripts, s...), append(connect, k...)
	}
	slices.Sort(scripts)
	slices.Sort(connect)
	any := headers.ContentSecurityPolicyFor(slices.Compact(scripts), slices.Compact(connect))
	var b bytes.Buffer
	rules := 1
	b.WriteString("/*\n")
	for _, h := range headers.Security() {
		if h.Name == "Content-Security-Policy" {
			h.Value = any
		}
		b.WriteString("  " + h.Name + ": " + h.Value + "\n")
	}
	if any != headers.ContentSecurityPolicy {
		for _, loc := range site.Pages() {
			if loc.Slug != "" || loc.Page == ui.PageNotFound {
				continue
			}
			// "!" detaches the general rule's policy, since two would
			// both apply.
			b.WriteString(site.Path(loc) + "\n  ! Content-Security-Policy\n  Content-Security-Policy: " + headers.ContentSecurityPolicy + "\n")
			rules++
		}
	}
	if rules > maxHeaderRules {
		return nil, fmt.Errorf("_headers: %d rules, more than the %d Workers static assets allow", rules, maxHeaderRules)
	}
	for _, line := range strings.Split(b.String(), "\n") {
		if len(line) > maxHeaderLine {
			return nil, fmt.Errorf("_headers: a line of %d characters, more than the %d Workers static assets allow: the companies' tools name too many origins (%.60s…)", len(line), maxHeaderLine, line)
		}
	}
	return b.Bytes(), nil
}

// pagePolicy is the Content-Security-Policy of a page, as its meta tag
// carries it: its company's (the portal's own policy, plus the origins of
// the tools its cookie policy declares), or on the portal's own pages the
// portal's. A meta tag cannot carry frame-ancestors (browsers ignore it
// there, with a warning), so it is left to the header.
func pagePolicy(site ui.Site, loc ui.Location) string {
	csp := headers.ContentSecurityPolicy
	if c, ok := site.Controllers.Lookup(loc.Slug); ok {
		csp = headers.ContentSecurityPolicyFor(cookieconsent.Origins(c))
	}
	parts := strings.Split(csp, "; ")
	parts = slices.DeleteFunc(parts, func(d string) bool { return strings.HasPrefix(d, "frame-ancestors ") })
	return strings.Join(parts, "; ")
}
