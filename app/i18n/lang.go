// Package i18n provides the portal's interface languages (Norwegian bokmål,
// Danish and English), the interface text in each, and locale-aware dates.
//
// Content written by a controller (its privacy statement) is never
// translated here: it stays in the controller's own language and is marked
// with that language in the page, so screen readers pronounce it correctly.
package i18n

import "strings"

// Lang is a BCP 47 language tag the portal has interface text for.
type Lang string

// The interface languages. Norwegian bokmål is "nb" (not "no"), which is
// what screen readers and hyphenation expect for bokmål text.
const (
	NB Lang = "nb"
	DA Lang = "da"
	EN Lang = "en"
)

// All returns every interface language in the order the language switch
// shows them.
func All() []Lang { return []Lang{NB, DA, EN} }

// Parse returns the language for a tag such as "nb" or "da", and false when
// the portal has no interface text in that language.
func Parse(tag string) (Lang, bool) {
	switch Lang(tag) {
	case NB, DA, EN:
		return Lang(tag), true
	}
	return "", false
}

// Valid reports whether l is one of the interface languages.
func (l Lang) Valid() bool {
	_, ok := Parse(string(l))
	return ok
}

// Autonym is the language's name in that language, as a language switch
// should show it: a Dane looking for Danish scans for "Dansk".
func (l Lang) Autonym() string {
	switch l {
	case NB:
		return "Norsk (bokmål)"
	case DA:
		return "Dansk"
	default:
		return "English"
	}
}

// FromAcceptLanguage picks the interface language from an HTTP
// Accept-Language header, honouring its order of preference (quality values
// are taken in the order given, as browsers list them best first).
// Norwegian in any form (nb, no, nn) gets bokmål; anything else unknown gets
// fallback.
func FromAcceptLanguage(header string, fallback Lang) Lang {
	for _, part := range strings.Split(header, ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		primary, _, _ := strings.Cut(strings.ToLower(tag), "-")
		switch primary {
		case "nb", "no", "nn":
			return NB
		case "da":
			return DA
		case "en":
			return EN
		}
	}
	return fallback
}
