// Package runes classifies the characters the portal refuses in what people
// type and in what it writes into mail headers, so that the form's rule
// (app/requests, app/marketingconsent) and the composer's (app/mailmsg) are one.
package runes

// IsBidiControl reports whether r is a Unicode bidirectional control: the
// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the
// marks (U+200E, U+200F, U+061C). In a name they can make text display in
// an order other than the order it is stored in: "Åse" followed by a
// right-to-left override and "moc.atskrew@" reads as an address it is not.
func IsBidiControl(r rune) bool {
	switch {
	case r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return r == '\u200E' || r == '\u200F' || r == '\u061C'
}
