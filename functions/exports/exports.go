// Package exports gives a company's marketers the lists they work from:
// who may be contacted on which channel and since when (the current
// status, or the full history of events since a date), who must not be
// (the suppression list), and daily counts of cookie choices. Lists are
// written as CSV or JSON Lines while they are read, a page at a time, so
// the Worker's memory stays flat however long they are.
package exports

import (
	"context"
	"time"
)

// Filter selects rows of one company.
type Filter struct {
	Controller string
	Since      time.Time // changed (or, for events, happened) at or after; zero for all
	Status     string    // granted, withdrawn, reserved; "" for all
	Channel    string    // email, sms, phone, post; "" for all
	// Suppressed keeps only those who must not be contacted on a channel:
	// withdrawn and reserved (the suppression list).
	Suppressed bool
}

// Row is one person's channel, or one event on it.
type Row struct {
	Seq         int64 // the position to continue after
	Event       string
	At          time.Time
	Via         string
	ConsentID   string
	Email       string
	Phone       string
	Name        string
	Street      string
	PostalCode  string
	City        string
	Channel     string
	Purposes    string
	Status      string
	LawfulBasis string
	// ChannelRule is what the marketing law of the company's country asks
	// before a message on the channel (app/marketingconsent.Rule's Code), so that
	// a marketer reads each row's basis beside the rule it answers to.
	ChannelRule   string
	OptedInAt     time.Time
	ConfirmedAt   time.Time
	WithdrawnAt   time.Time
	PolicyVersion string
	WordingSHA256 string
	Language      string
	SourcePage    string
	UpdatedAt     time.Time
}

// CookieDay is the choices about one cookie category on one day.
type CookieDay struct {
	Day      string // YYYY-MM-DD (UTC)
	Category string
	Granted  int
	Refused  int
	GPC      int // refusals by Global Privacy Control
}

// LogEntry is what is logged of each export: no personal data.
type LogEntry struct {
	Controller string
	At         time.Time
	Kind       string
	Filter     string
	Rows       int
	// Outcome is how the export ended: complete, failed, cancelled (the
	// client left) or timed_out.
	Outcome string
	// TokenID is the id of the token the export was made with (never its
	// secret).
	TokenID string
}

// Store reads the lists.
type Store interface {
	// CurrentPage returns up to limit current statuses after position
	// after, in order, without WordingSHA256 (the current view and the
	// suppression list do not write it).
	CurrentPage(ctx context.Context, f Filter, after int64, limit int) ([]Row, error)
	// EventsPage returns up to limit events after position after.
	EventsPage(ctx context.Context, f Filter, after int64, limit int) ([]Row, error)
	// CookieDays returns the daily counts of cookie choices.
	CookieDays(ctx context.Context, controller string, since time.Time) ([]CookieDay, error)
	// LogExport records that an export happened.
	LogExport(ctx context.Context, e LogEntry) error
}

// Count is how many of a company's people have a status on a channel.
type Count struct {
	Channel string `json:"channel"`
	Status  string `json:"status"`
	N       int    `json:"n"`
}

// Counter counts, for the marketer's page.
type Counter interface {
	Counts(ctx context.Context, controller string) ([]Count, error)
}
