package marketingconsent_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/marketingconsent"
	"privacyportal/app/requests"
)

// An objection to direct marketing reaches every channel, phone and post
// included, in both countries; a withdrawal of consent the channels that
// need consent in the company's country; nothing else touches marketing.
func TestByRequest(t *testing.T) {
	type effect struct {
		Channels []string
		Status   string
		OK       bool
	}
	tests := []struct {
		name, country, typ, scope string
		want                      effect
	}{
		{"objection, Norway", "NO", requests.TypeObjection, requests.ObjectDirectMarketing,
			effect{[]string{"email", "sms", "phone", "post"}, marketingconsent.StatusReserved, true}},
		{"objection, Denmark", "DK", requests.TypeObjection, requests.ObjectDirectMarketing,
			effect{[]string{"email", "sms", "phone", "post"}, marketingconsent.StatusReserved, true}},
		// Phone and post need no consent in Norway: a withdrawal of
		// consent is not a "no" to them.
		{"withdrawal, Norway", "NO", requests.TypeWithdrawConsent, "",
			effect{[]string{"email", "sms"}, marketingconsent.StatusWithdrawn, true}},
		// A Danish phone call needs the consumer's own request.
		{"withdrawal, Denmark", "DK", requests.TypeWithdrawConsent, "",
			effect{[]string{"email", "sms", "phone"}, marketingconsent.StatusWithdrawn, true}},
		{"objection to other processing", "NO", requests.TypeObjection, requests.ObjectProcessing, effect{}},
		{"erasure", "NO", requests.TypeErasure, "", effect{}},
		{"a question", "DK", requests.TypeQuestion, "", effect{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, ok := marketingconsent.ByRequest(tt.country, tt.typ, tt.scope)
			if diff := cmp.Diff(tt.want, effect{e.Channels, e.Status, ok}); diff != "" {
				t.Errorf("ByRequest (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRequestBasis(t *testing.T) {
	tests := []struct{ country, channel, status, want string }{
		{"NO", "email", marketingconsent.StatusReserved, "objection (markedsføringsloven § 15; GDPR art. 21(3))"},
		{"NO", "phone", marketingconsent.StatusReserved, "objection (markedsføringsloven §§ 12-14; GDPR art. 21(3))"},
		{"DK", "post", marketingconsent.StatusReserved, "objection (markedsføringsloven § 10, stk. 4; GDPR art. 21(3))"},
		{"NO", "sms", marketingconsent.StatusWithdrawn, "withdrawal of consent (markedsføringsloven § 15; GDPR art. 7(3))"},
		{"DK", "phone", marketingconsent.StatusWithdrawn, "withdrawal of consent (forbrugeraftaleloven § 4, stk. 1; GDPR art. 7(3))"},
		{"SE", "email", marketingconsent.StatusReserved, "objection (GDPR art. 21(3))"},
	}
	for _, tt := range tests {
		if got := marketingconsent.RequestBasis(tt.country, tt.channel, tt.status); got != tt.want {
			t.Errorf("RequestBasis(%s, %s, %s) = %q, want %q", tt.country, tt.channel, tt.status, got, tt.want)
		}
	}
}
