package i18n

// MailText is the text of the e-mails the portal sends, in one language.
// Mails to a customer are in the customer's language; mails to a company
// are in the company's. Placeholders are {name}-style, filled in by Fill.
type MailText struct {
	// To the customer: confirm the e-mail address.
	ConfirmSubject string // {name}
	ConfirmIntro   string // {request}, {name}
	ConfirmLink    string
	ConfirmCode    string // {code}
	ConfirmExpiry  string // {time}
	ConfirmNotYou  string

	// To the company: the signed request.
	ForwardSubject  string // {request} (RequestText.Requests, capitalised), {reference}, {due}
	ForwardSubjectN string // the same for a type without a deadline: {request}, {reference}
	ForwardIntro    string
	ForwardAsked    string // {type}, {article}
	ForwardFrom     string
	ForwardIDs      string
	ForwardDetails  string
	ForwardText     string
	ReceiptIDs      string // the identifiers' heading in the customer's receipt
	ReceiptText     string // the customer's own message, in their receipt
	ForwardTimeline string
	Received        string // {date}
	Due             string // {date}
	Latest          string // {date}
	ExtensionRule   string // {due}
	ClockRule       string
	// Duties says, per request type, what the law asks of the company;
	// Objections the same per objection scope. Refusal is art. 12(4),
	// {authority}. Given is the word on identifiers given, not checked.
	DutiesTitle   string
	Duties        map[string]string
	Objections    map[string]string
	Refusal       string
	Given         string
	Electronic    string
	ReplyHow      string
	Identity      string
	HandledLink   string
	HandledButton string
	ExtendLink    string
	ExtendButton  string
	CustomerLang  string          // {language}: the language the customer used
	LanguageNames map[Lang]string // each language, named in this one
	VerifyHow     string          // {kid}
	VerifyLink    string
	KeysLink      string
	Footer        string

	// To the customer: the receipt.
	ReceiptSubject string // {name}, {reference}
	ReceiptIntro   string // {name}, {date}
	ReceiptDue     string // {due}, {latest}
	// What a withdrawal of consent or an objection to direct marketing
	// records in the company's marketing (app/marketingconsent.ByRequest), in the
	// receipt: MarketingTitle {name}, MarketingIntro {name} before the
	// records' wordings, MarketingWithdrawn {name}, MarketingSuppressed
	// {name}; MarketingObjectHint {channels}: the channels a withdrawal of
	// consent does not stop.
	MarketingTitle      string
	MarketingIntro      string
	MarketingWithdrawn  string
	MarketingSuppressed string
	MarketingObjectHint string

	// To the company: reminders.
	Reminder7Subject   string // {reference}, {due}
	ReminderDueSubject string // {reference}
	ReminderIntro      string // {request}, {reference}, {submitted}, {due}
	ReminderStop       string

	// To the customer: the company extended the deadline.
	ExtensionSubject string // {name}, {reference}
	ExtensionIntro   string // {name}, {reference}, {date}
	ExtensionReasons string // {name}

	// To the customer: the company's privacy inbox refused the request for
	// good, so the customer must send it another way.
	UndeliveredSubject string // {name}, {reference}
	UndeliveredIntro   string // {name}, {reference}, {email}
	UndeliveredHow     string // {name}
	// To the company: the customer's address refused the portal's mail.
	UnreachableSubject string            // {reference}
	UnreachableIntro   string            // {reference}, {what}
	UnreachableWhat    map[string]string // by mail kind: what was not delivered
}

// M returns the mail text in language l, English for any other tag. The
// table is shared and read-only.
func Mail(l Lang) *MailText { return &table(l).Mail }
