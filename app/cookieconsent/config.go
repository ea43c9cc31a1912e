package cookieconsent

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"slices"
	"strings"

	"privacyportal/app/company"
)

// Config is what the page script (consent.js) needs to know of a company's
// cookie policy. The site generator writes it into the head of each of the
// company's pages, so the script can decide before the page is shown
// whether to ask; the browser app puts the same JSON on the banner.
type Config struct {
	Slug     string              `json:"slug"`
	Version  string              `json:"version"`
	Days     int                 `json:"days"`
	Optional []string            `json:"optional"`
	Cookie   string              `json:"cookie"`
	Scripts  map[string][]string `json:"scripts,omitempty"`
	Clears   map[string][]string `json:"clears,omitempty"`
	// ConsentMode asks for Google Consent Mode v2 signals: all denied by
	// default, updated on the visitor's choice.
	ConsentMode bool `json:"consent_mode,omitempty"`
}

// ConfigFor returns the page script's view of a company's policy.
func ConfigFor(c company.Controller) Config {
	k := c.Cookies
	cfg := Config{
		Slug: c.Slug, Version: k.PolicyVersion, Days: int(Lifetime(k).Hours() / 24),
		Optional: Optional(k), Cookie: CookieName(c.Slug),
		Scripts: map[string][]string{}, Clears: map[string][]string{},
	}
	if cfg.Optional == nil {
		cfg.Optional = []string{}
	}
	for _, cat := range k.Categories {
		for _, s := range cat.Services {
			cfg.Scripts[cat.ID] = append(cfg.Scripts[cat.ID], s.Scripts...)
			cfg.Clears[cat.ID] = append(cfg.Clears[cat.ID], s.Clears...)
			if usesGoogleTags(s) {
				cfg.ConsentMode = true
			}
		}
	}
	for id, list := range cfg.Scripts {
		if len(list) == 0 {
			delete(cfg.Scripts, id)
		}
	}
	for id, list := range cfg.Clears {
		if len(list) == 0 {
			delete(cfg.Clears, id)
		}
	}
	return cfg
}

// usesGoogleTags reports whether a service is one of Google's tags, which
// read Consent Mode signals.
func usesGoogleTags(s company.CookieService) bool {
	if strings.Contains(strings.ToLower(s.Name), "google") {
		return true
	}
	for _, src := range s.Scripts {
		if u, err := url.Parse(src); err == nil && strings.HasSuffix(u.Hostname(), "googletagmanager.com") {
			return true
		}
	}
	return false
}

// Encode is the config as the page script reads it: base64url of its
// JSON. The encoding keeps quotes out of the HTML attribute it travels in
// (go-app's prerendering writes attribute values with Go quoting, not HTML
// escaping).
func (c Config) Encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Origins returns the origins a company's pages must allow in their
// Content-Security-Policy for the scripts it declares (script-src) and for
// what those scripts send data to (connect-src and img-src), sorted and
// without duplicates. A company without such services needs none.
func Origins(c company.Controller) (scripts, connect []string) {
	for _, cat := range c.Cookies.Categories {
		for _, s := range cat.Services {
			for _, src := range s.Scripts {
				if u, err := url.Parse(src); err == nil {
					scripts = append(scripts, u.Scheme+"://"+u.Host)
				}
			}
			connect = append(connect, s.Connect...)
		}
	}
	slices.Sort(scripts)
	slices.Sort(connect)
	return slices.Compact(scripts), slices.Compact(connect)
}
