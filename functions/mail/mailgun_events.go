package mail

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Mailgun reports what happens to a message after it accepted it through
// signed event webhooks: a POST of JSON {"signature": {...}, "event-data":
// {...}} to an address set in its control panel
// (https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/webhooks/).
// The signature is the HMAC-SHA256, under the domain's webhook signing key,
// of the timestamp and the token written one after the other, in hex
// (https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks/).
// It covers those two values only, not the event: what makes a signed
// event trustworthy is that the token, fresh for each webhook, is taken
// once (the portal remembers it for MailgunWebhookMaxAge).

// MailgunWebhookMaxAge is how old a webhook's timestamp may be. Mailgun
// retries a webhook it could not deliver for 8 hours (5, 10, 15 minutes,
// then 1, 2 and 4 hours:
// https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/webhook-retries/)
// and warns that its own delays make an aggressive check lose events, so
// the window covers the retries, and replays within it are refused by the
// token.
const MailgunWebhookMaxAge = 9 * time.Hour

// MailgunWebhookMaxAhead is how far in the future a timestamp may be: a
// clock a little ahead, no more.
const MailgunWebhookMaxAhead = 5 * time.Minute

// MailgunWebhook checks the signatures of Mailgun's event webhooks with the
// webhook signing key (MAILGUN_WEBHOOK_KEY), which is not the API key.
type MailgunWebhook struct {
	Key []byte
}

// MailgunSignature is a webhook's "signature" object.
type MailgunSignature struct {
	Timestamp string `json:"timestamp"`
	Token     string `json:"token"`
	Signature string `json:"signature"`
}

// MailgunEvent is what the portal reads of a webhook: the signature and
// the event's kind, its severity, why, and which message (by its
// Message-ID, which Mailgun keeps from the portal's own message).
type MailgunEvent struct {
	Signature MailgunSignature `json:"signature"`
	Data      struct {
		Event          string `json:"event"`
		Severity       string `json:"severity"`
		Reason         string `json:"reason"`
		DeliveryStatus struct {
			// Code is usually a number, sometimes a string.
			Code        json.RawMessage `json:"code"`
			Message     string          `json:"message"`
			Description string          `json:"description"`
		} `json:"delivery-status"`
		Message struct {
			Headers struct {
				MessageID string `json:"message-id"`
			} `json:"headers"`
		} `json:"message"`
	} `json:"event-data"`
}

// Webhook errors.
var (
	// ErrBadSignature means the webhook is not signed with the key: not
	// Mailgun's, or the key is wrong.
	ErrBadSignature = errors.New("mail: the webhook's signature does not verify")
	// ErrStale means the webhook's timestamp is outside the window.
	ErrStale = errors.New("mail: the webhook's timestamp is too old or in the future")
)

// Verify checks a webhook's signature, in constant time, and that its
// timestamp is within the window around now. It returns the time the
// token must be remembered until (when the timestamp leaves the window).
func (w MailgunWebhook) Verify(s MailgunSignature, now time.Time) (time.Time, error) {
	if len(w.Key) == 0 || !digits(s.Timestamp, 12) || !visible(s.Token, 256) || len(s.Signature) != 2*sha256.Size {
		return time.Time{}, ErrBadSignature
	}
	got, err := hex.DecodeString(s.Signature)
	if err != nil {
		return time.Time{}, ErrBadSignature
	}
	mac := hmac.New(sha256.New, w.Key)
	mac.Write([]byte(s.Timestamp))
	mac.Write([]byte(s.Token))
	if !hmac.Equal(got, mac.Sum(nil)) {
		return time.Time{}, ErrBadSignature
	}
	secs, _ := strconv.ParseInt(s.Timestamp, 10, 64)
	at := time.Unix(secs, 0)
	if at.Before(now.Add(-MailgunWebhookMaxAge)) || at.After(now.Add(MailgunWebhookMaxAhead)) {
		return time.Time{}, ErrStale
	}
	return at.Add(MailgunWebhookMaxAge), nil
}

// Sign is the signature Mailgun gives a timestamp and token, for tests
// and the end-to-end test's stand-in.
func (w MailgunWebhook) Sign(timestamp, token string) string {
	mac := hmac.New(sha256.New, w.Key)
	mac.Write([]byte(timestamp + token))
	return hex.EncodeToString(mac.Sum(nil))
}

// Undelivered reports whether the event says a message Mailgun accepted
// will not reach its reader: a permanent failure (the receiving server
// refused it for good, or Mailgun gave up), or a complaint (the reader
// marked it as spam, and Mailgun will send that address nothing more; the
// message itself did arrive, which complaint says). It returns the
// message's Message-ID and the reason, as Mailgun gives it (the caller
// removes addresses). A temporary failure, a delivery and every other
// event are not reports of that.
func (e MailgunEvent) Undelivered() (messageID, reason string, complaint, ok bool) {
	d := e.Data
	switch {
	case d.Event == "failed" && d.Severity == "permanent":
		reason = "mailgun: failed permanently"
	case d.Event == "complained":
		reason, complaint = "mailgun: the recipient marked it as spam", true
	default:
		return "", "", false, false
	}
	id := strings.Trim(strings.TrimSpace(d.Message.Headers.MessageID), "<>")
	if id == "" {
		return "", "", false, false
	}
	for _, s := range []string{d.Reason, strings.Trim(string(d.DeliveryStatus.Code), `"`), d.DeliveryStatus.Description, d.DeliveryStatus.Message} {
		if s = strings.TrimSpace(s); s != "" && s != "null" {
			reason += ": " + s
		}
	}
	return id, scrub(reason), complaint, true
}

// scrub replaces control characters in a mail service's reason with
// spaces, so that it cannot break a log line.
func scrub(reason string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, reason)
}

// digits reports whether s is 1 to max ASCII digits.
func digits(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// visible reports whether s is 1 to max visible ASCII characters.
func visible(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}
