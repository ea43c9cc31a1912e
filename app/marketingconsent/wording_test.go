package marketingconsent_test

import (
	"regexp"
	"testing"

	"privacyportal/app/company"
	"privacyportal/app/i18n"
	"privacyportal/app/marketingconsent"
)

// A call is made, not sent: every "yes" to the phone, in every language
// and for every company, says the company calls, and every "yes" to the
// other channels says it sends; a "no" says neither of the phone, only
// that the company may not contact the customer. ("Ja, CAR-ROOM må sende
// mig markedsføring på telefon" was the fault.)
func TestEachChannelHasItsVerb(t *testing.T) {
	verbs := map[i18n.Lang]struct{ call, send *regexp.Regexp }{
		i18n.NB: {regexp.MustCompile(`\bringe\b`), regexp.MustCompile(`\bsende\b`)},
		i18n.DA: {regexp.MustCompile(`\bringe\b`), regexp.MustCompile(`\bsende\b`)},
		i18n.EN: {regexp.MustCompile(`\bcalls?\b`), regexp.MustCompile(`\bsend\b`)},
	}
	var companies []company.Controller
	for _, c := range seed(t) {
		companies = append(companies, c)
		// The same company offering every channel, so that each wording
		// is read whatever the files declare today.
		every := c
		every.Marketing.Channels = nil
		for _, ch := range []string{company.ChannelEmail, company.ChannelSMS, company.ChannelPhone, company.ChannelPost} {
			every.Marketing.Channels = append(every.Marketing.Channels, company.MarketingChannel{Channel: ch, Purposes: []string{"nyhetsbrev"}})
		}
		companies = append(companies, every)
	}
	for _, c := range companies {
		for _, l := range i18n.All() {
			v := verbs[l]
			var texts []struct{ channel, text string }
			for _, ch := range marketingconsent.Channels(c) {
				texts = append(texts, struct{ channel, text string }{ch, marketingconsent.Wording(c, l, ch)})
			}
			if no := marketingconsent.ReserveWording(c, l, company.ChannelPhone); v.send.MatchString(no) {
				t.Errorf("%s %s: the no to calls %q says send", c.Slug, l, no)
			}
			for _, x := range texts {
				want, not := v.send, v.call
				if x.channel == company.ChannelPhone {
					want, not = v.call, v.send
				}
				if !want.MatchString(x.text) || not.MatchString(x.text) {
					t.Errorf("%s %s %s: %q does not say %s", c.Slug, l, x.channel, x.text, want)
				}
			}
		}
	}
}
