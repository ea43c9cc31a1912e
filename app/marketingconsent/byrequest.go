package marketingconsent

import (
	"privacyportal/app/company"
	"privacyportal/app/i18n"
	"privacyportal/app/requests"
)

// RequestEffect is what a confirmed data-subject request records in a
// company's marketing, for the person whose address it was confirmed
// from (matched as emailaddr.Normalize writes it):
//
//   - every consent the person granted before the request is withdrawn,
//     on whatever channel;
//   - each of Channels on which the portal has no record of the person at
//     all gets one, of Status, so that the company's marketers find the
//     person on the suppression list there too. A channel already
//     withdrawn or reserved stays as it is.
//
// The effect does not depend on what the portal knew of the person: the
// request is to the company, and reaches what the company holds from its
// own shop, website or customer register just as much as what the portal
// recorded. Nor does it depend on the channels the company's file lists
// today: an objection recorded now must still hold when the company adds
// a channel tomorrow (data that changes apart from the code).
type RequestEffect struct {
	Channels []string
	Status   string
}

// ByRequest returns the effect on marketing of a request of a type (with
// its objection scope) to a company in country, and false for a request
// that has none.
//
// An objection to direct marketing (GDPR art. 21(2): "the right to object
// at any time"; art. 21(3): the data "shall no longer be processed for
// such purposes") covers direct marketing on every channel, phone and post
// included, whether the person ever consented or not: each channel without
// a record gets a reservation. Under the Norwegian marketing act that is a
// reservation made to the company itself (markedsføringsloven § 12), which
// binds the company even towards its existing customers; under the Danish
// act, a refusal to the company (markedsføringsloven § 10, stk. 4).
//
// A withdrawal of consent (art. 7(3)) withdraws consents: every consent
// the person granted, and, on the channels where the company's country
// requires consent before marketing (RuleConsent, RuleConsentOrCustomer:
// e-mail and SMS; telephone too in Denmark), a record that consent is
// withdrawn, since the company may hold a consent the portal never saw. On
// the channels the law lets a company use unless the person says no
// (RuleUnlessReserved: telephone and post in Norway, post in Denmark),
// a withdrawal of consent is not a "no": those stay as they were, and the
// receipt says that an objection is the way to stop them.
func ByRequest(country, requestType, objectionScope string) (RequestEffect, bool) {
	switch {
	case requestType == requests.TypeObjection && objectionScope == requests.ObjectDirectMarketing:
		return RequestEffect{Channels: AllChannels(), Status: StatusReserved}, true
	case requestType == requests.TypeWithdrawConsent:
		var consent []string
		for _, ch := range AllChannels() {
			if RuleFor(country, ch).Code != RuleUnlessReserved {
				consent = append(consent, ch)
			}
		}
		return RequestEffect{Channels: consent, Status: StatusWithdrawn}, true
	}
	return RequestEffect{}, false
}

// RequestBasis is the lawful_basis of a record a request made on a
// channel without any earlier record (ByRequest): the objection (GDPR
// art. 21(3)) or the withdrawal of consent (art. 7(3)), with the
// provision of the country's marketing law that the channel answers to.
func RequestBasis(country, channel, status string) string {
	what, article := "withdrawal of consent", "GDPR art. 7(3)"
	if status == StatusReserved {
		what, article = "objection", "GDPR art. 21(3)"
	}
	if law := RuleFor(country, channel).Law; law != "" {
		return what + " (" + law + "; " + article + ")"
	}
	return what + " (" + article + ")"
}

// RequestWording is the sentence a request's record on a channel stands
// for, in the customer's language: the "no" of a reservation
// (ReserveWording) for an objection, or the withdrawal of consent. It is
// what the customer's receipt quotes, and its hash is kept with the record
// as the wording of an opt-in is.
func RequestWording(c company.Controller, l i18n.Lang, channel, status string) string {
	if status == StatusReserved {
		return ReserveWording(c, l, channel)
	}
	t := i18n.Marketing(l)
	return i18n.Fill(t.WithdrawWording, "name", Party(c), "channel", t.ChannelBy[channel])
}
