package api

import (
	"context"
	"errors"
	"net/http"
	"time"

	"privacyportal/functions/mail"
	"privacyportal/functions/outbox"
)

// MailReports is what a mail service's webhooks change: a message it had
// accepted and could not deliver after all takes the path of a refusal at
// send time (requests.Service.Undelivered); a reader's complaint about a
// message that did arrive is told apart (requests.Service.Complained).
type MailReports interface {
	Undelivered(ctx context.Context, messageID, reason string) error
	Complained(ctx context.Context, messageID, reason string) error
}

// WebhookTokens remembers the tokens of webhooks taken, so that none is
// taken twice (functions/d1).
type WebhookTokens interface {
	// FirstUse records token until expires and reports whether it had
	// not been seen.
	FirstUse(ctx context.Context, token string, expires time.Time) (bool, error)
	// ForgetToken forgets a token whose webhook could not be handled.
	ForgetToken(ctx context.Context, token string) error
}

// webhookAnswer is the body of every answer to a webhook; the mail service
// reads only the status.
type webhookAnswer struct {
	Status string `json:"status"`
}

// handleMailgunEvents takes Mailgun's signed event webhooks: POST
// /api/mail/events/mailgun. A permanent failure or a complaint about a
// message of the portal's is reported (MailReports); any other event, or a
// message the portal does not know, is answered 200 and changes nothing.
// The answers follow Mailgun's retries
// (https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/webhook-retries/):
// 200 taken; 406, which Mailgun does not retry, for a webhook that will
// never be taken (stale, or its token already used); 401 for a signature
// that does not verify (retried for 8 hours, so a wrong MAILGUN_WEBHOOK_KEY
// can be fixed before events are lost); 503 when the database fails
// (retried). Without MAILGUN_WEBHOOK_KEY the endpoint does not exist.
func handleMailgunEvents(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d.Mailgun == nil || d.MailReports == nil || d.WebhookTokens == nil {
			handleNotFound(d).ServeHTTP(w, r)
			return
		}
		ctx := r.Context()
		x := newExchange(w, r, d, false)
		var e mail.MailgunEvent
		if err := x.decodeService(&e); err != nil {
			x.fail(err)
			return
		}
		until, err := d.Mailgun.Verify(e.Signature, d.now())
		switch {
		case errors.Is(err, mail.ErrStale):
			d.Log.WarnContext(ctx, "mail webhook refused: stale", "route", r.Pattern)
			writeJSON(w, http.StatusNotAcceptable, webhookAnswer{Status: "stale"})
			return
		case err != nil:
			d.Log.WarnContext(ctx, "mail webhook refused: bad signature", "route", r.Pattern)
			writeJSON(w, http.StatusUnauthorized, webhookAnswer{Status: "bad_signature"})
			return
		}
		first, err := d.WebhookTokens.FirstUse(ctx, e.Signature.Token, until)
		if err != nil {
			x.fail(err)
			return
		}
		if !first {
			d.Log.WarnContext(ctx, "mail webhook refused: token used before", "route", r.Pattern)
			writeJSON(w, http.StatusNotAcceptable, webhookAnswer{Status: "replayed"})
			return
		}
		id, reason, complaint, ok := e.Undelivered()
		if !ok {
			writeJSON(w, http.StatusOK, webhookAnswer{Status: "ignored"})
			return
		}
		report := d.MailReports.Undelivered
		if complaint {
			report = d.MailReports.Complained
		}
		err = report(ctx, id, reason)
		switch {
		case errors.Is(err, outbox.ErrNoMail):
			d.Log.InfoContext(ctx, "mail webhook: no message of the portal's has that Message-ID", "route", r.Pattern)
			writeJSON(w, http.StatusOK, webhookAnswer{Status: "unknown"})
		case err != nil:
			// Mailgun retries; the retry must not be taken for a replay.
			if ferr := d.WebhookTokens.ForgetToken(context.WithoutCancel(ctx), e.Signature.Token); ferr != nil {
				d.Log.ErrorContext(ctx, "mail webhook: forgetting its token failed", "err", ferr)
			}
			d.Log.ErrorContext(ctx, "mail webhook: taking the report failed", "route", r.Pattern, "err", err)
			writeJSON(w, http.StatusServiceUnavailable, webhookAnswer{Status: "retry"})
		default:
			writeJSON(w, http.StatusOK, webhookAnswer{Status: "reported"})
		}
	})
}
