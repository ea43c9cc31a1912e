package i18n

// NoticeText is the text of the portal's own privacy notice (/privacy) and
// of the links to it from the forms, the cookie banner and the footer.
// Placeholders are {name}-style, filled in by Fill; the figures come from
// the code's own settings (see app/ui/notice.go), never from this text.
type NoticeText struct {
	Title string
	// Link is the text of every link to the notice.
	Link  string
	Intro string

	WhoTitle string
	WhoText  string // {name}, {email}: the operator

	RolesTitle string
	Processor  string // {name}
	Controller string // {name}

	KeptTitle string
	// The columns of the table of what is kept.
	KeptWhat    string
	KeptHolds   string
	KeptHowLong string
	KeptRole    string
	ForCompany  string // the role column of what is kept for a company
	ForPortal   string // of what the portal keeps for itself
	ForYou      string // of what only the visitor's browser keeps
	// Kept are the rows, by what is kept: request ({hours}, {days}),
	// my_requests, cookies ({years}, {maxdays}), marketing ({hours}, {used}),
	// limits, logs ({logdays}), mail.
	Kept map[string]NoticeRow

	NeverTitle string
	Never      []string

	RecipientsTitle     string
	RecipientCompany    string
	RecipientCloudflare string // {name}
	CloudflareDPA       string // the link to Cloudflare's data processing addendum
	// MailServices says who sends the portal's e-mail, by
	// company.Operator.MailService.
	MailServices map[string]string

	RightsTitle    string
	RightsCompany  string
	RightsPortal   string // {email}
	ComplaintTitle string
	ComplaintText  string
}

// NoticeRow is one kind of record the portal keeps.
type NoticeRow struct {
	What    string
	Holds   string
	HowLong string
}

// N returns the privacy notice's text in language l, English for any
// other tag. The table is shared and read-only.
func Notice(l Lang) *NoticeText { return &table(l).Notice }
