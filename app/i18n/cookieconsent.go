package i18n

// ConsentText is the text of the cookie banner, the footer link and the
// cookie settings page. Placeholders are {name}-style, filled in by Fill.
type CookieConsentText struct {
	BannerLabel   string // the banner's landmark name
	BannerTitle   string // {name}
	BannerText    string // {name}, {categories}
	AcceptAll     string
	RejectAll     string
	Choose        string
	Save          string
	Close         string // the close button's accessible name
	Necessary     string // what necessary cookies are
	AlwaysOn      string
	Services      string
	GPCNote       string
	Settings      string // the footer link
	PageTitle     string // {name}
	PageIntro     string // {name}
	NoneUsed      string // {name}
	YourChoice    string
	NotChosen     string
	ChosenOn      string // {date}
	Granted       string
	Refused       string
	Withdraw      string
	WithdrawHelp  string
	Receipt       string
	ReceiptHelp   string
	Saved         string
	ByGPC         string
	Lifetime      string
	PolicyVersion string
}

// C returns the consent text in language l, English for any other tag.
// The table is shared and read-only.
func CookieConsent(l Lang) *CookieConsentText { return &table(l).CookieConsent }
