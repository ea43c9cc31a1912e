// Package cookieconsent is a visitor's choice about a company's optional
// cookies: what it says, how it is kept in the visitor's browser (a
// first-party cookie), when the visitor must be asked again, and the record
// the portal keeps as proof. The browser app, the Worker
// (functions/cookieconsent) and the page script (site/assets/consent.js,
// which writes the same cookie before the app has loaded) all follow it.
package cookieconsent

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"privacyportal/app/company"
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

// Parse reads a cookie value. A cookie whose id is not of the one shape
// (ValidID) is no choice at all: the visitor is asked again.
//
// The page script (site/assets/consent.js) reads the same cookie before the
// app has loaded, with JSON.parse, which matches keys exactly and knows
// numbers only as numbers; so Parse takes the same shape and nothing looser
// (encoding/json alone would take "ID" for "id", 1.7e9 not at all, and
// invalid UTF-8 as U+FFFD), and TestPageScriptFollowsTheGoRule holds the
// two to one answer on generated cookies.
func Parse(value string) (Choice, error) {
	notChoice := errors.New("consent: the cookie is not a choice")
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(value, "="))
	if err != nil {
		return Choice{}, errors.New("consent: the cookie is not base64url")
	}
	var fields map[string]json.RawMessage
	if !utf8.Valid(b) || json.Unmarshal(b, &fields) != nil {
		return Choice{}, notChoice
	}
	var c Choice
	for k, v := range fields {
		var err error
		switch k {
		case "id":
			err = json.Unmarshal(v, &c.ID)
		case "v":
			err = json.Unmarshal(v, &c.Version)
		case "c":
			err = json.Unmarshal(v, &c.Granted)
		case "gpc":
			err = json.Unmarshal(v, &c.GPC)
		case "m":
			err = json.Unmarshal(v, &c.Method)
		case "t":
			// A whole number of seconds, as JavaScript's numbers hold it
			// exactly (Number.isSafeInteger), however it is written.
			var f *float64
			if err = json.Unmarshal(v, &f); err == nil && f != nil {
				if *f != math.Trunc(*f) || math.Abs(*f) > 1<<53-1 {
					return Choice{}, notChoice
				}
				c.Time = int64(*f)
			}
		}
		if err != nil {
			return Choice{}, notChoice
		}
	}
	if !ValidID(c.ID) || c.Time <= 0 {
		return Choice{}, errors.New("consent: the cookie lacks an id or a time")
	}
	return c, nil
}

// IDPattern is the one shape of a consent id, as a regular expression: a
// random (version 4) UUID in lower case, which is what crypto.randomUUID()
// gives the page script (site/assets/consent.js), what that script makes
// itself where randomUUID is missing, and what the Worker makes for a
// form post without JavaScript (NewID). ValidID is the check; the page
// script carries this pattern, held to ValidID by TestPageScriptKnowsTheIDShape.
const IDPattern = `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`

// ValidID reports whether s is a consent id of the one shape (IDPattern).
// Anything else, in a record or in a cookie, is refused: an id is kept
// three years with every choice and printed in the signed receipt, so it
// must be what the portal's own code made, not text a visitor chose.
func ValidID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case i == 14:
			if c != '4' {
				return false
			}
		case i == 19:
			if c != '8' && c != '9' && c != 'a' && c != 'b' {
				return false
			}
		case !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f'):
			return false
		}
	}
	return true
}

// NewID makes a consent id of the one shape from 16 random bytes: a
// version 4 UUID (RFC 9562, section 5.4), as crypto.randomUUID() does.
func NewID(random [16]byte) string {
	b := random
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 36)
	for i, x := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, digits[x>>4], digits[x&0x0f])
	}
	return string(out)
}

// Has reports whether the choice grants a category. Necessary cookies need
// no consent and are always granted.
func (c Choice) Has(category string) bool {
	return category == company.CookiesNecessary || slices.Contains(c.Granted, category)
}

// Optional returns the categories of a company's cookies that need consent.
func Optional(k company.Cookies) []string {
	var out []string
	for _, cat := range k.Categories {
		if cat.ID != company.CookiesNecessary {
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
func Lifetime(k company.Cookies) time.Duration {
	days := k.ConsentDays
	if days <= 0 || days > MaxDays {
		days = MaxDays
	}
	return time.Duration(days) * 24 * time.Hour
}

// Current reports whether a stored choice still stands at now: made under
// the company's current policy version, not older than its lifetime, not
// from more than an hour ahead of now (a clock set wrong, or a cookie
// written by hand), and, when the browser sends Global Privacy Control now
// (gpc), made knowing of it. When it does not, the visitor is asked again
// (with GPC, refused without asking). The page script's current() is the
// same rule (TestPageScriptFollowsTheGoRule).
func Current(k company.Cookies, c Choice, now time.Time, gpc bool) bool {
	if c.Version != k.PolicyVersion || (gpc && !c.GPC) {
		return false
	}
	made := time.Unix(c.Time, 0)
	return now.Before(made.Add(Lifetime(k))) && !made.After(now.Add(time.Hour))
}
