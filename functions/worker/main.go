//go:build js && wasm

// Command worker is the portal's Cloudflare Worker, built with GOOS=js
// GOARCH=wasm into functions/build/app.wasm. It serves the API under /api/
// and the signing keys under /.well-known/privacy-portal/ (wrangler.toml
// sends only those paths to it; Workers static assets serve the site), and
// runs the scheduled work of the Cron Trigger.
//
// main only wires the bindings and settings of the Worker's environment
// into the dependencies of the API and the request workflow; everything
// else lives in packages that also run on the host in tests.
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"privacyportal/app/company"
	"privacyportal/app/emailaddr"
	"privacyportal/app/mailmsg"
	"privacyportal/app/signature"
	"privacyportal/functions/api"
	"privacyportal/functions/cookieconsent"
	"privacyportal/functions/d1"
	"privacyportal/functions/edge"
	"privacyportal/functions/exports"
	"privacyportal/functions/keyring"
	"privacyportal/functions/limit"
	"privacyportal/functions/mail"
	"privacyportal/functions/marketingconsent"
	"privacyportal/functions/outbox"
	"privacyportal/functions/requests"
	"privacyportal/site/operator"
)

func main() {
	// Each line logged about a request carries its id (api.LogRequestIDs).
	log := slog.New(api.LogRequestIDs(slog.NewJSONHandler(os.Stderr, nil)))
	// The instance starts once per isolate, with the env of the event that
	// started it; its variables and secrets are the deployment's and are
	// read once. Bindings are not: each event reaches its own env's D1
	// database and send_email binding through its context.
	env := edge.StartEnv()
	getenv := func(name string) string { return edge.Getenv(env, name) }
	handler, task, consume, err := setup(log, getenv)
	if err == nil {
		handler, err = withCrashSwitch(handler, getenv)
	}
	if err != nil {
		log.Error("worker: start-up failed", "err", err)
		os.Exit(1)
	}
	edge.Serve(handler, task, consume, log)
}

// withCrashSwitch adds, when the variable CRASH_SWITCH is "on", the
// endpoint POST /api/__crash, which ends the Go program the way a fatal
// error would (an unrecovered panic on a goroutine of its own). The tests
// use it to prove that the entry script starts a new program for the next
// event. A portal whose origin is not on loopback refuses to start with it
// set: on a real deployment it would let anyone switch the Worker off.
func withCrashSwitch(h http.Handler, getenv func(string) string) (http.Handler, error) {
	switch getenv("CRASH_SWITCH") {
	case "":
		return h, nil
	case "on":
	default:
		return nil, errors.New(`CRASH_SWITCH must be "on" or unset`)
	}
	if !loopback(getenv("PORTAL_ORIGIN")) {
		return nil, errors.New("CRASH_SWITCH is for tests: it cannot be set on a portal whose PORTAL_ORIGIN is not on loopback")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/api/__crash" {
			h.ServeHTTP(w, r)
			return
		}
		w.WriteHeader(http.StatusAccepted)
		go func() { panic("worker: the crash switch was used") }()
	}), nil
}

// loopback reports whether an origin is http(s) on a loopback address
// (127.0.0.0/8, [::1] or localhost).
func loopback(origin string) bool {
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	host := u.Hostname()
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// readDocument reads a company's document (company.Document) from the
// Worker's static assets, through the ASSETS binding of wrangler.toml. The
// assets rather than a KV namespace: they are deployed with the version
// of the Worker that reads them, so a company and the code that shows it
// change together, and there is nothing to provision or to keep in step.
func readDocument(ctx context.Context, slug string) ([]byte, error) {
	p := company.DocumentPath(slug)
	data, status, err := edge.Asset(ctx, "ASSETS", p)
	switch {
	case err != nil:
		return nil, err
	case status == http.StatusNotFound:
		return nil, fmt.Errorf("%s: %w", p, fs.ErrNotExist)
	case status != http.StatusOK:
		return nil, fmt.Errorf("%s: the assets answered %d", p, status)
	}
	return data, nil
}

// setup builds the API, the scheduled work and the queue consumer from the
// Worker's settings.
func setup(log *slog.Logger, getenv func(string) string) (http.Handler, edge.Task, edge.Consumer, error) {
	// No company is compiled in: each is read from its document in the
	// static assets (site/generate writes them) on first use, and kept for
	// the isolate's life.
	reg := company.OnDemand(readDocument)
	// A deployment without its bindings fails at start, not at the
	// first request that needs one.
	if _, err := d1.NewBinding(edge.StartEnv().Get("DB")); err != nil {
		return nil, nil, nil, err
	}
	db := d1.EnvBinding{Name: "DB"}
	mailer, mailgunWebhook, err := mailer(getenv)
	if err != nil {
		return nil, nil, nil, err
	}
	signer, err := signature.ParseSeed(getenv("SIGNING_KEY"))
	if err != nil {
		return nil, nil, nil, errors.New("SIGNING_KEY: " + err.Error())
	}
	retired, err := signature.ParsePublicKeys(getenv("RETIRED_SIGNING_KEYS"))
	if err != nil {
		return nil, nil, nil, errors.New("RETIRED_SIGNING_KEYS: " + err.Error())
	}
	cfg, err := config(getenv)
	if err != nil {
		return nil, nil, nil, err
	}
	store := d1.New(db)
	linkKey, err := keyring.ParseKey(getenv("LINK_KEY"))
	if err != nil {
		return nil, nil, nil, errors.New("LINK_KEY: " + err.Error())
	}
	retiredLinks, err := keyring.ParseRetired(getenv("RETIRED_LINK_KEYS"))
	if err != nil {
		return nil, nil, nil, errors.New("RETIRED_LINK_KEYS: " + err.Error())
	}
	links := keyring.New(linkKey, retiredLinks...)
	limiter := &limit.Limiter{Store: store, Key: links.Current(), Now: time.Now, PerRecipient: cfg.PerRecipient}
	cookies := cookieconsent.New(cookieconsent.Deps{
		Controllers: reg,
		Store:       store,
		Signer:      signer,
		Now:         time.Now,
		Random:      rand.Reader,
		Origin:      cfg.Origin,
		Limiter:     limiter,
	})
	// The portal's one outbox: requests and marketing consent queue their
	// mail in it, and the schedule drains it.
	mailOut := &outbox.Outbox{Store: store, Mailer: mailer, From: cfg.From.Email, RetryAfter: cfg.RetryAfter,
		Budget: cfg.DrainBudget, Now: time.Now, Log: log}
	mk := marketingconsent.New(marketingconsent.Deps{
		Controllers: reg, Store: store, Outbox: mailOut, Links: links, Now: time.Now, Random: rand.Reader,
		Log: log, Origin: cfg.Origin, From: cfg.From, ConfirmWithin: cfg.ConfirmWithin, Limit: 20, Limiter: limiter,
	})
	// Export tokens are records in D1, their secrets' hashes keyed with
	// TOKEN_KEY; the tokens still kept as secrets of the old kind
	// (EXPORT_TOKEN_{SLUG}) become records at the first event.
	tokenKey, err := exports.ParseKey(getenv("TOKEN_KEY"))
	if err != nil {
		return nil, nil, nil, errors.New("TOKEN_KEY: " + err.Error())
	}
	oldTokens := &exports.Import{Store: store, Key: tokenKey, Secrets: map[string]string{}, Now: time.Now, Log: log}
	for _, name := range edge.Names(edge.StartEnv()) {
		if strings.HasPrefix(name, exports.LegacyPrefix) {
			oldTokens.Secrets[name] = getenv(name)
		}
	}
	svc := requests.New(requests.Deps{
		Controllers: reg,
		Store:       store,
		Outbox:      mailOut,
		Signer:      signer,
		Links:       links,
		Limiter:     limiter,
		Now:         time.Now,
		Random:      rand.Reader,
		Log:         log,
		Config:      cfg,
		// A confirmed withdrawal of consent or objection to direct
		// marketing is recorded in the company's marketing at once
		// (marketingconsent.Service.ApplyRequest). Should that write fail, the
		// request is confirmed all the same, and the schedule records it
		// (ApplyPending) until it holds; its data is kept until then.
		Confirmed: func(ctx context.Context, r requests.Record) {
			if _, err := mk.ApplyRequest(ctx, marketingRequest(r)); err != nil {
				log.Error("recording a request in marketing failed; the schedule retries", "request", r.ID, "err", err)
			}
		},
	})
	// Mail given up for good is told to whoever can act on the request.
	mailOut.OnAbandoned = svc.Abandoned

	server := api.NewServer(api.Deps{
		Controllers:  reg,
		DB:           store,
		Requests:     svc,
		Cookies:      cookies,
		Marketing:    mk,
		Exports:      store,
		Counter:      store,
		ExportTokens: exports.Tokens{Store: store, Key: tokenKey, Now: time.Now},
		Now:          time.Now,
		Keys:         func() signature.KeySet { return signature.NewKeySet(signer, retired...) },
		Origin:       cfg.Origin,
		Log:          log,
		Backlog:      store,
		// Mailgun's reports of messages it could not deliver after
		// accepting them; nil unless MAIL_TRANSPORT is "mailgun".
		Mailgun:       mailgunWebhook,
		MailReports:   svc,
		WebhookTokens: store,
	})
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		oldTokens.Run(r.Context())
		server.ServeHTTP(w, r)
	})
	task := func(ctx context.Context) error {
		oldTokens.Run(ctx)
		// A failed step is logged and retried on the next run; the other
		// steps still run. Requests are recorded in marketing before the
		// erasure, which waits for it.
		if _, err := mk.ApplyPending(ctx); err != nil {
			log.Error("schedule: recording requests in marketing failed", "err", err)
		}
		if _, err := svc.RunSchedule(ctx); err != nil {
			log.Error("schedule: a step failed", "err", err)
		}
		if _, err := mk.Expire(ctx); err != nil {
			log.Error("schedule: expiring marketing opt-ins failed", "err", err)
		}

		if _, err := store.ForgetLimits(ctx, time.Now()); err != nil {
			log.Error("schedule: forgetting ended rate-limit windows failed", "err", err)
		}
		if _, err := store.ForgetTokens(ctx, time.Now()); err != nil {
			log.Error("schedule: forgetting old webhook tokens failed", "err", err)
		}
		if n, err := store.EraseCookieChoices(ctx, time.Now().Add(-cookieconsent.RetentionPeriod)); err != nil {
			log.Error("schedule: erasing old cookie choices failed", "err", err)
		} else if n > 0 {
			log.Info("old cookie choices erased", "count", n)
		}
		return nil
	}
	// Cloudflare Email Service's events, from the queue its event
	// subscription fills (see wrangler.toml): a message it accepted and
	// could not deliver after all takes the path of a refusal at send time.
	consume := func(ctx context.Context, bodies []byte) error {
		return mail.TakeCloudflareEvents(ctx, bodies, svc, log)
	}
	return handler, task, consume, nil
}

// marketingRequest is a confirmed request as marketing reads it.
func marketingRequest(r requests.Record) marketingconsent.Request {
	return marketingconsent.Request{
		ID: r.ID, Controller: r.Controller, Type: r.Type, ObjectionScope: r.Form.ObjectionScope,
		Email: r.Form.Email, Name: r.Form.Name, Phone: r.Form.Phone, Language: r.Language, ConfirmedAt: r.ConfirmedAt,
	}
}

// mailer is the transport MAIL_TRANSPORT names (see package mail): the
// send_email binding MAIL by default, or an HTTP API; for Mailgun also the
// checker of its event webhooks (MAILGUN_WEBHOOK_KEY). A transport without
// what it needs stops the Worker at start-up.
func mailer(getenv func(string) string) (outbox.Mailer, *mail.MailgunWebhook, error) {
	s := mail.Settings{
		Transport:   getenv("MAIL_TRANSPORT"),
		CFAccountID: getenv("CF_ACCOUNT_ID"), CFToken: getenv("CF_EMAIL_API_TOKEN"), CFBase: getenv("CF_EMAIL_API_BASE"),
		MailgunDomain: getenv("MAILGUN_DOMAIN"), MailgunKey: getenv("MAILGUN_API_KEY"), MailgunBase: getenv("MAILGUN_API_BASE"),
		MailgunWebhookKey: getenv("MAILGUN_WEBHOOK_KEY"),
	}
	// Another API address than the service's own is for tests on
	// loopback: the messages hold customers' data and must not go to
	// any other host in clear.
	for name, base := range map[string]string{"CF_EMAIL_API_BASE": s.CFBase, "MAILGUN_API_BASE": s.MailgunBase} {
		if base != "" && !strings.HasPrefix(base, "https://") && !loopback(base) {
			return nil, nil, errors.New(name + " must be an https:// address (or on loopback, for tests)")
		}
	}
	m, err := mail.HTTPTransport(s)
	if err != nil || m != nil {
		return m, s.MailgunWebhook(), err
	}
	// A deployment without its binding fails at start, not at its first
	// message.
	if _, err := mail.NewBinding(edge.StartEnv().Get("MAIL")); err != nil {
		return nil, nil, err
	}
	return mail.EnvBinding{Name: "MAIL"}, nil, nil
}

// config reads the workflow's settings from the Worker's variables
// (wrangler.toml [vars]).
func config(getenv func(string) string) (requests.Config, error) {
	cfg := requests.Config{
		Origin:        strings.TrimSuffix(getenv("PORTAL_ORIGIN"), "/"),
		From:          mailmsg.Address{Email: getenv("MAIL_FROM")},
		ConfirmWithin: company.ConfirmWithin,
		// As the portal's privacy notice states it: both are built from
		// site/operator/operator.json.
		KeepFor:    operator.Must().KeepFor(),
		RateLimit:  10,
		RateWindow: time.Hour,
		RetryAfter: time.Minute,
	}
	if cfg.Origin == "" || !emailaddr.Valid(cfg.From.Email) {
		return cfg, errors.New("PORTAL_ORIGIN and MAIL_FROM must be set")
	}
	// Every link in every e-mail starts with the origin: on the internet
	// it must be https, or a customer's confirmation token and a
	// company's action links travel in clear.
	if u, err := url.Parse(cfg.Origin); err != nil || u.Host == "" || u.Path != "" || (u.Scheme != "https" && !loopback(cfg.Origin)) {
		return cfg, errors.New("PORTAL_ORIGIN must be an https:// origin such as https://personvern.example.no (http only on loopback)")
	}
	cfg.DrainBudget = 20 * time.Second
	if v := getenv("MAIL_DRAIN_SECONDS"); v != "" {
		secs, err := strconv.Atoi(v)
		if err != nil || secs < 1 {
			return cfg, errors.New("MAIL_DRAIN_SECONDS must be a whole number of seconds")
		}
		cfg.DrainBudget = time.Duration(secs) * time.Second
	}
	// The retention is the operator's file's, which the privacy notice
	// states; a variable that set it otherwise would make the notice
	// wrong, so an old KEEP_DAYS is accepted only where it agrees.
	if v := getenv("KEEP_DAYS"); v != "" && v != strconv.Itoa(operator.Must().KeepDays) {
		return cfg, errors.New("KEEP_DAYS is no longer read and differs from keep_days in " + operator.File + ", which the portal's privacy notice states: remove it and set keep_days there")
	}
	if v := getenv("MAIL_RETRY_SECONDS"); v != "" {
		secs, err := strconv.Atoi(v)
		if err != nil || secs < 1 {
			return cfg, errors.New("MAIL_RETRY_SECONDS must be a whole number of seconds")
		}
		cfg.RetryAfter = time.Duration(secs) * time.Second
	}
	var err error
	if cfg.RateLimit, cfg.RateWindow, err = rate(getenv("REQUEST_LIMIT"), 10, time.Hour); err != nil {
		return cfg, errors.New("REQUEST_LIMIT " + err.Error())
	}
	cfg.PerRecipient = limit.Rule{Name: "recipient"}
	if cfg.PerRecipient.Max, cfg.PerRecipient.Window, err = rate(getenv("RECIPIENT_LIMIT"), 8, 24*time.Hour); err != nil {
		return cfg, errors.New("RECIPIENT_LIMIT " + err.Error())
	}
	return cfg, nil
}

// rate reads a limit such as "10/3600" (ten an hour), or gives the default
// when v is empty.
func rate(v string, max int, window time.Duration) (int, time.Duration, error) {
	if v == "" {
		return max, window, nil
	}
	n, secs, ok := strings.Cut(v, "/")
	limit, err1 := strconv.Atoi(n)
	w, err2 := strconv.Atoi(secs)
	if !ok || err1 != nil || err2 != nil || limit < 1 || w < 1 {
		return 0, 0, errors.New("must look like 10/3600: a count, a slash and a window in seconds")
	}
	return limit, time.Duration(w) * time.Second, nil
}
