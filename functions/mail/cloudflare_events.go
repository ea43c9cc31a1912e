package mail

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"

	"privacyportal/functions/outbox"
)

// Cloudflare Email Service has no webhooks. What it reports of a message
// after it accepted it goes through event subscriptions: Email Sending
// publishes lifecycle events of the messages sent from a sending domain
// into a Cloudflare Queue, which the Worker consumes
// (https://developers.cloudflare.com/email-service/platform/event-subscriptions/).
// Each event names the message by Cloudflare's own messageId, the one the
// send_email binding's send() resolves to
// (https://developers.cloudflare.com/email-service/api/send-emails/workers-api/);
// the REST API's answer carries no id, so messages sent through it cannot
// be matched.

// CloudflareEvent is what the portal reads of one Email Sending event.
type CloudflareEvent struct {
	Type    string `json:"type"`
	Payload struct {
		MessageID string `json:"messageId"`
		Terminal  bool   `json:"terminal"`
		Delivery  struct {
			Status                 string `json:"status"`
			SMTPEnhancedStatusCode string `json:"smtpEnhancedStatusCode"`
			SMTPResponse           string `json:"smtpResponse"`
		} `json:"delivery"`
		Bounce struct {
			Type           string `json:"type"`
			Classification string `json:"classification"`
			Reason         string `json:"reason"`
		} `json:"bounce"`
		Failure struct {
			Reason string `json:"reason"`
		} `json:"failure"`
		Rejection struct {
			Reason string `json:"reason"`
			Detail string `json:"detail"`
		} `json:"rejection"`
		Complaint struct {
			Type string `json:"type"`
		} `json:"complaint"`
	} `json:"payload"`
}

// Undelivered reports whether the event says a message Cloudflare
// accepted will not reach its reader, and for good (terminal): bounced (a
// permanent bounce, or retries exhausted), failed (an error outside SMTP),
// rejected (refused by policy, such as a suppressed recipient) or
// complained (the reader marked it as spam). It returns Cloudflare's
// messageId and the reason (the caller removes addresses). A deferral, a
// delivery and an event that is not final are not reports of that.
func (e CloudflareEvent) Undelivered() (serviceID, reason string, complaint, ok bool) {
	p := e.Payload
	kind, found := strings.CutPrefix(e.Type, "cf.email.sending.message.")
	if !found || !p.Terminal || strings.TrimSpace(p.MessageID) == "" {
		return "", "", false, false
	}
	var parts []string
	switch kind {
	case "bounced":
		parts = []string{"cloudflare email: bounced", p.Bounce.Type, p.Bounce.Classification, p.Delivery.SMTPEnhancedStatusCode, p.Bounce.Reason}
	case "failed":
		parts = []string{"cloudflare email: failed", p.Failure.Reason}
	case "rejected":
		parts = []string{"cloudflare email: rejected", p.Rejection.Reason, p.Rejection.Detail}
	case "complained":
		parts = []string{"cloudflare email: the recipient marked it as spam", p.Complaint.Type}
		complaint = true
	default:
		return "", "", false, false
	}
	var kept []string
	for _, s := range parts {
		if s = strings.TrimSpace(s); s != "" {
			kept = append(kept, s)
		}
	}
	return strings.TrimSpace(p.MessageID), scrub(strings.Join(kept, ": ")), complaint, true
}

// CloudflareEvents reads a batch of queue messages' bodies (a JSON array,
// each an event, as an object or its JSON as text) and returns the events or their JSON as text. A body that is not an event is skipped: the queue holds only
// what the subscription publishes, and one odd message must not hold up
// the rest.
func CloudflareEvents(bodies []byte) []CloudflareEvent {
	var raw []json.RawMessage
	if err := json.Unmarshal(bodies, &raw); err != nil {
		return nil
	}
	var out []CloudflareEvent
	for _, b := range raw {
		// A body sent as text holds the event's JSON as a string.
		var text string
		if json.Unmarshal(b, &text) == nil {
			b = []byte(text)
		}
		var e CloudflareEvent
		if json.Unmarshal(b, &e) == nil {
			out = append(out, e)
		}
	}
	return out
}

// Reports is what a mail service's reports of messages undelivered after
// acceptance change (requests.Service.Undelivered), and its reports of a
// reader marking a message as spam (requests.Service.Complained).
type Reports interface {
	Undelivered(ctx context.Context, messageID, reason string) error
	Complained(ctx context.Context, messageID, reason string) error
}

// TakeCloudflareEvents takes one queue batch of Email Sending events: each
// report of a message undelivered for good goes to r; other events, and
// messages that are none of the portal's (sent through the REST API, which
// gives no id, or by another sender on the domain), change nothing. An
// error of r fails the batch, which the queue delivers again: r tells
// once however often it hears of a message.
func TakeCloudflareEvents(ctx context.Context, bodies []byte, r Reports, log *slog.Logger) error {
	var errs []error
	taken := 0
	for _, e := range CloudflareEvents(bodies) {
		id, reason, complaint, ok := e.Undelivered()
		if !ok {
			continue
		}
		report := r.Undelivered
		if complaint {
			report = r.Complained
		}
		err := report(ctx, id, reason)
		switch {
		case errors.Is(err, outbox.ErrNoMail):
			log.InfoContext(ctx, "mail event: no message of the portal's has that id", "event", e.Type)
		case err != nil:
			errs = append(errs, err)
		default:
			taken++
		}
	}
	if taken > 0 {
		log.InfoContext(ctx, "mail events taken", "reports", taken)
	}
	return errors.Join(errs...)
}
