// Package outbox sends the portal's e-mail so that none is lost: every
// message is first stored (in the same batch as the change that causes it,
// by whoever queues it), then claimed, sent through the Mailer, and marked
// sent; a failure is recorded with a later retry time, doubling each time,
// and the Cron Trigger tries again. A claim is a lease, so two Workers never
// send one message at once.
package outbox

import (
	"context"
	"log/slog"
	"regexp"
	"time"
)

// Mail is one queued message.
type Mail struct {
	ID int64
	// RequestID is what the message belongs to: a request's id, or a
	// marketing opt-in's.
	RequestID     string
	Kind          string
	Recipient     string
	Message       []byte // the RFC 5322 message
	Attempts      int
	NextAttemptAt time.Time
}

// Store keeps the queue.
type Store interface {
	// Unsent returns up to limit messages due for an attempt at now,
	// oldest first: of one owner (ref), or of all with "".
	Unsent(ctx context.Context, ref string, now time.Time, limit int) ([]Mail, error)
	// Claim reserves a message for one attempt until lease, counting the
	// attempt; it reports false if another Worker has it or it was sent.
	Claim(ctx context.Context, mailID int64, now, lease time.Time) (bool, error)
	// Sent records that a message went out and forgets its content.
	Sent(ctx context.Context, m Mail, at time.Time) error
	// Failed records a failed attempt and when to try again.
	Failed(ctx context.Context, mailID int64, retry time.Time, reason string) error
}

// Mailer sends one RFC 5322 message.
type Mailer interface {
	Send(ctx context.Context, from, to string, message []byte) error
}

// Outbox delivers queued mail.
type Outbox struct {
	Store  Store
	Mailer Mailer
	// From is the envelope sender of every message.
	From string
	// RetryAfter is the wait after a first failed attempt; each further
	// failure doubles it, up to six hours.
	RetryAfter time.Duration
	Now        func() time.Time
	Log        *slog.Logger
}

const (
	lease      = 5 * time.Minute
	maxBackoff = 6 * time.Hour
	batch      = 50
)

// Deliver sends the queued messages that are due, of one owner (ref, a
// request's or opt-in's id) or, with "", of all, and returns how many were
// sent and how many failed. A failure never loses the message. An owner's
// messages are read by their owner, so a new customer's confirmation never
// waits behind a backlog of others; the whole queue is read in batches
// until no due message is left or ctx ends (each message tried is claimed
// or rescheduled, so none is read twice in one run).
func (o *Outbox) Deliver(ctx context.Context, ref string) (sent, failed int) {
	for ctx.Err() == nil {
		now := o.Now().UTC()
		queued, err := o.Store.Unsent(ctx, ref, now, batch)
		if err != nil {
			o.Log.Error("mail: reading the queue failed", "err", err)
			return sent, failed
		}
		s, f := o.send(ctx, queued, now)
		sent, failed = sent+s, failed+f
		if len(queued) < batch || s+f == 0 {
			return sent, failed
		}
	}
	return sent, failed
}

// send tries each message once.
func (o *Outbox) send(ctx context.Context, queued []Mail, now time.Time) (sent, failed int) {
	for _, m := range queued {
		if ctx.Err() != nil {
			return sent, failed
		}
		ok, err := o.Store.Claim(ctx, m.ID, now, now.Add(lease))
		if err != nil || !ok {
			continue
		}
		if err := o.Mailer.Send(ctx, o.From, m.Recipient, m.Message); err != nil {
			failed++
			wait := Backoff(o.RetryAfter, m.Attempts+1)
			reason := RedactAddresses(err.Error())
			o.Log.Warn("mail: sending failed", "mail", m.ID, "ref", m.RequestID, "kind", m.Kind,
				"attempt", m.Attempts+1, "retry_in", wait.String(), "err", reason)
			if err := o.Store.Failed(ctx, m.ID, now.Add(wait), reason); err != nil {
				o.Log.Error("mail: recording a failure failed", "mail", m.ID, "err", err)
			}
			continue
		}
		if err := o.Store.Sent(ctx, m, o.Now().UTC()); err != nil {
			o.Log.Error("mail: recording a sent message failed", "mail", m.ID, "err", err)
			continue
		}
		sent++
		o.Log.Info("mail sent", "mail", m.ID, "ref", m.RequestID, "kind", m.Kind, "attempt", m.Attempts+1)
	}
	return sent, failed
}

// Backoff is the wait before attempt n+1: first (one minute unless set),
// doubling, at most six hours.
func Backoff(first time.Duration, attempts int) time.Duration {
	d := first
	if d <= 0 {
		d = time.Minute
	}
	for i := 1; i < attempts && d < maxBackoff; i++ {
		d *= 2
	}
	if d > maxBackoff {
		d = maxBackoff
	}
	return d
}

var emailLike = regexp.MustCompile(`[^\s<>"'@]+@[^\s<>"']+`)

// RedactAddresses removes anything that looks like an e-mail address from
// an error text before it is logged or stored: binding errors may quote
// the recipient.
func RedactAddresses(s string) string { return emailLike.ReplaceAllString(s, "[address]") }
