package api

import (
	"html"
	"net/http"
	"strconv"
	"strings"

	"privacyportal/app/i18n"
)

// page is an HTML page the Worker answers with where a browser posted a
// form without JavaScript, or followed a link from an e-mail. It uses the
// portal's own stylesheet and the same frame as the static pages, and has
// no script: every action on it is a plain form.
type page struct {
	lang  i18n.Lang
	title string
	b     strings.Builder
}

func newPage(lang i18n.Lang, title string) *page { return &page{lang: lang, title: title} }

// esc escapes text for HTML content and attribute values.
func esc(s string) string { return html.EscapeString(s) }

func (p *page) raw(s string) *page { p.b.WriteString(s); return p }

func (p *page) h1(s string) *page { return p.raw("<h1>" + esc(s) + "</h1>\n") }
func (p *page) h2(s string) *page { return p.raw("<h2>" + esc(s) + "</h2>\n") }
func (p *page) para(s string) *page {
	return p.raw("<p>" + esc(s) + "</p>\n")
}
func (p *page) paraClass(class, s string) *page {
	return p.raw(`<p class="` + class + `">` + esc(s) + "</p>\n")
}

// status is a message screen readers announce when the page loads.
func (p *page) status(class, s string) *page {
	return p.raw(`<p class="` + class + `" role="status">` + esc(s) + "</p>\n")
}

// facts is a description list of labels and values, leaving out empty
// values.
func (p *page) facts(kv ...[2]string) *page {
	p.raw(`<dl class="facts">` + "\n")
	for _, pair := range kv {
		if strings.TrimSpace(pair[1]) == "" {
			continue
		}
		p.raw("<div><dt>" + esc(pair[0]) + "</dt><dd>" + esc(pair[1]) + "</dd></div>\n")
	}
	return p.raw("</dl>\n")
}

func (p *page) link(href, text string) *page {
	return p.raw(`<p><a href="` + esc(href) + `">` + esc(text) + "</a></p>\n")
}

// write sends the page with the given status.
func (p *page) write(w http.ResponseWriter, status int) {
	t := i18n.T(p.lang)
	home := "/"
	if p.lang != i18n.NB {
		home = "/" + string(p.lang) + "/"
	}
	var out strings.Builder
	out.WriteString("<!DOCTYPE html>\n<html lang=\"" + esc(string(p.lang)) + "\">\n<head>\n<meta charset=\"utf-8\">\n" +
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
		"<meta name=\"robots\" content=\"noindex\">\n" +
		"<title>" + esc(p.title+" – "+t.SiteName) + "</title>\n" +
		"<link rel=\"icon\" href=\"/web/icon.svg\">\n<link rel=\"stylesheet\" href=\"/web/portal.css\">\n</head>\n<body>\n" +
		"<div class=\"portal\">\n<a class=\"skip-link\" href=\"#main\">" + esc(t.SkipToContent) + "</a>\n" +
		"<header class=\"site-header\"><div class=\"wrap header-row\"><a class=\"site-name\" href=\"" + home + "\">" + esc(t.SiteName) + "</a></div></header>\n" +
		"<main id=\"main\" tabindex=\"-1\"><div class=\"wrap\">\n")
	out.WriteString(p.b.String())
	out.WriteString("</div></main>\n<footer class=\"site-footer\"><div class=\"wrap\"><p>" + esc(t.FooterPrivacy) + "</p></div></footer>\n</div>\n</body>\n</html>\n")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(out.Len()))
	w.WriteHeader(status)
	w.Write([]byte(out.String()))
}
