package marketingconsent

import (
	"privacyportal/app/company"
)

// Rule is what a country's marketing law asks before a company markets to a
// person on a channel. The rule is the law's, not the company's: the
// portal shows it as its own explanation, never as something the company
// said, and the export gives it beside every row so that marketers wash
// their lists by it.
//
// Norway, lov om kontroll med markedsføring og avtalevilkår mv.
// (markedsføringsloven, LOV-2009-01-09-2), https://lovdata.no/lov/2009-01-09-2:
//   - § 15 første ledd: no marketing by e-mail, SMS and the like to natural
//     persons without their prior consent; tredje ledd: except to existing
//     customers whose address was received in connection with a sale, for
//     the company's own similar goods and services, when they could refuse
//     it, simply and free of charge, when giving the address and in every
//     message.
//   - § 15 annet ledd takes oral telephone calls out of that rule; §§ 12-13
//     instead let a person reserve against telephone and addressed post
//     marketing, directly with the company or in Reservasjonsregisteret
//     (Brønnøysundregistrene), which the company must check; a reservation
//     in the register does not stop a company the person is an existing
//     customer of, a reservation with the company does
//     (https://www.brreg.no/produkter-og-tjenester/reservasjon-mot-telefonsalg-og-adressert-reklame/).
//     § 14: no telephone marketing to consumers on Saturdays, Sundays and
//     public holidays, nor before 09.00 or after 21.00.
//
// Denmark, markedsføringsloven (LBK nr 866 af 15/06/2022),
// https://www.retsinformation.dk/eli/lta/2022/866:
//   - § 10, stk. 1: no direct marketing by electronic mail (SMS included),
//     automatic calling systems or fax without prior consent; stk. 2: except
//     a customer's electronic address received in connection with a sale,
//     for the company's own similar products, with a clear, easy and free
//     way to refuse when giving it and in every message.
//   - § 10, stk. 4: other means of distance communication (addressed post)
//     only if the person has not refused it to the company and is not on
//     the Robinson list kept by the CPR register.
//   - Forbrugeraftaleloven (LOV nr 1457 af 17/12/2013) § 4, stk. 1: no
//     telephone call to a consumer to obtain an agreement without the
//     consumer's prior request, Robinson list or not
//     (https://forbrugerombudsmanden.dk/longreads/oversigt-over-reglerne-for-telefonsalg/).
type Rule struct {
	Country string
	Channel string
	// Code is the rule in one word, as the export's channel_rule column
	// gives it: RuleConsent, RuleConsentOrCustomer or RuleUnlessReserved.
	Code string
	// Law names the provisions, as a lawyer of the country cites them.
	Law string
	// Register is the national register of people who refused such
	// marketing, which a company must check, for RuleUnlessReserved.
	Register string
}

// The rules, in the words of the export's channel_rule column.
const (
	// RuleConsent: only with the person's prior consent (or, for Danish
	// telephone calls, at the person's own request).
	RuleConsent = "consent"
	// RuleConsentOrCustomer: prior consent, or an existing customer who
	// gave the address in a sale and can refuse in every message, for the
	// company's own similar products.
	RuleConsentOrCustomer = "consent_or_existing_customer"
	// RuleUnlessReserved: without consent, unless the person has said no
	// to the company or is in the national register.
	RuleUnlessReserved = "unless_reserved"
)

// Registers of people who refused marketing by telephone or addressed post.
const (
	RegisterNO = "Reservasjonsregisteret"
	RegisterDK = "Robinsonlisten"
)

// Register is the national register of people who refused marketing by
// telephone or addressed post in a country.
func Register(country string) string {
	if country == "DK" {
		return RegisterDK
	}
	return RegisterNO
}

// RuleFor returns the rule of a channel in a country ("NO" or "DK").
func RuleFor(country, channel string) Rule {
	r := Rule{Country: country, Channel: channel}
	switch country + ":" + channel {
	case "NO:email", "NO:sms":
		r.Code, r.Law = RuleConsentOrCustomer, "markedsføringsloven § 15"
	case "NO:phone":
		r.Code, r.Law, r.Register = RuleUnlessReserved, "markedsføringsloven §§ 12-14", RegisterNO
	case "NO:post":
		r.Code, r.Law, r.Register = RuleUnlessReserved, "markedsføringsloven §§ 12-13", RegisterNO
	case "DK:email", "DK:sms":
		r.Code, r.Law = RuleConsentOrCustomer, "markedsføringsloven § 10, stk. 1-2"
	case "DK:phone":
		r.Code, r.Law = RuleConsent, "forbrugeraftaleloven § 4, stk. 1"
	case "DK:post":
		r.Code, r.Law, r.Register = RuleUnlessReserved, "markedsføringsloven § 10, stk. 4", RegisterDK
	default:
		// An unknown country or channel: the strictest rule, so that no
		// marketer reads a permission the portal cannot vouch for.
		r.Code = RuleConsent
	}
	return r
}

// AllChannels are the channels the portal knows, in the order it shows
// them.
func AllChannels() []string {
	return []string{company.ChannelEmail, company.ChannelSMS, company.ChannelPhone, company.ChannelPost}
}

// Reservable are the channels a customer of a company in country can say
// no to on the portal: those a company may use without consent unless the
// person refuses (Norway: telephone and addressed post; Denmark: addressed
// post only, since a telephone call needs the consumer's own request).
func Reservable(country string) []string {
	var out []string
	for _, ch := range AllChannels() {
		if RuleFor(country, ch).Code == RuleUnlessReserved {
			out = append(out, ch)
		}
	}
	return out
}

// Basis is the lawful basis a record of the portal's rests on, kept with
// it and exported as its lawful_basis: a confirmed consent (GDPR art.
// 6(1)(a), and the marketing law's consent where it asks for one), or a
// reservation under the marketing law.
func Basis(country, channel, status string) string {
	r := RuleFor(country, channel)
	if status == StatusReserved {
		return "reservation (" + r.Law + ")"
	}
	if r.Law == "" {
		return "consent (GDPR art. 6(1)(a))"
	}
	return "consent (" + r.Law + "; GDPR art. 6(1)(a))"
}
