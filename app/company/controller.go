package company

import (
	"privacyportal/app/i18n"
	"slices"
	"time"
)

// Controller is one company and its privacy statement, as published by the
// portal. It is read from one file under site/controllers; the portal
// operator adds or changes a company by adding or editing that file, and the
// site and Worker pick it up at the next build.
//
// Text fields hold the company's own words, in its own Language; the portal
// adds headings and explanations in the reader's interface language around
// them.
//
// Every fact rests on the company's own statement, kept word for word in
// site/controllers/sources/{slug}.txt: each object has a Cite that names,
// for each of its fields, the sentences the field is taken from (see
// Cites). Where the statement says nothing, the field is left out and the
// page says "not stated in the company's statement"; the portal never
// infers a legal basis, recipient role, transfer, channel, service or
// lifetime. Fields tagged provenance:"portal" are the portal's own set-up
// (its address, script addresses) and are shown as the portal's where a
// reader sees them. The supervisory authority a customer may complain to
// is the one of the company's Country (see Authority), never the
// company's file's.
type Controller struct {
	// Slug is the company's path on the portal: /{slug}/.
	Slug string `json:"slug" provenance:"portal"`
	// Language is the language of the statement and the default interface
	// language of the company's pages.
	Language i18n.Lang `json:"language" provenance:"portal"`
	// Country is the ISO 3166-1 code of the country whose supervisory
	// authority and marketing law the company answers to: "NO" or "DK".
	Country string `json:"country" provenance:"portal"`
	// Name is the name customers know the company by.
	Name string `json:"name"`
	// Business says in a few words what the company does, for the portal's
	// list of companies.
	Business string `json:"business"`
	// LegalEntities are the companies that are controllers under the
	// statement; some statements cover more than one.
	LegalEntities []LegalEntity `json:"legal_entities"`
	Address       Address       `json:"address"`
	// Phone is the company's main telephone number in E.164 form, when the
	// statement gives one.
	Phone string `json:"phone,omitempty" provenance:"code"`
	// Website is the company's own site, when the statement names it.
	Website string `json:"website,omitempty" provenance:"code"`
	// PrivacyEmail is where the company receives privacy requests: every
	// confirmed request filed on the portal is delivered here.
	PrivacyEmail string    `json:"privacy_email" provenance:"code"`
	Statement    Statement `json:"statement"`
	// DataCategories are the kinds of personal data the company processes.
	DataCategories []DataCategory `json:"data_categories"`
	Purposes       []Purpose      `json:"purposes"`
	Recipients     []Recipient    `json:"recipients"`
	Transfers      Transfers      `json:"transfers"`
	Retention      []Retention    `json:"retention"`
	// Rights are the data-subject rights as the statement describes them,
	// with the limits the company says apply.
	Rights    []Right   `json:"rights"`
	Cookies   Cookies   `json:"cookies"`
	Marketing Marketing `json:"marketing"`

	// ProcessorRole is what the statement says of the company processing
	// personal data on behalf of others (as their processor), kept apart
	// from its account of what it does as controller.
	ProcessorRole string `json:"processor_role,omitempty"`

	// DataProtectionOfficer is what the statement says of a data
	// protection officer (GDPR art. 13(1)(b)): who it is, or that the
	// company has none.
	DataProtectionOfficer string `json:"data_protection_officer,omitempty"`
	// Requirement is what the statement says of whether a customer must
	// give the data and what happens if not (art. 13(2)(e)).
	Requirement string `json:"requirement,omitempty"`
	// AutomatedDecisions is what the statement says of profiling and
	// automated decisions (art. 13(2)(f)).
	AutomatedDecisions string `json:"automated_decisions,omitempty"`

	Cite       Cites     `json:"cite,omitempty"`
	Summarized Summaries `json:"summarized,omitempty" provenance:"portal"`
}

// Cites records where the facts of one object come from: for each field,
// by its JSON name, the sentences of the company's statement it rests on,
// quoted word for word (white space aside). Fields that rest on the same
// sentences share one entry whose key lists them with commas, as in
// "lines,postal_code,city". The provenance test and the site generator
// refuse a field with content but no citation, and a quotation the
// statement does not contain (site/provenance).
type Cites map[string][]string

// A field tagged provenance:"code" states a fact of the statement in the
// portal's own form (a legal basis's letter, a role, a phone number in
// E.164): it cites the sentence it rests on, but is not shown as a
// quotation.

// Summaries names, by their JSON names, the fields of one object that are
// the portal's summary of the sentences they cite rather than the
// company's words. Every other field with text is a quotation: the
// provenance check requires it to be in the statement word for word (white
// space aside), several passages joined by " […] ". The pages show a
// summary with a mark saying it is the portal's.
type Summaries []string

// Has reports whether field is the portal's summary.
func (s Summaries) Has(field string) bool { return slices.Contains(s, field) }

// Ellipsis joins the passages of one quotation that are apart in the
// statement.
const Ellipsis = " […] "

// LegalEntity is a company registered in the Norwegian Register of Business
// Enterprises (organisasjonsnummer) or the Danish CVR register.
type LegalEntity struct {
	Name string `json:"name"`
	// OrgNumber is the registration number, digits only.
	OrgNumber string `json:"org_number,omitempty" provenance:"code"`
	// OrgNumberUnstated records that the statement gives no registration
	// number. The portal then says so instead of guessing one.
	OrgNumberUnstated bool      `json:"org_number_unstated,omitempty" provenance:"portal"`
	Cite              Cites     `json:"cite,omitempty"`
	Summarized        Summaries `json:"summarized,omitempty" provenance:"portal"`
}

// Address is a postal address.
type Address struct {
	// Lines are the lines before the postal code, such as a street address
	// or a post-office box.
	Lines      []string `json:"lines"`
	PostalCode string   `json:"postal_code"`
	City       string   `json:"city"`
	// Country is an ISO 3166-1 alpha-2 code.
	Country    string    `json:"country" provenance:"portal"`
	Cite       Cites     `json:"cite,omitempty"`
	Summarized Summaries `json:"summarized,omitempty" provenance:"portal"`
}

// Statement describes the privacy statement itself.
type Statement struct {
	// Date is the date the statement gives for its last update (YYYY-MM-DD).
	// When the statement carries no date, Dated is false and Date is the day
	// the portal took over its text, so readers can tell its age either way.
	// Dated, when true, cites the statement's date.
	Date  string `json:"date" provenance:"portal"`
	Dated bool   `json:"dated"`
	// Summary is the statement's own introduction.
	Summary    string    `json:"summary"`
	Cite       Cites     `json:"cite,omitempty"`
	Summarized Summaries `json:"summarized,omitempty" provenance:"portal"`
}

// DataCategory is a kind of personal data and where the company gets it.
type DataCategory struct {
	Name string `json:"name"`
	// Examples lists data items the statement names for this category.
	Examples []string `json:"examples"`
	// Sources says where the data comes from: the customer, an insurer, a
	// vehicle register, the vehicle's own computer. Empty when the statement
	// does not say.
	Sources    []string  `json:"sources,omitempty"`
	Cite       Cites     `json:"cite,omitempty"`
	Summarized Summaries `json:"summarized,omitempty" provenance:"portal"`
}

// Purpose is one reason the company processes personal data and its legal
// basis under GDPR article 6(1).
type Purpose struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// LegalBases are letters of GDPR article 6(1): "a" consent, "b" contract,
	// "c" legal obligation, "d" vital interests, "e" public task, "f"
	// legitimate interests. Only bases the statement names, with its own
	// citation: a basis the portal would infer from the purpose is not the
	// company's word. Empty when the statement names none.
	LegalBases []string `json:"legal_bases,omitempty" provenance:"code"`
	// LegalBasisText is the basis in the company's words where it gives
	// it otherwise than as a letter of art. 6(1) (a section of national
	// law, a consent written into its terms of sale): the portal shows it
	// as written and turns it into no GDPR article the company did not
	// name. Notes then say, as the portal's, where GDPR sees it otherwise.
	LegalBasisText string `json:"legal_basis_text,omitempty"`
	// Notes are the portal's notes on this purpose (Note* keys).
	Notes []string `json:"portal_notes,omitempty" provenance:"portal"`
	// LegitimateInterest states the interest relied on, when the statement
	// names one.
	LegitimateInterest string    `json:"legitimate_interest,omitempty"`
	Cite               Cites     `json:"cite,omitempty"`
	Summarized         Summaries `json:"summarized,omitempty" provenance:"portal"`
}

// Recipient roles.
const (
	RoleProcessor  = "processor"  // processes data on the company's behalf
	RoleController = "controller" // receives data and decides its own use
	RoleAuthority  = "authority"  // public authority receiving data by law
	RoleGroup      = "group"      // another company in the same group
)

// Recipient is someone the company shares personal data with.
type Recipient struct {
	Name string `json:"name"`
	// Role is one of the Role* constants, when the statement says which.
	Role        string    `json:"role,omitempty" provenance:"code"`
	Description string    `json:"description,omitempty"`
	Cite        Cites     `json:"cite,omitempty"`
	Summarized  Summaries `json:"summarized,omitempty" provenance:"portal"`
}

// Transfers describes transfers of personal data outside the EU/EEA, as
// far as the statement does.
type Transfers struct {
	// OutsideEEA is "yes" or "no" when the statement says whether data
	// leaves the EU/EEA, "may" when it says data may (the statement's
	// modal verb kept: "kan ... bli overført" is not "overføres"), and
	// empty when it does not say.
	OutsideEEA  string `json:"outside_eea,omitempty" provenance:"code"`
	Description string `json:"description,omitempty"`
	// Notes are the portal's notes on the transfers (Note* keys): a
	// statement that names Privacy Shield must carry NotePrivacyShield.
	Notes []string `json:"portal_notes,omitempty" provenance:"portal"`
	// Safeguards names the transfer tools relied on (GDPR chapter V), when
	// the statement names them.
	Safeguards string    `json:"safeguards,omitempty"`
	Cite       Cites     `json:"cite,omitempty"`
	Summarized Summaries `json:"summarized,omitempty" provenance:"portal"`
}

// The portal's notes on a company's words, where the law sees them
// otherwise than the statement puts them; each is a text of its own in
// every language (i18n's PortalNotes).
const (
	// NoteTermsConsent: a consent written into terms of sale is not a
	// consent GDPR art. 7(2) and 4(11) accept.
	NoteTermsConsent = "terms_consent"
	// NoteNationalBasis: a basis given as a section of national law, not
	// as one of art. 6(1).
	NoteNationalBasis = "national_basis"
	// NotePrivacyShield: Privacy Shield was struck down by the CJEU on 16
	// July 2020 (C-311/18, Schrems II).
	NotePrivacyShield = "privacy_shield"
	// NoteImpliedCookieConsent: consent to cookies by using the site or by
	// browser settings is no consent under the ekomloven in force from 1
	// January 2025 (consent as GDPR defines it).
	NoteImpliedCookieConsent = "implied_cookie_consent"
)

// Notes lists the portal's notes, for checks.
func Notes() []string {
	return []string{NoteTermsConsent, NoteNationalBasis, NotePrivacyShield, NoteImpliedCookieConsent}
}

// Whether data leaves the EU/EEA, in Transfers.OutsideEEA.
const (
	TransfersYes = "yes"
	TransfersMay = "may"
	TransfersNo  = "no"
)

// Retention is how long some personal data is kept.
type Retention struct {
	Data string `json:"data"`
	// Period is empty when the statement names the data but not how long
	// it is kept.
	Period     string    `json:"period,omitempty"`
	Reason     string    `json:"reason,omitempty"`
	Cite       Cites     `json:"cite,omitempty"`
	Summarized Summaries `json:"summarized,omitempty" provenance:"portal"`
}

// Right is a data-subject right as the statement presents it.
type Right struct {
	// Kind is one of the Right* constants.
	Kind string `json:"right" provenance:"code"`
	// Text is the statement's description of the right.
	Text string `json:"text"`
	// Limits are the exceptions and limits the company says apply, quoted or
	// closely paraphrased from the statement.
	Limits     []string  `json:"limits,omitempty"`
	Cite       Cites     `json:"cite,omitempty"`
	Summarized Summaries `json:"summarized,omitempty" provenance:"portal"`
}

// The rights a statement may describe, keyed by the GDPR article that gives
// them.
const (
	RightAccess          = "access"           // art. 15
	RightRectification   = "rectification"    // art. 16
	RightErasure         = "erasure"          // art. 17
	RightRestriction     = "restriction"      // art. 18
	RightPortability     = "portability"      // art. 20
	RightObjection       = "objection"        // art. 21
	RightWithdrawConsent = "withdraw_consent" // art. 7(3)
	RightComplaint       = "complaint"        // art. 77
)

// RightKinds lists the rights in the order the portal presents them.
func RightKinds() []string {
	return []string{RightAccess, RightRectification, RightErasure, RightRestriction,
		RightPortability, RightObjection, RightWithdrawConsent, RightComplaint}
}

// Cookies is the company's cookie policy: which categories of cookies and
// tracking tools it uses and which services fall in each.
type Cookies struct {
	// PolicyVersion changes whenever the categories or services change, so
	// that visitors are asked again.
	PolicyVersion string `json:"policy_version" provenance:"portal"`
	// Notes are the portal's notes on the company's cookie text (Note*
	// keys), such as consent it says is given by using the site.
	Notes []string `json:"portal_notes,omitempty" provenance:"portal"`
	// ConsentDays is how long a visitor's cookie choice lasts, at most 365.
	ConsentDays int    `json:"consent_days" provenance:"portal"`
	Summary     string `json:"summary"`
	// Categories lists the categories used; "necessary" needs no consent,
	// the others do.
	Categories []CookieCategory `json:"categories"`
	Cite       Cites            `json:"cite,omitempty"`
	Summarized Summaries        `json:"summarized,omitempty" provenance:"portal"`
}

// Cookie categories.
const (
	CookiesNecessary  = "necessary"
	CookiesStatistics = "statistics"
	CookiesMarketing  = "marketing"
)

// CookieCategory is a group of cookies consented to together.
type CookieCategory struct {
	ID          string          `json:"id" provenance:"code"`
	Description string          `json:"description"`
	Services    []CookieService `json:"services"`
	Cite        Cites           `json:"cite,omitempty"`
	Summarized  Summaries       `json:"summarized,omitempty" provenance:"portal"`
}

// CookieService is one tool that sets cookies or tracks visitors.
type CookieService struct {
	Name string `json:"name"`
	// Provider is who runs the service, when the statement says.
	Provider string `json:"provider,omitempty"`
	Purpose  string `json:"purpose"`
	// Cookies lists cookie names and lifetimes where the statement gives them.
	Cookies []CookieItem `json:"cookies,omitempty"`

	// The fields below are the portal's technical set-up of the service,
	// added by the portal operator rather than taken from the statement.

	// Scripts are the https addresses of the service's scripts. The page
	// loads them only once the visitor has consented to the service's
	// category, and the page's Content-Security-Policy allows their origins
	// on this company's pages only.
	Scripts []string `json:"scripts,omitempty" provenance:"portal"`
	// Connect are the origins the service's scripts send data to (such as
	// https://*.google-analytics.com), allowed in the company pages'
	// Content-Security-Policy.
	Connect []string `json:"connect,omitempty" provenance:"portal"`
	// Clears are the names of the first-party cookies the service sets,
	// deleted from the visitor's browser when consent to its category is
	// refused or withdrawn. A trailing "*" matches any suffix ("_ga_*").
	Clears []string `json:"clears,omitempty" provenance:"portal"`
	// Known ties the service to the portal's facts about a tool sold by a
	// known vendor (see KnownService), which the pages show, marked as the
	// portal's, where the statement is silent. Required for a service
	// whose Scripts load from such a tool's hosts.
	Known      string    `json:"known,omitempty" provenance:"portal"`
	Cite       Cites     `json:"cite,omitempty"`
	Summarized Summaries `json:"summarized,omitempty" provenance:"portal"`
}

// CookieItem is one named cookie.
type CookieItem struct {
	Name string `json:"name"`
	// Lifetime is empty when the statement does not give it.
	Lifetime   string    `json:"lifetime,omitempty"`
	Cite       Cites     `json:"cite,omitempty"`
	Summarized Summaries `json:"summarized,omitempty" provenance:"portal"`
}

// Marketing is how the company markets to customers.
type Marketing struct {
	// PolicyVersion changes whenever the channels or their purposes
	// change: the wording a customer consents to is built from them, and
	// each consent keeps the version it was given under.
	PolicyVersion string `json:"policy_version" provenance:"portal"`
	Summary       string `json:"summary,omitempty"`
	// Products are the groups of goods and services the company markets,
	// as the statement names them. A Danish consent must name them (and
	// the company by its legal name): Forbrugerombudsmanden's guidance on
	// consent to marketing (markedsføringsloven § 10), section 3.4, "Det
	// skal fremgå af samtykketeksten, hvilke grupper af varer eller
	// tjenesteydelser som forbrugeren vil modtage markedsføring om".
	Products []string           `json:"products,omitempty"`
	Channels []MarketingChannel `json:"channels"`
	// Tools are services used for marketing, such as a newsletter service or
	// a social media page.
	Tools      []MarketingTool `json:"tools,omitempty"`
	Cite       Cites           `json:"cite,omitempty"`
	Summarized Summaries       `json:"summarized,omitempty" provenance:"portal"`
}

// Marketing channels.
const (
	ChannelEmail = "email"
	ChannelSMS   = "sms"
	ChannelPhone = "phone"
	ChannelPost  = "post"
)

// MarketingChannel is one way the company contacts customers with marketing,
// and what it sends that way.
type MarketingChannel struct {
	Channel string `json:"channel" provenance:"code"`
	// Purposes are what the company sends on the channel, as short noun
	// phrases: the portal reads them in the customer's own words ("Ja,
	// Werksta kan sende meg markedsføring på e-post: nyhetsbrev."), so they
	// speak of neither "you" nor "we" (see Validate).
	Purposes   []string  `json:"purposes"`
	Cite       Cites     `json:"cite,omitempty"`
	Summarized Summaries `json:"summarized,omitempty" provenance:"portal"`
}

// MarketingTool is a service used in marketing.
type MarketingTool struct {
	Name       string    `json:"name"`
	Purpose    string    `json:"purpose"`
	Cite       Cites     `json:"cite,omitempty"`
	Summarized Summaries `json:"summarized,omitempty" provenance:"portal"`
}

// StatementDate returns the statement's date. It is valid for every
// controller that passed Validate.
func (c Controller) StatementDate() time.Time {
	d, _ := time.Parse(time.DateOnly, c.Statement.Date)
	return d
}

// HasOptionalCookies reports whether the company uses cookies that need
// consent, and so whether its pages ask for it.
func (c Controller) HasOptionalCookies() bool {
	for _, cat := range c.Cookies.Categories {
		if cat.ID != CookiesNecessary {
			return true
		}
	}
	return false
}

// LoadsOtherSites reports whether the company's pages load scripts from
// other sites once a visitor consents to them (its declared services'
// scripts), so that the portal never claims to fetch nothing from them.
func (c Controller) LoadsOtherSites() bool {
	for _, cat := range c.Cookies.Categories {
		for _, s := range cat.Services {
			if len(s.Scripts) > 0 {
				return true
			}
		}
	}
	return false
}

// Right returns the statement's description of a right, if it has one.
func (c Controller) Right(kind string) (Right, bool) {
	for _, r := range c.Rights {
		if r.Kind == kind {
			return r, true
		}
	}
	return Right{}, false
}
