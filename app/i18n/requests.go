package i18n

import "strconv"

// RequestText is the text of the request form and of everything that
// follows from it: the pages the Worker answers with, and the copy of a
// request in receipts. Placeholders are {name}-style, filled in by Fill.
type RequestText struct {
	// FormTitle heads /{slug}/request; {name} is the company.
	FormTitle string
	FormIntro string
	// FormFree says that asking is free and needs no identity document.
	FormFree     string
	ChooseType   string
	AboutYou     string
	FindYou      string
	FindYouHelp  string // {name}: the company
	Details      string
	OnlyFor      string // {type}: "Only for {type}"
	Optional     string
	Required     string
	Submit       string
	Sending      string
	FixErrors    string // {n}: the number of fields to fix
	FixError     string // the same, for one field
	LimitsIntro  string // {name}: "What {name} says limits this right"
	LinkToForm   string // on the statement page: file a request
	LinkToFormTo string // {name}

	Types map[string]string // request type: its name
	// Requests names a request of each type in running text and subjects:
	// "krav om innsyn", "tilbaketrekking av samtykke".
	Requests map[string]string
	TypeHelp map[string]string // request type: what it does, in plain words
	Fields   map[string]string // form field: its label
	// ReadBack are the labels of the fields whose form label is a
	// question ("Hva er feil?"), where a request is read back (receipt,
	// e-mails, verification): "Det som er feil". See Label.
	ReadBack   map[string]string
	FieldHelp  map[string]string // form field: a hint under the label; the registration number's has {example}, a plate of the company's country
	Formats    map[string]string // portability format: its name
	Objections map[string]string // objection scope: its name

	// After submitting.
	CheckMailTitle string
	CheckMail      string // {email}
	CodeLabel      string
	CodeHelp       string
	ConfirmButton  string
	CodeWrong      string
	Reference      string
	DueBy          string
	// DueOnceConfirmed is the deadline before confirmation: the clock
	// starts when the request reaches the company.
	DueOnceConfirmed string
	// DueNone stands for the deadline of a type that has none: a
	// withdrawal of consent (at once) and a question.
	DueNone   map[string]string
	LatestDue string
	Submitted string
	Status    string
	Statuses  map[string]string // request status: as the customer sees it

	// Confirmation and receipt.
	ConfirmTitle    string
	ConfirmIntro    string // {name}
	ConfirmedTitle  string
	ConfirmedText   string // {name}, {date}
	ConfirmedNoDue  string // {name}: for a type without a deadline
	WhatWasSent     string
	CompanyContact  string
	ComplainTitle   string
	ComplainText    string // {authority}
	ComplainNow     string // once the due date has passed; {authority}
	ComplainSubject string // {name}, {reference}
	ComplainBody    string // {name}, {reference}, {submitted}, {due}
	IdentityNote    string
	ExpiredTitle    string
	ExpiredText     string
	BadLinkTitle    string
	BadLinkText     string
	TooManyCodes    string

	// My requests: kept in the browser only.
	MyRequestsTitle   string
	MyRequestsIntro   string
	MyRequestsEmpty   string
	MyRequestsForget  string
	MyRequestsOverdue string // {date}
	BackTo            string // {name}
	MyRequestsLink    string

	// Verification.
	VerifyTitle    string
	VerifyIntro    string
	VerifyDrop     string
	VerifyChoose   string
	VerifyLocal    string
	VerifyGenuine  string // {kid}
	VerifyFailed   string // {reason}
	VerifyMissing  string
	VerifyFields   string
	VerifyUnknown  string
	VerifyBadSig   string
	VerifyNotFound string
	VerifyTextSame string
	VerifyDiffers  string // {fields}

	// The company's links.
	HandledTitle     string
	HandledAsk       string // {reference}
	HandledButton    string
	HandledDone      string // {reference}
	ExtendTitle      string
	ExtendIntro      string // {reference}, {due}, {latest}
	ExtendDate       string
	ExtendDateHelp   string // {min}, {max}
	ExtendReasons    string
	ExtendReasonHelp string
	ExtendButton     string
	ExtendDone       string // {reference}, {date}
	ExtendBadDate    string // {min}, {max}
	ExtendNoReasons  string
	ExtendAlready    string
	ExtendErased     string
	ExtendTooLate    string // {due}
	ExtendNone       string
	NotDelivered     string
}

// FixCount is the heading of an error summary for n fields.
func (r *RequestText) FixCount(n int) string {
	if n == 1 {
		return r.FixError
	}
	return Fill(r.FixErrors, "n", strconv.Itoa(n))
}

// R returns the request text in language l, English for any other tag.
// The table is shared and read-only.
func Requests(l Lang) *RequestText { return &table(l).Requests }

// Label is a field's label where a request is read back rather than
// filled in: a statement, not the form's question.
func (r *RequestText) Label(field string) string {
	if l, ok := r.ReadBack[field]; ok {
		return l
	}
	return r.Fields[field]
}
