// Package requests carries a data-subject request from the customer's form
// to the company's privacy inbox: it stores the request, asks the customer
// to confirm their e-mail address, signs the confirmed request, delivers it
// with retries until it is sent, reminds the company of its deadline, and
// deletes the personal data when it is no longer needed.
//
// Service holds the workflow; it reaches the database through Store
// (implemented by functions/d1) and mail through the portal's one outbox
// (functions/outbox, on a mail service of functions/mail), both passed in,
// so the same code runs in workerd and in tests. The request itself, as
// the browser and the Worker share it, is app/requests (imported here as
// apprequests).
package requests

import (
	"context"
	"errors"
	"time"

	"privacyportal/app/calendar"
	"privacyportal/app/i18n"
	apprequests "privacyportal/app/requests"
	"privacyportal/functions/outbox"
)

// Status is where a request is on its way.
type Status string

// The statuses, in order.
const (
	StatusUnconfirmed Status = "unconfirmed" // waiting for the customer to confirm
	StatusConfirmed   Status = "confirmed"   // confirmed and signed; mail to the company queued
	StatusDelivered   Status = "delivered"   // the company's inbox has it
	StatusHandled     Status = "handled"     // the company has marked it handled
)

// Record is a request as stored.
type Record struct {
	ID         string
	Reference  string
	Controller string
	Type       string
	Language   i18n.Lang
	Status     Status
	// Form is the validated form; it is empty once the personal data has
	// been erased (Erased).
	Form   apprequests.Form
	Erased bool

	// ConfirmHash and CodeHash prove the confirmation token and the short
	// code: each a keyed hash (HMAC under LINK_KEY, with the key's id in
	// front) of the request id and the secret, never the secret itself.
	ConfirmHash  string
	CodeHash     string
	CodeAttempts int

	SubmittedAt time.Time
	ExpiresAt   time.Time
	ConfirmedAt time.Time // zero until confirmed
	// DueBy and LatestDueBy are the deadlines of GDPR art. 12(3), computed
	// once when the request reaches the company (Confirm); zero before.
	DueBy       calendar.Date
	LatestDueBy calendar.Date // if the company extends
	ExtendedTo  calendar.Date // zero unless the company extended the deadline
	HandledAt   time.Time
	DeliveredAt time.Time

	KeyID          string
	Document       []byte // request.json as signed
	Signature      []byte
	DocumentSHA256 string
}

// Due is the date the company must answer by: the extended date if it
// extended the deadline, else one month after submission.
func (r Record) Due() calendar.Date {
	if r.ExtendedTo != (calendar.Date{}) {
		return r.ExtendedTo
	}
	return r.DueBy
}

// Latest is the latest date the company may extend the deadline to. For a
// request confirmed before the portal stored it, it is read from the
// signed request.json.
func (r Record) Latest() calendar.Date {
	if !r.LatestDueBy.IsZero() {
		return r.LatestDueBy
	}
	if doc, err := apprequests.ParseDocument(r.Document); err == nil {
		if d, ok := calendar.ParseDate(doc.LatestDueBy); ok {
			return d
		}
	}
	return calendar.Date{}
}

// Mail kinds. Each goes out at most once per request.
const (
	MailConfirm     = "confirm"      // to the customer: confirm your e-mail address
	MailForward     = "forward"      // to the company: the signed request
	MailReceipt     = "receipt"      // to the customer: what was sent, and when it is due
	MailReminder7   = "reminder-7"   // to the company: due in seven days
	MailReminderDue = "reminder-due" // to the company: due today
	MailExtension   = "extension"    // to the customer: the company extended the deadline
	// MailUndelivered tells the customer that the company's privacy inbox
	// refused the request for good, and how to send it otherwise.
	MailUndelivered = "undelivered"
	// MailUnreachable tells the company that the customer's confirmed
	// address refused the receipt or the extension notice for good.
	MailUnreachable = "unreachable"
)

// Store keeps requests and their outgoing mail. Every method that changes
// more than one row does so atomically.
type Store interface {
	// Create stores a new unconfirmed request together with its
	// confirmation mail. It returns ErrDuplicate if the id or reference is
	// taken.
	Create(ctx context.Context, r Record, confirm outbox.Mail) error
	// Get returns a request, or ErrNotFound.
	Get(ctx context.Context, id string) (Record, error)
	// TakeCodeAttempt counts one attempt at the short code, atomically,
	// unless max attempts have been made; it returns the attempt's number
	// (1 for the first), or 0 when none is left.
	TakeCodeAttempt(ctx context.Context, id string, max int) (int, error)
	// Confirm turns an unconfirmed, unexpired request into a confirmed one
	// with its signed document, and queues the given mail, all at once. It
	// reports false, changing nothing, if the request was not waiting for
	// confirmation.
	Confirm(ctx context.Context, r Record, mail ...outbox.Mail) (bool, error)
	// Queue adds mail, skipping any whose request already has mail of that
	// kind. It returns how many were added.
	Queue(ctx context.Context, mail ...outbox.Mail) (int, error)
	// The outbox of the portal's mail; when the message sent is the
	// request to the company, the request becomes delivered.
	outbox.Store
	// Expire deletes unconfirmed requests whose time ran out, with their
	// mail, and returns how many.
	Expire(ctx context.Context, now time.Time) (int, error)
	// Open returns delivered requests not marked handled whose deadline is
	// on or before the given date.
	Open(ctx context.Context, dueOnOrBefore calendar.Date) ([]Record, error)
	// MarkHandled records that the company handled the request. It reports
	// false if the request was not delivered or was already handled.
	MarkHandled(ctx context.Context, id string, at time.Time) (bool, error)
	// Extend sets the extended deadline once and queues the mail that tells
	// the customer. It reports false if the request cannot be extended
	// (not delivered, handled, or already extended).
	Extend(ctx context.Context, id string, to calendar.Date, mail outbox.Mail) (bool, error)
	// Erase deletes the personal data of requests delivered before the
	// given time, and of their sent mail, keeping id, company, type, dates,
	// status and the document's hash. It returns how many were erased.
	Erase(ctx context.Context, deliveredBefore, now time.Time) (int, error)
}

// Store errors.
var (
	ErrNotFound  = errors.New("requests: not found")
	ErrDuplicate = errors.New("requests: duplicate id or reference")
)
