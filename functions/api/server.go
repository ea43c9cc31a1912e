// Package api is the portal's HTTP API, served under /api/ by the Worker.
// NewServer takes every dependency as a parameter, so the same handler runs
// in workerd with the real bindings and in tests with fakes; routes.go lists
// the whole API surface.
package api

import (
	"context"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"time"

	"privacyportal/app/company"
	"privacyportal/app/problem"
	"privacyportal/app/signature"
	"privacyportal/functions/cookieconsent"
	"privacyportal/functions/exports"
	"privacyportal/functions/mail"
	"privacyportal/functions/marketingconsent"
	"privacyportal/functions/requests"
)

// Database is what the API needs of the database to report its health.
type Database interface {
	// Ping runs a trivial query, proving the database answers.
	Ping(ctx context.Context) error
}

// Backlog is what the API needs of the outbox to report its health.
type Backlog interface {
	// Backlog counts the messages due for an attempt at now, and when the
	// longest due of them became due.
	Backlog(ctx context.Context, now time.Time) (due int, oldest time.Time, err error)
}

// Deps are the API's dependencies.
type Deps struct {
	Controllers *company.Registry
	DB          Database
	// Requests is the data-subject request workflow.
	Requests *requests.Service
	// Cookies records choices about companies' cookies.
	Cookies *cookieconsent.Service
	// Marketing is the marketing consent workflow.
	Marketing *marketingconsent.Service
	// Exports reads the marketers' lists; ExportTokens checks the
	// marketers' tokens against their records, on every export.
	Exports      exports.Store
	Counter      exports.Counter
	ExportTokens exports.Tokens
	// Now is the clock.
	Now func() time.Time
	// Keys gives the public keys requests are signed with, current first;
	// called when first needed.
	Keys func() signature.KeySet
	// Origin is the portal's own address (PORTAL_ORIGIN); form posts from
	// it, or from the address a request was sent to, are same-origin.
	Origin string
	// Log receives operational events. Nothing a customer sent is ever
	// logged: only codes, counts and identifiers the portal made itself.
	// Each request's lines carry its request id (withRequestID).
	Log *slog.Logger
	// Backlog, when set, lets /api/health report the outbox's backlog.
	Backlog Backlog
	// Mailgun, when set (MAIL_TRANSPORT "mailgun" with
	// MAILGUN_WEBHOOK_KEY), checks Mailgun's event webhooks, whose reports
	// of messages undelivered after acceptance go to MailReports; each
	// webhook's token is taken once (WebhookTokens).
	Mailgun       *mail.MailgunWebhook
	MailReports   MailReports
	WebhookTokens WebhookTokens
}

// NewServer returns the API handler. Every response carries the portal's
// security headers, and every state-changing request from another site is
// refused (crossSite).
func NewServer(d Deps) http.Handler {
	mux := http.NewServeMux()
	addRoutes(mux, d)
	return withRequestID(withSecurityHeaders(crossSite(d, mux)))
}

// crossSite refuses, with 403 and a page in the visitor's language, any
// request but GET, HEAD and OPTIONS that a browser says comes from another
// site: Sec-Fetch-Site other than same-origin or none, or, from browsers
// that do not send it, an Origin other than the portal's. A page elsewhere
// could otherwise post "Accept all" or a request in its visitor's name; a
// cookie's SameSite=Lax does not stop a top-level form post, and the
// portal's endpoints need no cookie to act. Clients that are not browsers
// send neither header and are not affected. This is net/http's
// CrossOriginProtection (Go 1.25), the algorithm of
// https://words.filippo.io/csrf/.
func crossSite(d Deps, next http.Handler) http.Handler {
	p := http.NewCrossOriginProtection()
	if d.Origin != "" {
		if err := p.AddTrustedOrigin(d.Origin); err != nil && d.Log != nil {
			d.Log.Error("api: PORTAL_ORIGIN is not an origin", "err", err)
		}
	}
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		x := newExchange(w, r, d, mt == "application/x-www-form-urlencoded")
		// The mux has not routed the request yet: /api/{slug}/….
		parts := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/api/"), "/", 2)
		if c, ok := d.company(r, parts[0]); ok {
			x.lang = requestLangOr(r, c.Language)
		}
		d.Log.WarnContext(r.Context(), "api: a cross-site request was refused", "method", r.Method,
			"sec_fetch_site", r.Header.Get("Sec-Fetch-Site"))
		x.fail(problem.Fail(problem.CodeCrossSite))
	}))
	return p.Handler(next)
}

// company is the company a request names, for the language of the answer
// while the request is read, or for the page that tells what was done
// with a stored request: ok is false (and the company empty) for a slug
// that is no company's, or whose document cannot be read now. The service
// that handles a request answers for an unknown company itself, and a
// page after an action that succeeded still says so, without the
// company's details.
func (d Deps) company(r *http.Request, slug string) (company.Controller, bool) {
	c, err := d.Controllers.Load(r.Context(), slug)
	return c, err == nil
}
