// Package marketingconsent carries a customer's marketing choices from the
// form to the company's marketers: an opt-in waits for the e-mail's
// confirmation (double opt-in), is then recorded per channel with proof of
// the exact wording, and can be withdrawn at once from a link in every
// e-mail, or by a data-subject request. Marketers export who may be
// contacted, and who must not be, with a bearer token.
package marketingconsent

import (
	"context"
	"errors"
	"time"

	"privacyportal/app/i18n"
	appmarketingconsent "privacyportal/app/marketingconsent"
	"privacyportal/functions/outbox"
)

// OptIn is a submitted form waiting for confirmation.
type OptIn struct {
	ID         string
	Controller string
	Form       appmarketingconsent.Form
	// Wordings are the exact texts shown, by channel; reservations by
	// "no:" and the channel.
	Wordings      map[string]string
	PolicyVersion string
	CreatedAt     time.Time
	ExpiresAt     time.Time
	UsedAt        time.Time
}

// Person is a customer as a company's marketing knows them.
type Person struct {
	ID         string
	Controller string
	Email      string
	Phone      string
	Name       string
	Street     string
	PostalCode string
	City       string
	Language   i18n.Lang
}

// Consent is one channel's current status for one person.
type Consent struct {
	ID            string
	Channel       string
	Status        string
	Purposes      string
	LawfulBasis   string
	OptedInAt     time.Time
	ConfirmedAt   time.Time
	WithdrawnAt   time.Time
	PolicyVersion string
	WordingSHA256 string
	Language      i18n.Lang
	SourcePage    string
	UpdatedAt     time.Time
}

// Via: what an event came from.
const (
	ViaForm    = "form"
	ViaLink    = "link"
	ViaRequest = "request"
	// ViaMerge is migration 0007's: where two spellings of one address
	// had been two people, the status kept once they were merged.
	ViaMerge = "merge"
)

// Confirmation is everything one confirmed opt-in changes, stored at once.
type Confirmation struct {
	OptIn    OptIn
	At       time.Time
	Person   Person
	Consents []Consent
	Wordings map[string]string // sha256: text
	Receipt  outbox.Mail
}

// Request is a confirmed data-subject request as far as a company's
// marketing is concerned: a withdrawal of consent or an objection
// (marketingconsent.ByRequest), from the address the customer confirmed.
type Request struct {
	ID             string
	Controller     string
	Type           string
	ObjectionScope string
	Email          string
	Name           string
	Phone          string
	Language       i18n.Lang
	ConfirmedAt    time.Time
}

// RequestRecord is everything one request changes in a company's
// marketing, stored at once with the mark that the request is recorded.
// With an empty Person.Email it is only that mark (an objection to other
// processing than marketing).
type RequestRecord struct {
	RequestID  string
	Controller string
	// Person is the person by address (Normalize); ID is used only if the
	// company's marketing does not know the address yet. Name and phone
	// fill in what is not known yet, so marketers can suppress the
	// person's number and name too.
	Person Person
	// Before: every consent granted at or before it (the request's
	// confirmation) is withdrawn. A consent confirmed later is a newer
	// choice the request cannot have meant, should the record be made
	// late (by the schedule).
	Before time.Time
	// At is when the portal records it: the time of its events and of the
	// records' updated_at, by which marketers fetch what changed.
	At time.Time
	// Consents are the records made on channels without any (ByRequest);
	// a channel that has one keeps it.
	Consents []Consent
	Wordings map[string]string // sha256: text
}

// Applied counts what recording a request changed: consents withdrawn,
// and records made where there were none.
type Applied struct{ Withdrawn, Recorded int }

// Store keeps marketing consents.
type Store interface {
	CreateOptIn(ctx context.Context, o OptIn, confirm outbox.Mail) error
	GetOptIn(ctx context.Context, id string) (OptIn, error)
	// ConfirmOptIn records a confirmation if the opt-in is unused and
	// reports whether it was.
	ConfirmOptIn(ctx context.Context, c Confirmation) (bool, error)
	// PersonByEmail returns a company's person by address, as Normalize
	// writes it.
	PersonByEmail(ctx context.Context, controller, email string) (Person, error)
	// GetPerson returns a person by id, or by an id merged into it (the
	// links of older e-mails).
	GetPerson(ctx context.Context, id string) (Person, error)
	Consents(ctx context.Context, personID string) ([]Consent, error)
	// Withdraw withdraws the person's granted (and, with all, reserved)
	// channels among those given (all when empty) and returns how many.
	Withdraw(ctx context.Context, personID string, channels []string, at time.Time, via string) (int, error)
	ExpireOptIns(ctx context.Context, now time.Time) (int, error)
	// ApplyRequest stores a request's record at once, marking it
	// recorded. Storing the same record again changes nothing more.
	ApplyRequest(ctx context.Context, r RequestRecord) (Applied, error)
	// PendingRequests returns up to limit confirmed requests of the types
	// that concern marketing whose record is not marked stored, oldest
	// first; their personal data is kept until it is.
	PendingRequests(ctx context.Context, limit int) ([]Request, error)
}

// Errors callers map to answers.
var (
	// ErrNotFound is the store's answer when there is no such record;
	// the service reports *problem.Error values to its callers.
	ErrNotFound = errors.New("marketingconsent: not found")
)
