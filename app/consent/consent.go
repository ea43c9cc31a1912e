// Package consent is a visitor's choice about a company's optional cookies:
// what it says, how it is kept in the visitor's browser (a first-party
// cookie), when the visitor must be asked again, and the record the portal
// keeps as proof. The browser app, the Worker and the page script
// (site/assets/consent.js, which writes the same cookie before the app has
// loaded) all follow this package.
package consent

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"privacyportal/app/privacy"
)

// Methods: how a choice was made.
const (
	MethodAccept   = "accept"   // Accept all
	MethodReject   = "reject"   // Reject all
	MethodSave     = "save"     // chosen category by category
	MethodGPC      = "gpc"      // Global Privacy Control, without asking
	MethodWithdraw = "withdraw" // consent withdrawn from the settings
)

// Methods lists the methods a record may carry.
func Methods() []string {
	return []string{MethodAccept, MethodReject, MethodSave, MethodGPC, MethodWithdraw}
}

// CookieName is the name of the cookie that keeps a visitor's choice about
// one company's cookies. The portal serves every company from one origin,
// so each company has its own cookie.
func CookieName(slug string) string { return "pp-consent-" + slug }

// Choice is what the visitor chose, as kept in the cookie.
type Choice struct {
	// ID is the consent's id: random, chosen by the browser, the same for
	// every later change of mind, so the records of one visitor's choices
	// can be told apart without knowing who they are.
	ID string `json:"id"`
	// Version is the company's cookie policy version the choice was made
	// under.
	Version string `json:"v"`
	// Granted are the optional categories consented to; every other
	// optional category is refused.
	Granted []string `json:"c"`
	// Time is when the choice was made, in seconds since 1970.
	Time int64 `json:"t"`
	// GPC records that the browser sent Global Privacy Control.
	GPC bool `json:"gpc,omitempty"`
	// Method is how the choice was made.
	Method string `json:"m"`
}

// Encode writes the choice as a cookie value: base64url of its JSON, which
// needs no quoting in a cookie.
func (c Choice) Encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Parse reads a cookie value.
func Parse(value string) (Choice, error) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(value, "="))
	if err != nil {
		return Choice{}, errors.New("consent: the cookie is not base64url")
	}
	var c Choice
	if err := json.Unmarshal(b, &c); err != nil {
		return Choice{}, errors.New("consent: the cookie is not a choice")
	}
	if !ValidID(c.ID) || c.Time <= 0 {
		return Choice{}, errors.New("consent: the cookie lacks an id or a time")
	}
	return c, nil
}

// ValidID reports whether s looks like a consent id: 16 to 64 letters,
// digits and hyphens, as crypto.randomUUID() and the portal make them.
func ValidID(s string) bool {
	if len(s) < 16 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Has reports whether the choice grants a category. Necessary cookies need
// no consent and are always granted.
func (c Choice) Has(category string) bool {
	return category == privacy.CookiesNecessary || slices.Contains(c.Granted, category)
}

// Optional returns the categories of a company's cookies that need consent.
func Optional(k privacy.Cookies) []string {
	var out []string
	for _, cat := range k.Categories {
		if cat.ID != privacy.CookiesNecessary {
			out = append(out, cat.ID)
		}
	}
	return out
}

// MaxDays is the longest a choice lasts, whatever a company sets: a year.
const MaxDays = 365

// ProofKept is how long the record of each choice is kept: proof of
// consent is needed while the consent is relied on (at most MaxDays) and
// for the general three-year limitation period after. The portal's
// privacy notice states it from here, and the Worker's schedule erases by
// it (functions/cookieconsent).
const ProofKept = 3 * 365 * 24 * time.Hour

// Lifetime is how long a choice lasts: the company's consent_days, at most
// MaxDays.
func Lifetime(k privacy.Cookies) time.Duration {
	days := k.ConsentDays
	if days <= 0 || days > MaxDays {
		days = MaxDays
	}
	return time.Duration(days) * 24 * time.Hour
}

// Current reports whether a stored choice still stands at now: made under
// the company's current policy version and not older than its lifetime.
// When it does not, the visitor is asked again.
func Current(k privacy.Cookies, c Choice, now time.Time) bool {
	if c.Version != k.PolicyVersion {
		return false
	}
	made := time.Unix(c.Time, 0)
	return now.Before(made.Add(Lifetime(k))) && !made.After(now.Add(time.Hour))
}
