package problem

import (
	"privacyportal/app/i18n"
	"testing"
)

// Every error code has a message in every interface language: a client
// shows the message, whatever went wrong.
func TestEveryErrorCodeHasAMessage(t *testing.T) {
	for _, l := range i18n.All() {
		for _, code := range Codes() {
			if i18n.Pages(l).Errors[code] == "" {
				t.Errorf("%s: no message for %q", l, code)
			}
		}
	}
}
