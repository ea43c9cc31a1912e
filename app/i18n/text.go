package i18n

import "strings"

// Text is the portal's interface text in one language. Every field must be
// filled in every language; a test checks that none is left empty.
//
// Texts with a placeholder use {name}-style markers, filled in by Fill.
type PageText struct {
	SiteName      string
	SkipToContent string
	LanguageNav   string
	// LangOffer and LangOfferClose are the offer of a page in the
	// language the reader's browser prefers, written in that language:
	// "This page is also in English", and its dismiss button's name.
	LangOffer      string
	LangOfferClose string
	// ContentLanguage tells the reader that the statement is in the
	// company's language when the interface is in another; {lang} is that
	// language's name.
	ContentLanguage string

	HomeTitle     string
	HomeIntro     string
	HomeCompanies string
	ReadStatement string

	StatementTitle  string // {name}
	Contents        string
	LastUpdated     string // {date}
	Undated         string // {date}
	SectionAbout    string
	SectionData     string
	SectionPurposes string
	SectionShared   string
	SectionTransfer string
	SectionRetain   string
	SectionRights   string
	SectionCookies  string
	SectionMarket   string
	SectionContact  string
	SectionAuth     string
	// The topics of GDPR art. 13 a statement may leave out: whether data
	// must be given, automated decisions, a data protection officer.
	SectionRequired  string
	SectionAutomated string
	SectionDPO       string
	// StatementSilent stands where the company's statement says nothing
	// on a topic; the portal does not fill the gap.
	StatementSilent string
	// FromPortal marks what the portal adds to a company's statement.
	FromPortal string
	// Summary marks a text the portal summarized from the statement
	// (company.Summaries); SummaryNote explains it and the quotations.
	Summary     string
	SummaryNote string

	Controller        string
	ControllersMany   string
	OrgNumberNO       string
	OrgNumberDK       string
	NotStated         string
	AddressLabel      string
	PhoneLabel        string
	EmailLabel        string
	WebsiteLabel      string
	PrivacyEmail      string
	Examples          string
	Sources           string
	Purpose           string
	LegalBasis        string
	LegalBasisRef     string // {letter}
	LegitInterest     string
	Recipient         string
	Role              string
	NoRecipients      string
	TransfersYes      string
	TransfersMay      string
	TransfersNo       string
	TransfersUnstated string
	// TransfersTools is the portal's note on a company whose pages load
	// its declared tools from other sites: {name}, {services}, {hosts}.
	TransfersTools string
	// TransfersToolsSends says what running one of those tools sends its
	// provider, from the portal's facts about it: {service}, {data},
	// {provider}, {countries}, {bases}.
	TransfersToolsSends string
	// PortalFacts heads the portal's facts about a known tool
	// ({service}); PortalFact marks one such fact where the company's
	// words would stand.
	PortalFacts         string
	PortalFact          string
	ServiceRecipient    string
	ServiceSends        string
	ServiceTransfer     string
	ServiceTransferText string // {provider}, {countries}, {bases}
	ServiceSources      string
	// OnDomain says on which site a third-party cookie lives: {domain}.
	OnDomain          string
	Safeguards        string
	RetainData        string
	RetainPeriod      string
	RetainReason      string
	StatedLimits      string
	RightNotDescribed string
	CookieCategory    string
	CookieService     string
	CookieProvider    string
	CookieNames       string
	NoOptionalCookie  string
	ConsentNeeded     string
	NoConsentNeeded   string
	Channels          string
	NoChannels        string
	Tools             string
	AuthorityIntro    string
	// AuthorityOfCountry names an authority with its country, {name} and
	// {country}, where a reader could take it for another country's.
	AuthorityOfCountry string
	// ComplainElsewhere is GDPR art. 77's other way: the authority of the
	// country where the person lives or works, or where the infringement
	// took place.
	ComplainElsewhere string
	ContactIntro      string

	FooterPrivacy string
	// FooterPrivacyTools replaces FooterPrivacy on the pages of a company
	// whose own tools (Google Analytics) load from other sites once a
	// visitor consents: there the portal does fetch from another site.
	FooterPrivacyTools string // {name}
	FooterSource       string

	NotFoundTitle string
	NotFoundText  string
	NotFoundHome  string
	// Back is the link back to the portal page a visitor came from.
	Back string
	// CrossSiteTitle and CrossSiteText explain a form refused because
	// another site posted it.
	CrossSiteTitle string
	CrossSiteText  string
	NotFoundBack   string // {name}

	// Errors are the messages of the API's error codes (see functions/api).
	Errors map[string]string

	// PortalNotes are the portal's notes on a company's words, by
	// company.Note* key.
	PortalNotes map[string]string
	// ProcessorRole heads what a statement says of the company as
	// another's processor; LegalBasisAsWritten labels a basis the company
	// gives in its own terms.
	ProcessorRole       string
	LegalBasisAsWritten string
	// ServiceData names what a browser sends a known tool
	// (company.Data*), TransferBases the bases for data leaving the EU/EEA
	// (company.Transfer*).
	ServiceData   map[string]string
	TransferBases map[string]string
	// UnitsOne and UnitsMany write a lifetime of {n} units (company's
	// Minutes, Days, Months, Years), for one and for more.
	UnitsOne  map[string]string
	UnitsMany map[string]string
	// CountryNames are the names of the countries the portal serves, by
	// ISO 3166-1 code.
	CountryNames  map[string]string
	LanguageNames map[Lang]string
	LegalBases    map[string]string
	Roles         map[string]string
	Rights        map[string]string
	RightArticles map[string]string
	CookieKinds   map[string]string
	ChannelNames  map[string]string
}

// Fill replaces each {key} in s with its value, given as key, value pairs.
func Fill(s string, pairs ...string) string {
	for i := 0; i+1 < len(pairs); i += 2 {
		s = strings.ReplaceAll(s, "{"+pairs[i]+"}", pairs[i+1])
	}
	return s
}

// T returns the interface text in language l, English for any other tag.
// Every caller gets the same table, read from messages/{lang}.json on first
// use: it is read-only. (Building it, maps and all, for each call cost the
// Worker more than the rest of answering a form with errors.)
func Pages(l Lang) *PageText { return &table(l).Pages }
