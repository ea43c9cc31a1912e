package marketingconsent_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"privacyportal/app/i18n"
	"privacyportal/app/marketingconsent"
)

// Each channel's rule follows its country's act: electronic messages need
// consent (or an existing customer who can refuse) in both countries;
// Norway lets companies call and post unless the person reserved
// themselves, Denmark only posts so, and a Danish sales call needs the
// consumer's own request.
func TestRuleFor(t *testing.T) {
	type rule struct{ Code, Law, Register string }
	got := map[string]rule{}
	for _, country := range []string{"NO", "DK"} {
		for _, ch := range marketingconsent.AllChannels() {
			r := marketingconsent.RuleFor(country, ch)
			got[country+":"+ch] = rule{r.Code, r.Law, r.Register}
		}
	}
	want := map[string]rule{
		"NO:email": {marketingconsent.RuleConsentOrCustomer, "markedsføringsloven § 15", ""},
		"NO:sms":   {marketingconsent.RuleConsentOrCustomer, "markedsføringsloven § 15", ""},
		"NO:phone": {marketingconsent.RuleUnlessReserved, "markedsføringsloven §§ 12-14", "Reservasjonsregisteret"},
		"NO:post":  {marketingconsent.RuleUnlessReserved, "markedsføringsloven §§ 12-13", "Reservasjonsregisteret"},
		"DK:email": {marketingconsent.RuleConsentOrCustomer, "markedsføringsloven § 10, stk. 1-2", ""},
		"DK:sms":   {marketingconsent.RuleConsentOrCustomer, "markedsføringsloven § 10, stk. 1-2", ""},
		"DK:phone": {marketingconsent.RuleConsent, "forbrugeraftaleloven § 4, stk. 1", ""},
		"DK:post":  {marketingconsent.RuleUnlessReserved, "markedsføringsloven § 10, stk. 4", "Robinsonlisten"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
	if r := marketingconsent.RuleFor("SE", "email"); r.Code != marketingconsent.RuleConsent {
		t.Errorf("a country the portal does not know gets %q, want the strictest rule", r.Code)
	}
}

// A customer can say no only where a "no" means something: in Denmark a
// company may not call a consumer who did not ask, so there is no call to
// refuse.
func TestReservable(t *testing.T) {
	got := map[string][]string{"NO": marketingconsent.Reservable("NO"), "DK": marketingconsent.Reservable("DK")}
	want := map[string][]string{"NO": {"phone", "post"}, "DK": {"post"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("reservable (-want +got):\n%s", diff)
	}
}

func TestBasis(t *testing.T) {
	tests := []struct{ country, channel, status, want string }{
		{"NO", "email", marketingconsent.StatusGranted, "consent (markedsføringsloven § 15; GDPR art. 6(1)(a))"},
		{"DK", "phone", marketingconsent.StatusGranted, "consent (forbrugeraftaleloven § 4, stk. 1; GDPR art. 6(1)(a))"},
		{"NO", "phone", marketingconsent.StatusReserved, "reservation (markedsføringsloven §§ 12-14)"},
		{"DK", "post", marketingconsent.StatusReserved, "reservation (markedsføringsloven § 10, stk. 4)"},
	}
	for _, tt := range tests {
		if got := marketingconsent.Basis(tt.country, tt.channel, tt.status); got != tt.want {
			t.Errorf("Basis(%s, %s, %s) = %q, want %q", tt.country, tt.channel, tt.status, got, tt.want)
		}
	}
}

// The portal explains every channel's rule in every language, for both
// countries, and what a "no" stops: a missing text would leave a reader
// without the rule.
func TestLawIsExplainedEverywhere(t *testing.T) {
	for _, l := range i18n.All() {
		k := i18n.Marketing(l)
		for _, country := range []string{"NO", "DK"} {
			if k.LawTitle[country] == "" || k.NoIntro[country] == "" {
				t.Errorf("%s: no law title or no-intro for %s", l, country)
			}
			for _, ch := range marketingconsent.AllChannels() {
				if k.LawRules[country+":"+ch] == "" {
					t.Errorf("%s: no rule text for %s:%s", l, country, ch)
				}
			}
		}
	}
}
