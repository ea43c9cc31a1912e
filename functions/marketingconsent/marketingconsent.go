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
	"privacyportal/app/marketing"
	"privacyportal/functions/outbox"
)

// OptIn is a submitted form waiting for confirmation.
type OptIn struct {
	ID         string
	Controller string
	Form       marketing.Form
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

// Store keeps marketing consents.
type Store interface {
	CreateOptIn(ctx context.Context, o OptIn, confirm outbox.Mail) error
	GetOptIn(ctx context.Context, id string) (OptIn, error)
	// ConfirmOptIn records a confirmation if the opt-in is unused and
	// reports whether it was.
	ConfirmOptIn(ctx context.Context, c Confirmation) (bool, error)
	PersonByEmail(ctx context.Context, controller, email string) (Person, error)
	GetPerson(ctx context.Context, id string) (Person, error)
	Consents(ctx context.Context, personID string) ([]Consent, error)
	// Withdraw withdraws the person's granted (and, with all, reserved)
	// channels among those given (all when empty) and returns how many.
	Withdraw(ctx context.Context, personID string, channels []string, at time.Time, via string) (int, error)
	ExpireOptIns(ctx context.Context, now time.Time) (int, error)
}

// Errors callers map to answers.
var (
	// ErrNotFound is the store's answer when there is no such record;
	// the service reports *privacy.Error values to its callers.
	ErrNotFound = errors.New("marketingconsent: not found")
)
