package i18n

// MarketingText is the text of the marketing consent page, its e-mails and
// the page where a customer manages their consents.
type MarketingText struct {
	// CompanySays heads the company's own words on marketing ({name});
	// SayNoToAll and SayNoLink lead to an objection to all direct
	// marketing, which reaches every channel ({name}).
	CompanySays string
	SayNoToAll  string
	SayNoLink   string
	// MarketerDuties tell a company's marketers, by country, what the law
	// asks of the lists beyond the portal's own: washing them against the
	// national register (Norway: Reservasjonsregisteret, at least monthly,
	// brreg.no) and that marketing to existing customers covers only the
	// company's own similar products.
	MarketerDuties map[string]string
	// OptIn is the wording of a "yes", by channel, each with its own
	// verb: a call is made, not sent.
	OptIn   map[string]string // channel: {name}, {purposes}
	Reserve string            // {name}, {channel}: the wording of a "no"
	// OptInProducts ends a "yes" with what will be marketed, where the
	// company's file names it ({products}).
	OptInProducts string
	// WithdrawWording is what a withdrawal of consent by a data-subject
	// request records on a channel (marketingconsent.RequestWording); {name},
	// {channel}.
	WithdrawWording string
	ChannelBy       map[string]string // channel: as in "by e-mail"

	PageTitle string // {name}
	PageIntro string // {name}
	YesTitle  string
	NoTitle   string
	// NoIntro explains, by the company's country ("NO", "DK"), what a
	// "no" on the form stops; {name}.
	NoIntro map[string]string
	// LawTitle and LawRules are the portal's account of the country's
	// marketing law, by country and by "{country}:{channel}" (see
	// app/marketingconsent/law.go for the provisions).
	LawTitle      map[string]string
	LawRules      map[string]string
	ContactTitle  string
	ContactIntro  string
	Street        string
	PostalCode    string
	City          string
	PostalName    string
	NeedEmail     string
	NeedPhone     string
	NeedAddress   string
	Submit        string
	NoChannels    string // {name}
	CheckMail     string // {email}
	ManageLink    string
	ConfirmTitle  string
	ConfirmIntro  string // {name}
	ConfirmButton string
	DoneTitle     string
	DoneText      string // {name}
	ExpiredLink   string

	ManageTitle string // {name}
	ManageIntro string
	Status      map[string]string
	Since       string // {date}
	WithdrawOne string // {channel}: as ChannelBy ("på e-post")
	WithdrawAll string
	Withdrawn   string
	// NothingWithdrawnOne ({channel}) and NothingWithdrawnAll answer a
	// withdrawal that found no consent to withdraw: nothing changed, and
	// the page says so rather than that consent is withdrawn.
	NothingWithdrawnOne string
	NothingWithdrawnAll string
	NothingToShow       string

	ConfirmSubject string // {name}
	ConfirmMail    string // {name}
	ConfirmLink    string
	ConfirmExpiry  string // {time}
	ConfirmNotYou  string
	ReceiptSubject string // {name}
	ReceiptIntro   string // {name}, {date}
	ReceiptWording string
	ReceiptHow     string
	Footer         string

	LinkToPage     string // {name}: from the statement
	ForMarketers   string
	ExportTitle    string // {name}
	ExportIntro    string // {name}
	ExportRules    string // {register}: the channel_rule column, and the national register to check
	ExportToken    string
	ExportTokenFor string // {name}
	ExportLoad     string
	ExportCounts   string
	ExportFilter   string
	ExportChannel  string
	ExportStatusF  string
	ExportSince    string
	ExportAll      string
	ExportCSV      string
	ExportJSONL    string
	ExportShown    string // {n}, {total}
	ExportBadToken string
	ExportWrongCo  string
	ExportColumns  map[string]string
	ExportStatus   map[string]string // a consent's status, as a marketer reads it
	ExportFailed   string            // a download that did not come
}

// K returns the marketing text in language l, English for any other tag.
// The table is shared and read-only.
func Marketing(l Lang) *MarketingText { return &table(l).Marketing }
