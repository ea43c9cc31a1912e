// Package limit bounds how often anyone can make the portal act: how many
// requests, opt-ins and cookie choices one client sends a company, and how
// many e-mails one address receives, whoever asks for them. It is the
// portal's one limiter: every workflow counts through it, in one table,
// under keyed hashes, so the table holds no address.
//
// Counts are fixed windows per rule (an hour, a day), each row keyed by the
// rule, the subject and the window's start, and counted by one atomic
// upsert: parallel hits each get their own number, and a hit never touches
// another key's or another window's row. Expired windows are deleted by
// the schedule.
package limit

import (
	"context"
	"net"
	"strings"
	"time"

	"privacyportal/app/emailaddr"
	"privacyportal/app/problem"
	"privacyportal/functions/keyring"
)

// Rule is one allowance: at most Max events per Window for each subject.
type Rule struct {
	// Name keeps the rule's counts apart from every other rule's.
	Name   string
	Max    int
	Window time.Duration
}

// Store keeps the counts.
type Store interface {
	// Hit counts one event for key in the window that starts at
	// windowStart and ends at expiresAt, atomically, and returns the count
	// so far in that window.
	Hit(ctx context.Context, key string, windowStart, expiresAt time.Time) (int, error)
}

// Limiter counts events against rules.
type Limiter struct {
	Store Store
	// Key keys the hash of each subject.
	Key []byte
	Now func() time.Time
	// PerRecipient bounds the e-mails the portal sends one address on
	// behalf of anyone (Recipient): a form filled in with someone else's
	// address cannot flood their inbox, from however many clients.
	PerRecipient Rule
}

// Allow counts one event of subject (the parts that identify it: a
// company, a client) against rule. It returns a *problem.Error with
// CodeRateLimited and the time until the window ends when the allowance is
// used up. A nil Limiter, or a rule without a maximum, allows everything.
func (l *Limiter) Allow(ctx context.Context, rule Rule, subject ...string) error {
	if l == nil || rule.Max <= 0 || rule.Window <= 0 {
		return nil
	}
	now := l.Now().UTC()
	start := now.Truncate(rule.Window)
	end := start.Add(rule.Window)
	key := keyring.MAC(l.Key, append([]string{"limit", rule.Name}, subject...)...)[:32]
	n, err := l.Store.Hit(ctx, key, start, end)
	if err != nil {
		return err
	}
	if n > rule.Max {
		wait := end.Sub(now)
		if wait < time.Second {
			wait = time.Second
		}
		return &problem.Error{Code: problem.CodeRateLimited, RetryAfter: wait}
	}
	return nil
}

// Recipient counts one e-mail to address against PerRecipient.
func (l *Limiter) Recipient(ctx context.Context, address string) error {
	if l == nil {
		return nil
	}
	return l.Allow(ctx, l.PerRecipient, RecipientKey(address))
}

// RecipientKey is the subject of an e-mail address: its mailbox
// (emailaddr.Mailbox), the same for every way of writing it that reaches
// the same inbox: "Ola@X.no", "ola@x.no" and "ola+1@x.no" share one
// allowance, so a "+tag" per message does not buy a fresh one.
func RecipientKey(address string) string {
	return emailaddr.Mailbox(address)
}

// Client is the subject of a client's address, as Cloudflare reports it in
// CF-Connecting-IP. An IPv4 address counts as itself; an IPv6 address by its
// /64 network, since one subscriber commonly holds a whole /64 and can take
// a fresh address from it for every request. Anything else counts as the
// text it is.
func Client(addr string) string {
	ip := net.ParseIP(strings.TrimSpace(addr))
	switch {
	case ip == nil:
		if len(addr) > 100 {
			addr = addr[:100]
		}
		return "other:" + addr
	case ip.To4() != nil:
		return ip.To4().String()
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}
