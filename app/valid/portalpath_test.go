package valid

import (
	"net/url"
	"strings"
	"testing"
)

// openRedirects are known open-redirect payloads (from the usual lists:
// scheme-relative, backslashes, encoded and raw control characters, user
// info, other schemes, Unicode look-alikes), each tried as a return path.
var openRedirects = []string{
	"//evil.example",
	"//evil.example/",
	"///evil.example",
	"////evil.example",
	`/\evil.example`,
	`\\evil.example`,
	`\/evil.example`,
	`/\/evil.example`,
	"/\t/evil.example/",
	"/%09/evil.example/",
	"/\n/evil.example",
	"/%0a/evil.example",
	"/\r/evil.example",
	"/%0d%0a/evil.example",
	"/\x00",
	"/%00",
	" //evil.example",
	"\t//evil.example",
	"https://evil.example",
	"http://evil.example/werksta/",
	"https:evil.example",
	"http:/evil.example",
	"javascript:alert(1)",
	"JaVaScRiPt:alert(1)",
	"data:text/html,<script>alert(1)</script>",
	"//evil.example%2f..",
	"/%2f%2fevil.example",
	"/%5cevil.example",
	"//evil%E3%80%82example",
	"/／evil.example",
	"/\u3002evil.example",
	"//@evil.example",
	"/@evil.example",
	"https://portal.example@evil.example/",
	"//portal.example@evil.example",
	"/werksta/\r\nLocation: https://evil.example",
	"/werksta/#@evil.example",
	"/werksta/?next=//evil.example",
	"\x01//evil.example",
	"/" + strings.Repeat("a", 300),
	"",
	"werksta/",
	"./evil.example",
	"../evil.example",
}

// browserResolve resolves a Location the way a browser's URL parser does
// (the WHATWG URL standard): leading and trailing C0 controls and spaces
// are stripped, tabs and line breaks removed anywhere, and backslashes read
// as slashes in http(s) URLs.
func browserResolve(base *url.URL, loc string) (*url.URL, error) {
	loc = strings.TrimFunc(loc, func(r rune) bool { return r <= ' ' })
	loc = strings.NewReplacer("\t", "", "\n", "", "\r", "", `\`, "/").Replace(loc)
	u, err := url.Parse(loc)
	if err != nil {
		return nil, err
	}
	return base.ResolveReference(u), nil
}

func TestPortalPathStaysOnThePortal(t *testing.T) {
	base, _ := url.Parse("https://portal.example/werksta/cookies")
	for _, p := range openRedirects {
		ok := PortalPath(p)
		if !ok {
			continue
		}
		u, err := browserResolve(base, p)
		if err != nil || u.Host != base.Host || u.Scheme != base.Scheme || u.User != nil {
			t.Errorf("PortalPath(%q) = true, but a browser goes to %v (%v)", p, u, err)
		}
	}
	// The payloads that must be refused outright, not merely resolved
	// to the portal.
	for _, p := range openRedirects[:25] {
		if PortalPath(p) {
			t.Errorf("PortalPath(%q) = true, want false", p)
		}
	}
	for _, p := range []string{"/werksta/", "/da/car-room/cookies", "/werksta/?x=1&y=%C3%A6", "/"} {
		if !PortalPath(p) {
			t.Errorf("PortalPath(%q) = false for a page of the portal", p)
		}
	}
}
