// Package outbox sends the portal's e-mail so that none is lost: every
// message is first stored (in the same batch as the change that causes it,
// by whoever queues it), then claimed, sent through the Mailer, and marked
// sent. A temporary failure is recorded with a later retry time, doubling
// each time, and the Cron Trigger tries again; a permanent one (the mail
// service says the recipient is invalid or suppressed) is recorded as
// failed, never retried, and reported through OnAbandoned. A claim is a
// lease, so two Workers never send one message at once, and every attempt
// at a message carries the same idempotency key.
//
// No message waits behind others: whoever queues a message delivers its
// owner's mail at once, in the same request, and the schedule drains the
// rest of the queue, oldest due first, for as long as its time budget
// allows.
package outbox

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Mail is one queued message.
type Mail struct {
	ID int64
	// OwnerID is the id of the record the message belongs to: a
	// data-subject request's, or a marketing opt-in's (D1 keeps it in the
	// mail table's request_id column, named before marketing mail existed).
	OwnerID       string
	Kind          string
	Recipient     string
	Message       []byte // the RFC 5322 message
	Attempts      int
	NextAttemptAt time.Time
	// ServiceID is the mail service's own id of the message, once it
	// accepted it, where the service gives one (an IDSender): its later
	// reports may name the message by it.
	ServiceID string
}

// Store keeps the queue.
type Store interface {
	// Unsent returns up to limit messages due for an attempt at now, of
	// one owner (ownerID) or of all with "", the longest due first; failed
	// and sent messages are never returned.
	Unsent(ctx context.Context, ownerID string, now time.Time, limit int) ([]Mail, error)
	// Claim reserves a message for one attempt until lease, counting the
	// attempt, and records its Message-ID (messageID, without angle
	// brackets), by which a mail service's later report names it; it
	// reports false if another Worker has it or it was sent.
	Claim(ctx context.Context, mailID int64, messageID string, now, lease time.Time) (bool, error)
	// Sent records that a message went out (with the service's id of it,
	// m.ServiceID, when there is one) and forgets its content.
	Sent(ctx context.Context, m Mail, at time.Time) error
	// Failed records a failed attempt and when to try again.
	Failed(ctx context.Context, mailID int64, retry time.Time, reason string) error
	// Abandon records that a message cannot be delivered and will not be
	// tried again, and forgets its content.
	Abandon(ctx context.Context, m Mail, at time.Time, reason string) error
	// ByMessageID returns the message whose Message-ID (as Claim
	// recorded it) or service id (as Sent recorded it) is id, and whether
	// it is already recorded as failed; ErrNoMail if there is none (never
	// sent, or not the portal's).
	ByMessageID(ctx context.Context, id string) (m Mail, failed bool, err error)
	// Bounced records that a message the mail service had accepted could
	// not be delivered after all: failed at at, with the reason, its
	// content forgotten. A request whose message to the company it was
	// is no longer delivered; if the message is only now being marked
	// sent, it never becomes so.
	Bounced(ctx context.Context, m Mail, at time.Time, reason string) error
}

// ErrNoMail means no message of the portal's has the Message-ID asked for.
var ErrNoMail = errors.New("outbox: no such message")

// Envelope is one message as a Mailer sends it.
type Envelope struct {
	// Key is the same for every attempt at one message, so a mail service
	// that honours idempotency keys sends it once however often it is
	// tried (see Key).
	Key     string
	From    string
	To      string
	Message []byte // RFC 5322, 7-bit
}

// Mailer sends one message. An error that the mail service will give
// again for this recipient whatever the time (an invalid or suppressed
// address) is a *PermanentError; any other is tried again later.
type Mailer interface {
	Send(ctx context.Context, e Envelope) error
}

// IDSender is a Mailer whose service answers each message it accepts with
// an id of its own (the send_email binding's messageId), by which its later
// reports name the message; the outbox records it (Mail.ServiceID).
type IDSender interface {
	SendID(ctx context.Context, e Envelope) (id string, err error)
}

// PermanentError is a failure that retrying cannot cure: the mail service
// refused the recipient for good.
type PermanentError struct{ Reason string }

func (e *PermanentError) Error() string { return "permanent: " + e.Reason }

// Permanent makes a permanent failure.
func Permanent(reason string) error { return &PermanentError{Reason: reason} }

// IsPermanent reports whether err is, or wraps, a permanent failure.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// Key is a message's idempotency key: a hash of its bytes, which are
// stored once and sent unchanged on every attempt (each message has its
// own random Message-ID, so two messages never share a key).
func Key(message []byte) string {
	sum := sha256.Sum256(message)
	return "pp-" + hex.EncodeToString(sum[:16])
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
	// Budget bounds how long one drain of the whole queue (Deliver with
	// "") goes on; the next scheduled run goes on where it stopped. Zero
	// means until the context ends.
	Budget time.Duration
	// OnAbandoned, when set, is told of each message given up for good,
	// so that someone who can act is told (see functions/requests). It
	// may be told of one message more than once (a report delivered
	// twice whose first handling failed half-way), so what it does must
	// happen once per message however often it is called.
	OnAbandoned func(ctx context.Context, m Mail, reason string) error
	Now         func() time.Time
	Log         *slog.Logger
}

const (
	lease      = 5 * time.Minute
	maxBackoff = 6 * time.Hour
	// batch is how many due messages one read of the queue takes; the
	// drain reads batch after batch, so it is a page size, not a cap.
	batch = 50
)

// Report counts what one delivery did.
type Report struct {
	Sent, Failed, Abandoned int
}

// Deliver sends the queued messages that are due, of one owner (ownerID, a
// request's or opt-in's id) or, with "", of all, the longest due first. A
// failure never loses a message. An owner's messages are read by their
// owner, so a new customer's confirmation never waits behind a backlog of
// others; the whole queue is read page by page until no due message is
// left, the Budget is spent or ctx ends (each message tried is claimed,
// rescheduled or given up, so none is read twice in one run).
func (o *Outbox) Deliver(ctx context.Context, ownerID string) Report {
	if ownerID == "" && o.Budget > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.Budget)
		defer cancel()
	}
	var r Report
	// Only what is due when the run starts: a message that fails and
	// comes due again during the run waits for the next, so one run
	// tries each message at most once however short the retry wait.
	due := o.Now().UTC()
	for ctx.Err() == nil {
		queued, err := o.Store.Unsent(ctx, ownerID, due, batch)
		if err != nil {
			if ctx.Err() == nil {
				o.Log.ErrorContext(ctx, "mail: reading the queue failed", "err", err)
			}
			return r
		}
		got := o.send(ctx, queued, due)
		r.Sent, r.Failed, r.Abandoned = r.Sent+got.Sent, r.Failed+got.Failed, r.Abandoned+got.Abandoned
		if len(queued) < batch || got.Sent+got.Failed+got.Abandoned == 0 {
			return r
		}
	}
	return r
}

// send tries each message once, claiming those still due at due.
func (o *Outbox) send(ctx context.Context, queued []Mail, due time.Time) (r Report) {
	for _, m := range queued {
		if ctx.Err() != nil {
			return r
		}
		now := o.Now().UTC()
		ok, err := o.Store.Claim(ctx, m.ID, MessageID(m.Message), due, now.Add(lease))
		if err != nil || !ok {
			continue
		}
		env := Envelope{Key: Key(m.Message), From: o.From, To: m.Recipient, Message: m.Message}
		if ids, ok := o.Mailer.(IDSender); ok {
			m.ServiceID, err = ids.SendID(ctx, env)
		} else {
			err = o.Mailer.Send(ctx, env)
		}
		switch {
		case err == nil:
			if err := o.Store.Sent(ctx, m, o.Now().UTC()); err != nil {
				o.Log.ErrorContext(ctx, "mail: recording a sent message failed", "mail", m.ID, "err", err)
				continue
			}
			r.Sent++
			o.Log.InfoContext(ctx, "mail sent", "mail", m.ID, "owner", m.OwnerID, "kind", m.Kind, "attempt", m.Attempts+1)
		case IsPermanent(err):
			r.Abandoned++
			reason := RedactAddresses(err.Error())
			o.Log.ErrorContext(ctx, "mail: the recipient was refused for good; not retrying", "mail", m.ID, "owner", m.OwnerID,
				"kind", m.Kind, "attempt", m.Attempts+1, "err", reason)
			if err := o.Store.Abandon(ctx, m, o.Now().UTC(), reason); err != nil {
				o.Log.ErrorContext(ctx, "mail: recording a permanent failure failed", "mail", m.ID, "err", err)
				continue
			}
			if o.OnAbandoned != nil {
				if err := o.OnAbandoned(ctx, m, reason); err != nil {
					o.Log.ErrorContext(ctx, "mail: reporting a permanent failure failed", "mail", m.ID, "owner", m.OwnerID, "err", err)
				}
			}
		default:
			r.Failed++
			wait := Backoff(o.RetryAfter, m.Attempts+1)
			reason := RedactAddresses(err.Error())
			o.Log.WarnContext(ctx, "mail: sending failed", "mail", m.ID, "owner", m.OwnerID, "kind", m.Kind,
				"attempt", m.Attempts+1, "retry_in", wait.String(), "err", reason)
			if err := o.Store.Failed(ctx, m.ID, now.Add(wait), reason); err != nil {
				o.Log.ErrorContext(ctx, "mail: recording a failure failed", "mail", m.ID, "err", err)
			}
		}
	}
	return r
}

// Undelivered takes a mail service's report that a message it had
// accepted could not be delivered for good, or was marked as spam by its
// reader (reason says which, without addresses), into the path of a
// refusal at send time: whoever can act is told (OnAbandoned), then the
// message is recorded as failed (Store.Bounced). Told first, so that a
// failure between the two steps leaves the message unfailed and a
// repeated report does both; told once, since OnAbandoned is idempotent
// and a message already failed is left alone. messageID is the message's
// Message-ID or the mail service's own id of it (Mail.ServiceID). It
// returns the message reported, or ErrNoMail for an id that is none of
// the portal's.
func (o *Outbox) Undelivered(ctx context.Context, messageID, reason string) (Mail, error) {
	m, failed, err := o.Store.ByMessageID(ctx, trimID(messageID))
	if err != nil {
		return Mail{}, err
	}
	if failed {
		o.Log.InfoContext(ctx, "mail: a report of a message already given up", "mail", m.ID, "owner", m.OwnerID, "kind", m.Kind)
		return m, nil
	}
	reason = ClipReason(RedactAddresses(reason))
	if o.OnAbandoned != nil {
		if err := o.OnAbandoned(ctx, m, reason); err != nil {
			return m, err
		}
	}
	if err := o.Store.Bounced(ctx, m, o.Now().UTC(), reason); err != nil {
		return m, err
	}
	o.Log.WarnContext(ctx, "mail: the mail service reported a message undelivered after accepting it", "mail", m.ID,
		"owner", m.OwnerID, "kind", m.Kind, "err", reason)
	return m, nil
}

// MaxReason is the most of a mail service's reason kept, in bytes.
const MaxReason = 500

// ClipReason cuts a reason to MaxReason bytes at a character's boundary,
// so that what is kept stays UTF-8.
func ClipReason(reason string) string {
	if len(reason) <= MaxReason {
		return reason
	}
	cut := MaxReason
	for cut > 0 && !utf8.RuneStart(reason[cut]) {
		cut--
	}
	return reason[:cut]
}

// Find returns the message a mail service's report names by its
// Message-ID (or the service's own id), or ErrNoMail.
func (o *Outbox) Find(ctx context.Context, messageID string) (Mail, error) {
	m, _, err := o.Store.ByMessageID(ctx, trimID(messageID))
	return m, err
}

// trimID is a Message-ID as the store keeps it: no angle brackets.
func trimID(id string) string { return strings.Trim(strings.TrimSpace(id), "<>") }

// MessageID is the Message-ID of an RFC 5322 message, without angle
// brackets, or "" if its header has none: a plain scan of the header
// section (the portal writes the field on one line; a folded one is
// unfolded), since a full parser would cost the Worker for one field.
func MessageID(message []byte) string {
	rest := string(message)
	for rest != "" {
		line, after, _ := strings.Cut(rest, "\n")
		rest = after
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			return ""
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || !strings.EqualFold(name, "Message-ID") {
			continue
		}
		// Continuation lines start with white space.
		for rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
			var more string
			more, rest, _ = strings.Cut(rest, "\n")
			value += strings.TrimSuffix(more, "\r")
		}
		return strings.Trim(strings.TrimSpace(value), "<>")
	}
	return ""
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

// RedactAddresses removes anything that looks like an e-mail address from
// an error text before it is logged or stored: mail services' errors may
// quote the recipient. An address is a run of characters around an "@"
// that are not white space, quotes or angle brackets (the local part not
// an "@" either). A scanner rather than a regular expression: compiling
// one cost the Worker's cold start 37 ms in WebAssembly.
func RedactAddresses(s string) string {
	stop := func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(`<>"'`, r) }
	var b strings.Builder
	rest := s
	for {
		at := strings.IndexByte(rest, '@')
		if at < 0 {
			b.WriteString(rest)
			return b.String()
		}
		start := at
		for start > 0 {
			r, n := utf8.DecodeLastRuneInString(rest[:start])
			if stop(r) || r == '@' {
				break
			}
			start -= n
		}
		end := at + 1
		for end < len(rest) {
			r, n := utf8.DecodeRuneInString(rest[end:])
			if stop(r) {
				break
			}
			end += n
		}
		if start == at || end == at+1 {
			// No local part or no domain: not an address.
			b.WriteString(rest[:at+1])
			rest = rest[at+1:]
			continue
		}
		b.WriteString(rest[:start])
		b.WriteString("[address]")
		rest = rest[end:]
	}
}
