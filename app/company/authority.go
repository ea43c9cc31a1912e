package company

import (
	"privacyportal/app/i18n"
	"slices"
)

// Authority is a data protection supervisory authority and how to reach it.
//
// The authorities are the portal's own data, one per country, written once
// here and checked against the authorities' own pages (Sources): a company's
// statement may name an old address, and the portal must not send a
// complaint there. A company's authority is the one of its Country (GDPR
// art. 13(2)(d) asks a statement to name the right to complain; not every
// statement does, so the pages mark this as the portal's).
type Authority struct {
	// Country is the ISO 3166-1 code of the country the authority
	// supervises.
	Country string
	// Name is the authority's own name in its own language. Norway's and
	// Denmark's are both "Datatilsynet": Title says which where a reader
	// could mix them up.
	Name    string
	Address Address
	// Phone is in E.164 form.
	Phone   string
	Email   string
	Website string
	// Sources are the authority's pages the facts above were checked
	// against.
	Sources []string
}

// authorities are the supervisory authorities of the countries the portal
// serves.
var authorities = [...]Authority{
	{
		Country: "NO",
		Name:    "Datatilsynet",
		// The postal address for complaints, as Datatilsynet gives it on
		// its page on how to complain.
		Address: Address{Lines: []string{"Postboks 458 Sentrum"}, PostalCode: "0105", City: "Oslo", Country: "NO"},
		Phone:   "+4722396900",
		Email:   "postkasse@datatilsynet.no",
		Website: "https://www.datatilsynet.no",
		Sources: []string{
			"https://www.datatilsynet.no/om-datatilsynet/kontakt-oss/hvordan-kan-jeg-klage-til-datatilsynet/",
			"https://www.datatilsynet.no/en/about-us/contact-us/how-to-complain-to-the-norwegian-dpa/",
		},
	},
	{
		Country: "DK",
		Name:    "Datatilsynet",
		// Datatilsynet has moved from Borgergade 28, 5., 1300 København K
		// (the address CAR-ROOM's statement still gives) to Valby.
		Address: Address{Lines: []string{"Carl Jacobsens Vej 35"}, PostalCode: "2500", City: "Valby", Country: "DK"},
		Phone:   "+4533193200",
		Email:   "dt@datatilsynet.dk",
		Website: "https://www.datatilsynet.dk",
		Sources: []string{
			"https://www.datatilsynet.dk/om-datatilsynet/kontakt/",
			"https://www.datatilsynet.dk/english/the-danish-data-protection-agency/contact/",
		},
	},
}

// AuthorityOf returns the supervisory authority of a country, and false
// for a country the portal does not serve. The value is the caller's own:
// changing it changes no other.
func AuthorityOf(country string) (Authority, bool) {
	for _, a := range authorities {
		if a.Country == country {
			return a.clone(), true
		}
	}
	return Authority{}, false
}

// Authorities returns every authority the portal knows, each the caller's
// own copy.
func Authorities() []Authority {
	out := make([]Authority, len(authorities))
	for i, a := range authorities {
		out[i] = a.clone()
	}
	return out
}

// clone copies an authority with its slices, so that the table stays as
// written whatever a caller does with what it got.
func (a Authority) clone() Authority {
	a.Address.Lines = slices.Clone(a.Address.Lines)
	a.Sources = slices.Clone(a.Sources)
	return a
}

// Authority returns the supervisory authority of the company's country.
// It is set for every controller that passed Validate.
func (c Controller) Authority() Authority {
	a, _ := AuthorityOf(c.Country)
	return a
}

// Title is the authority's name as a reader of language l should see it:
// its own name where l is the language of its country, and with the
// country added elsewhere, since "Datatilsynet" on a Danish page would be
// read as Denmark's authority.
func (a Authority) Title(l i18n.Lang) string {
	if countryLanguage(a.Country) == l {
		return a.Name
	}
	return i18n.Fill(i18n.Pages(l).AuthorityOfCountry, "name", a.Name, "country", i18n.Pages(l).CountryNames[a.Country])
}

// countryLanguage is the portal language spoken in a country it serves.
func countryLanguage(country string) i18n.Lang {
	switch country {
	case "NO":
		return i18n.NB
	case "DK":
		return i18n.DA
	}
	return ""
}
