package requests

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"strings"
	"time"
	"unicode/utf8"

	"privacyportal/app/calendar"
	"privacyportal/app/company"
	"privacyportal/app/i18n"
	"privacyportal/app/mailmsg"
	"privacyportal/app/problem"
	apprequests "privacyportal/app/requests"
	"privacyportal/app/signature"
	"privacyportal/functions/keyring"
	"privacyportal/functions/limit"
	"privacyportal/functions/outbox"
)

// Config are the settings of the workflow; the Worker reads them from its
// environment (see wrangler.toml).
type Config struct {
	// Origin is the portal's address, such as https://personvern.example,
	// for the links in e-mails.
	Origin string
	// From is the sender of every e-mail.
	From mailmsg.Address
	// ConfirmWithin is how long a customer has to confirm (48 hours).
	ConfirmWithin time.Duration
	// KeepFor is how long personal data is kept after delivery (30 days).
	KeepFor time.Duration
	// RateLimit is how many submissions one client may make to one
	// company per RateWindow.
	RateLimit  int
	RateWindow time.Duration
	// PerRecipient bounds the mail the portal sends one address a day,
	// whoever asks for it (functions/limit).
	PerRecipient limit.Rule
	// RetryAfter is the wait after a first failed attempt to send a
	// message; each further failure doubles it, up to six hours.
	RetryAfter time.Duration
	// DrainBudget bounds how long a scheduled run spends sending the
	// queue's backlog; zero means as long as the run lasts.
	DrainBudget time.Duration
}

// Deps are the service's dependencies.
type Deps struct {
	Controllers *company.Registry
	Store       Store
	// Outbox sends the mail, on the same store: the portal's one outbox,
	// built in main and shared with marketing consent. Its OnAbandoned
	// should be the service's Abandoned, so that a request whose mail is
	// given up for good is told to someone who can act.
	Outbox *outbox.Outbox
	Signer signature.Signer
	// Links signs the links in e-mails to companies (handled, extend).
	Links keyring.Ring
	// Limiter bounds submissions per client and company, and mail per
	// recipient.
	Limiter *limit.Limiter
	Now     func() time.Time
	// Random is the source of ids, tokens and codes: crypto/rand.Reader.
	Random io.Reader
	Log    *slog.Logger
	Config Config
	// Confirmed, when set, is told of each request as it is confirmed,
	// for what a request means beyond its e-mail (withdrawing marketing
	// consent).
	Confirmed func(ctx context.Context, r Record)
}

// Service is the request workflow.
type Service struct {
	Deps
}

// New returns the workflow with its dependencies.
func New(d Deps) *Service { return &Service{Deps: d} }

// The workflow's errors are *problem.Error values (the portal's one error
// type), mapped to HTTP statuses and messages by the API.

// Links are the addresses a request's e-mails point to.
type Links struct {
	Confirm string // the customer confirms here (with the token)
	Handled string // the company marks the request handled
	Extend  string // the company extends the deadline
	Verify  string // anyone verifies a signed request
	Keys    string // the public keys
}

// Receipt is what the customer is told when the request is stored.
type Receipt struct {
	ID          string
	Reference   string
	Status      Status
	SubmittedAt time.Time
}

// Submit validates a form, stores the request and e-mails the customer a
// confirmation link and code. The request is durable before Submit
// returns; a failed e-mail is retried by the schedule. client identifies
// the sender for rate limiting (their address); it is stored only as a
// keyed hash.
func (s *Service) Submit(ctx context.Context, slug string, form apprequests.Form, client string) (Receipt, error) {
	c, err := s.Controllers.Load(ctx, slug)
	if err != nil {
		return Receipt{}, err
	}
	now := s.Now().UTC()
	form = form.Normalize(c.Country)
	if form.Language == "" {
		form.Language = c.Language
	}
	if errs := form.Validate(); len(errs) > 0 {
		return Receipt{}, problem.Invalid(errs)
	}
	// Only a valid request counts towards the limit: one with errors
	// stores and sends nothing, and a customer correcting a form (with
	// JavaScript off, a round trip each time) must not be locked out.
	if err := s.limit(ctx, slug, client, form.Email); err != nil {
		return Receipt{}, err
	}

	var rec Record
	for attempt := 0; ; attempt++ {
		id, err := keyring.Hex(s.Random, 16)
		if err != nil {
			return Receipt{}, err
		}
		ref, err := s.reference()
		if err != nil {
			return Receipt{}, err
		}
		confirm, err := keyring.URL(s.Random, 32)
		if err != nil {
			return Receipt{}, err
		}
		code, err := s.code()
		if err != nil {
			return Receipt{}, err
		}
		rec = Record{
			ID: id, Reference: ref, Controller: c.Slug, Type: form.Type, Language: form.Language,
			Status: StatusUnconfirmed, Form: form,
			ConfirmHash: s.Links.Sign(proofToken, id, confirm), CodeHash: s.Links.Sign(proofCode, id, code),
			SubmittedAt: now, ExpiresAt: now.Add(s.Config.ConfirmWithin),
		}
		msg, err := s.composeConfirm(c, rec, s.links(rec, confirm), code)
		if err != nil {
			return Receipt{}, err
		}
		err = s.Store.Create(ctx, rec, outbox.Mail{OwnerID: id, Kind: MailConfirm, Recipient: form.Email, Message: msg})
		if err == nil {
			break
		}
		if !errors.Is(err, ErrDuplicate) || attempt == 2 {
			return Receipt{}, err
		}
	}
	s.Log.InfoContext(ctx, "request stored", "request", rec.ID, "controller", c.Slug, "type", rec.Type)
	s.deliver(ctx, rec.ID)
	return Receipt{ID: rec.ID, Reference: rec.Reference, Status: rec.Status, SubmittedAt: now}, nil
}

// limit counts a submission against the client's allowance for the
// company, and its confirmation mail against the allowance of the address
// it goes to, refusing it when either is used up.
func (s *Service) limit(ctx context.Context, slug, client, email string) error {
	rule := limit.Rule{Name: "request", Max: s.Config.RateLimit, Window: s.Config.RateWindow}
	if err := s.Limiter.Allow(ctx, rule, slug, limit.Client(client)); err != nil {
		return err
	}
	return s.Limiter.Recipient(ctx, email)
}

// Proof is how a customer shows the request is theirs: the token from the
// confirmation link, or the short code from the same e-mail.
type Proof struct {
	Token string
	Code  string
}

// MaxCodeAttempts is how many wrong codes a request tolerates before only
// the link will do; with six digits, guessing stays hopeless.
const MaxCodeAttempts = 5

// Confirm checks the customer's proof and, the first time, signs the
// request and queues it for the company's inbox with a receipt for the
// customer. Confirming again shows the same request without sending it
// twice.
func (s *Service) Confirm(ctx context.Context, id string, p Proof) (Record, error) {
	rec, err := s.Store.Get(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return Record{}, problem.Fail(problem.CodeNotFound)
	}
	if err != nil {
		return Record{}, err
	}
	if err := s.checkProof(ctx, rec, p); err != nil {
		return Record{}, err
	}
	if rec.Status != StatusUnconfirmed {
		return rec, nil
	}
	now := s.Now().UTC()
	if !now.Before(rec.ExpiresAt) {
		return Record{}, problem.Fail(problem.CodeExpired)
	}
	c, err := s.Controllers.Load(ctx, rec.Controller)
	if err != nil {
		return Record{}, fmt.Errorf("requests: the request's company: %w", err)
	}
	// The clock of art. 12(3) starts when the request reaches the
	// company: now, as it is forwarded. The deadlines are computed here
	// only, and stored with the request and in request.json.
	if apprequests.HasDeadline(rec.Type) {
		deadlines := apprequests.DeadlinesFor(c.Country, now)
		rec.DueBy, rec.LatestDueBy = deadlines.Due, deadlines.Latest
	}
	doc := apprequests.NewDocument(c, rec.Form)
	doc.ID, doc.Reference = rec.ID, rec.Reference
	doc.SubmittedAt = rec.SubmittedAt.Format(time.RFC3339)
	doc.ConfirmedAt = now.Format(time.RFC3339)
	doc.DueBy, doc.LatestDueBy = rec.DueBy.String(), rec.LatestDueBy.String()
	doc.Portal = s.Config.Origin
	doc.KeyID = s.Signer.KeyID()
	data, err := doc.Marshal()
	if err != nil {
		return Record{}, err
	}
	sum := sha256.Sum256(data)
	rec.Status, rec.ConfirmedAt = StatusConfirmed, now
	rec.KeyID, rec.Document, rec.Signature = doc.KeyID, data, s.Signer.Sign(data)
	rec.DocumentSHA256 = hex.EncodeToString(sum[:])

	links := s.links(rec, "")
	forward, err := s.composeForward(c, rec, doc, links)
	if err != nil {
		return Record{}, err
	}
	receipt, err := s.composeReceipt(c, rec, doc)
	if err != nil {
		return Record{}, err
	}
	ok, err := s.Store.Confirm(ctx, rec,
		outbox.Mail{OwnerID: rec.ID, Kind: MailForward, Recipient: c.PrivacyEmail, Message: forward},
		outbox.Mail{OwnerID: rec.ID, Kind: MailReceipt, Recipient: rec.Form.Email, Message: receipt},
	)
	if err != nil {
		return Record{}, err
	}
	if !ok {
		// Confirmed at the same moment elsewhere, or expired: what is
		// stored is the truth.
		stored, err := s.Store.Get(ctx, id)
		if err != nil {
			return Record{}, err
		}
		if stored.Status == StatusUnconfirmed {
			return Record{}, problem.Fail(problem.CodeExpired)
		}
		return stored, nil
	}
	s.Log.InfoContext(ctx, "request confirmed", "request", rec.ID, "controller", c.Slug, "key", rec.KeyID)
	if s.Confirmed != nil {
		s.Confirmed(ctx, rec)
	}
	s.deliver(ctx, rec.ID)
	if got, err := s.Store.Get(ctx, id); err == nil {
		rec = got
	}
	return rec, nil
}

func (s *Service) checkProof(ctx context.Context, rec Record, p Proof) error {
	switch {
	case p.Token != "":
		if !s.proves(rec, rec.ConfirmHash, proofToken, p.Token) {
			return problem.Fail(problem.CodeBadToken)
		}
		return nil
	case p.Code != "":
		// The attempt is counted before the code is compared, in one
		// statement that refuses once MaxCodeAttempts are used: guesses
		// sent in parallel cannot all read a count below the limit.
		n, err := s.Store.TakeCodeAttempt(ctx, rec.ID, MaxCodeAttempts)
		if err != nil {
			return err
		}
		if n == 0 {
			return problem.Fail(problem.CodeTooManyCodes)
		}
		if s.proves(rec, rec.CodeHash, proofCode, strings.TrimSpace(p.Code)) {
			return nil
		}
		if n >= MaxCodeAttempts {
			return problem.Fail(problem.CodeTooManyCodes)
		}
		return problem.Fail(problem.CodeBadCode)
	}
	return problem.Fail(problem.CodeBadToken)
}

// Status returns what the customer may know of a request from its id
// alone: nothing personal, only where it is and its dates.
func (s *Service) Status(ctx context.Context, id string) (Record, error) {
	rec, err := s.Store.Get(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return Record{}, problem.Fail(problem.CodeNotFound)
	}
	if err != nil {
		return Record{}, err
	}
	return Record{
		ID: rec.ID, Reference: rec.Reference, Controller: rec.Controller, Type: rec.Type,
		Language: rec.Language, Status: rec.Status, SubmittedAt: rec.SubmittedAt, ExpiresAt: rec.ExpiresAt,
		ConfirmedAt: rec.ConfirmedAt, DueBy: rec.DueBy, LatestDueBy: rec.LatestDueBy, ExtendedTo: rec.ExtendedTo,
		HandledAt: rec.HandledAt, DeliveredAt: rec.DeliveredAt, Erased: rec.Erased, KeyID: rec.KeyID,
	}, nil
}

// CompanyRecord returns a request for the company's links, after checking
// the link's token for the given action.
func (s *Service) CompanyRecord(ctx context.Context, id, action, token string) (Record, error) {
	if !s.Links.Verify(token, s.Now(), CompanyLinkLifetime, "link", action, id) {
		return Record{}, problem.Fail(problem.CodeBadToken)
	}
	rec, err := s.Store.Get(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return Record{}, problem.Fail(problem.CodeNotFound)
	}
	return rec, err
}

// Action names of the company's links.
const (
	ActionHandled = "handled"
	ActionExtend  = "extend"
)

// MarkHandled records that the company has answered; the reminders stop.
// Marking twice is harmless.
func (s *Service) MarkHandled(ctx context.Context, id, token string) (Record, error) {
	rec, err := s.CompanyRecord(ctx, id, ActionHandled, token)
	if err != nil {
		return Record{}, err
	}
	if rec.Status == StatusHandled {
		return rec, nil
	}
	ok, err := s.Store.MarkHandled(ctx, id, s.Now().UTC())
	if err != nil {
		return Record{}, err
	}
	if !ok {
		return Record{}, problem.Fail(problem.CodeConflict)
	}
	s.Log.InfoContext(ctx, "request handled", "request", id, "controller", rec.Controller)
	return s.Store.Get(ctx, id)
}

// ExtensionWindow returns the dates a deadline may be extended to: from
// the day after the current deadline to three months after receipt.
func ExtensionWindow(rec Record) (min, max calendar.Date) {
	return rec.Due().AddDays(1), rec.Latest()
}

// ExtendableOn reports whether the company may still extend on day: art.
// 12(3) lets it extend only by telling the customer "within one month of
// receipt of the request", so no later than the first deadline.
func ExtendableOn(rec Record, day calendar.Date) bool { return !rec.DueBy.Before(day) }

// MaxReasons is the longest explanation of an extension, in characters.
const MaxReasons = 2000

// Extend moves the deadline, once, by at most two months, and e-mails the
// customer the new date and the company's reasons (art. 12(3)).
func (s *Service) Extend(ctx context.Context, id, token string, to calendar.Date, reasons string) (Record, error) {
	rec, err := s.CompanyRecord(ctx, id, ActionExtend, token)
	if err != nil {
		return Record{}, err
	}
	if rec.Status != StatusDelivered || rec.ExtendedTo != (calendar.Date{}) {
		return rec, problem.Fail(problem.CodeConflict)
	}
	if !apprequests.HasDeadline(rec.Type) {
		return rec, problem.Fail(problem.CodeConflict)
	}
	if !ExtendableOn(rec, calendar.DateOf(s.Now())) {
		return rec, problem.Fail(problem.CodeTooLate)
	}
	reasons = strings.TrimSpace(strings.ReplaceAll(reasons, "\r\n", "\n"))
	var fields []problem.FieldError
	min, max := ExtensionWindow(rec)
	if to.Before(min) || max.Before(to) {
		fields = append(fields, problem.FieldError{Field: "date", Problem: problem.ErrInvalid})
	}
	switch {
	case reasons == "":
		fields = append(fields, problem.FieldError{Field: "reasons", Problem: problem.ErrRequired})
	case utf8.RuneCountInString(reasons) > MaxReasons:
		fields = append(fields, problem.FieldError{Field: "reasons", Problem: problem.ErrTooLong})
	}
	if len(fields) > 0 {
		return rec, problem.Invalid(fields)
	}
	if rec.Erased {
		return rec, problem.Fail(problem.CodeErased)
	}
	c, err := s.Controllers.Load(ctx, rec.Controller)
	if err != nil {
		return Record{}, fmt.Errorf("requests: the request's company: %w", err)
	}
	rec.ExtendedTo = to
	msg, err := s.composeExtension(c, rec, reasons)
	if err != nil {
		return Record{}, err
	}
	ok, err := s.Store.Extend(ctx, id, to, outbox.Mail{OwnerID: id, Kind: MailExtension, Recipient: rec.Form.Email,
		Message: msg, NextAttemptAt: s.Now().UTC()})
	if err != nil {
		return Record{}, err
	}
	if !ok {
		return rec, problem.Fail(problem.CodeConflict)
	}
	s.Log.InfoContext(ctx, "request extended", "request", id, "controller", rec.Controller, "to", to.String())
	s.deliver(ctx, id)
	return s.Store.Get(ctx, id)
}

// Report says what one run of the schedule did, in counts.
type Report struct {
	Expired, Reminded, Sent, Failed, Abandoned, Erased int
}

// RunSchedule is the Cron Trigger's work: delete unconfirmed requests
// whose time ran out, queue reminders of deadlines, send (or retry) all
// queued mail, and erase personal data that is no longer needed.
func (s *Service) RunSchedule(ctx context.Context) (Report, error) {
	var r Report
	var errs []error
	now := s.Now().UTC()
	n, err := s.Store.Expire(ctx, now)
	r.Expired = n
	errs = append(errs, err)
	r.Reminded, err = s.remind(ctx, now)
	errs = append(errs, err)
	sent := s.deliver(ctx, "")
	r.Sent, r.Failed, r.Abandoned = sent.Sent, sent.Failed, sent.Abandoned
	r.Erased, err = s.Store.Erase(ctx, now.Add(-s.Config.KeepFor), now)
	errs = append(errs, err)
	s.Log.InfoContext(ctx, "schedule ran", "expired", r.Expired, "reminded", r.Reminded, "sent", r.Sent, "failed", r.Failed,
		"abandoned", r.Abandoned, "erased", r.Erased)
	return r, errors.Join(errs...)
}

// remind queues a reminder to the company seven days before a deadline
// and on the day, unless the request is handled.
func (s *Service) remind(ctx context.Context, now time.Time) (int, error) {
	today := calendar.DateOf(now)
	open, err := s.Store.Open(ctx, today.AddDays(7))
	if err != nil {
		return 0, err
	}
	var mail []outbox.Mail
	for _, rec := range open {
		c, err := s.Controllers.Load(ctx, rec.Controller)
		if company.IsUnknown(err) {
			continue // the company has left the portal
		}
		if err != nil {
			return 0, err
		}
		kind := MailReminder7
		if !today.Before(rec.Due()) {
			kind = MailReminderDue
		}
		msg, err := s.composeReminder(c, rec, kind, s.links(rec, ""))
		if err != nil {
			return 0, err
		}
		mail = append(mail, outbox.Mail{OwnerID: rec.ID, Kind: kind, Recipient: c.PrivacyEmail, Message: msg, NextAttemptAt: now})
	}
	return s.Store.Queue(ctx, mail...)
}

// deliver sends the queued mail of one request (or, with "", all the
// outbox's mail, marketing's too).
func (s *Service) deliver(ctx context.Context, ownerID string) outbox.Report {
	return s.Outbox.Deliver(ctx, ownerID)
}

// Abandoned tells whoever can act when a request's mail cannot be
// delivered for good (it is the outbox's OnAbandoned; mail of other owners,
// such as marketing's, is none of its business): the customer, when the company's privacy inbox
// refused the request itself (the customer must send it another way, and
// the deadline has not started); the company, when the customer's
// confirmed address refused the receipt or the extension notice (the
// company must answer by other means). A confirmation that cannot reach
// its address concerns nobody else: the request expires unconfirmed.
func (s *Service) Abandoned(ctx context.Context, m outbox.Mail, reason string) error {
	var kind string
	switch m.Kind {
	case MailForward:
		kind = MailUndelivered
	case MailReceipt, MailExtension:
		kind = MailUnreachable
	default:
		return nil
	}
	rec, err := s.Store.Get(ctx, m.OwnerID)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	var c company.Controller
	known := false
	if err == nil {
		// The outbox does not try a report again, so a document that could
		// not be read is read again here before the notice is given up.
		for range 3 {
			if c, err = s.Controllers.Load(ctx, rec.Controller); err == nil || company.IsUnknown(err) {
				break
			}
		}
		if err != nil && !company.IsUnknown(err) {
			return err
		}
		known = err == nil
	}
	if err != nil || !known || rec.Form.Email == "" {
		// Erased or gone: nobody is left to tell.
		s.Log.ErrorContext(ctx, "mail: a message given up for good could not be reported", "mail", m.ID, "owner", m.OwnerID, "kind", m.Kind)
		return nil
	}
	if m.Kind == MailForward && !rec.ExtendedTo.IsZero() {
		// The company extended the deadline from a link in the very
		// message reported: it has the request, and the customer was told
		// the new date.
		s.Log.WarnContext(ctx, "mail: a late report on a request the company extended; nobody told", "mail", m.ID, "owner", m.OwnerID)
		return nil
	}
	if m.Kind == MailForward && !rec.ExtendedTo.IsZero() {
		// The company extended the deadline from a link in the very
		// message reported: it has the request, and the customer was told
		// the new date.
		s.Log.WarnContext(ctx, "mail: a late report on a request the company extended; nobody told", "mail", m.ID, "owner", m.OwnerID)
		return nil
	}
	if rec.Status == StatusHandled {
		// The company marked the request handled, from a link in the
		// very message reported (a complaint, or a late bounce of a
		// copy): it has the request, and nobody needs to send it again.
		s.Log.WarnContext(ctx, "mail: a report on a request already handled; nobody told", "mail", m.ID, "owner", m.OwnerID, "kind", m.Kind)
		return nil
	}
	var msg []byte
	to := rec.Form.Email
	if kind == MailUndelivered {
		msg, err = s.composeUndelivered(c, rec)
	} else {
		msg, err = s.composeUnreachable(c, rec, m.Kind)
		to = c.PrivacyEmail
	}
	if err == nil {
		// At most one report of each kind per request (the store's
		// mail_once): told once, however often this is called.
		_, err = s.Store.Queue(ctx, outbox.Mail{OwnerID: rec.ID, Kind: kind, Recipient: to, Message: msg, NextAttemptAt: s.Now().UTC()})
	}
	if err != nil {
		s.Log.ErrorContext(ctx, "mail: queueing the report of a message given up failed", "mail", m.ID, "owner", m.OwnerID, "err", err)
		return err
	}
	s.Log.WarnContext(ctx, "mail: a message given up for good was reported", "mail", m.ID, "owner", m.OwnerID, "kind", m.Kind, "report", kind)
	return nil
}

// Undelivered takes a mail service's report, after it had accepted a
// message, that the message could not be delivered for good or that its
// reader marked it as spam (messageID names the message; reason is the
// service's, without addresses). It takes the path of a refusal at send
// time: when the company's privacy inbox refused the request, the request
// is no longer delivered (its deadlines do not run, no reminders go) and
// the customer is told, once, how to send it otherwise; when the
// customer's address refused the receipt or an extension notice, the
// company is told. It returns outbox.ErrNoMail for a message that is none
// of the portal's.
func (s *Service) Undelivered(ctx context.Context, messageID, reason string) error {
	m, err := s.Outbox.Undelivered(ctx, messageID, reason)
	if err == nil {
		// The notice goes out now, as a refusal at send time's would.
		s.deliver(ctx, m.OwnerID)
	}
	return err
}

// Complained takes a mail service's report that a reader marked one of
// the portal's messages as spam. The message did arrive: a complaint about
// the forwarded request changes nothing of the request (art. 12(3) counts
// from receipt, and a company cannot stop its deadline by marking the
// request as spam), and is only logged; a complaint about a message to the
// customer (the service will send that address nothing more) takes the
// path of an undelivered one, so the company hears that the customer's
// address can no longer be reached.
func (s *Service) Complained(ctx context.Context, messageID, reason string) error {
	m, err := s.Outbox.Find(ctx, messageID)
	if err != nil {
		return err
	}
	if m.Kind == MailForward {
		s.Log.WarnContext(ctx, "mail: the company marked the forwarded request as spam; it was delivered and its deadline runs",
			"mail", m.ID, "owner", m.OwnerID)
		return nil
	}
	return s.Undelivered(ctx, messageID, reason)
}

func (s *Service) links(rec Record, token string) Links {
	base := s.Config.Origin + "/api/requests/" + rec.ID
	l := Links{
		Handled: base + "/handled?token=" + s.actionToken(ActionHandled, rec.ID),
		Extend:  base + "/extend?token=" + s.actionToken(ActionExtend, rec.ID),
		Verify:  s.Config.Origin + "/verify",
		Keys:    s.Config.Origin + "/.well-known/privacy-portal/keys.json",
	}
	if token != "" {
		l.Confirm = base + "/confirm?token=" + token
	}
	return l
}

// CompanyLinkLifetime is how long a company's links (handled, extend) are
// needed: the latest deadline is three months after submission, and the
// request's data is erased KEEP_DAYS (30 by default) after delivery. A
// retired link key is accepted this long after it was retired.
const CompanyLinkLifetime = 180 * 24 * time.Hour

// actionToken is the token of a company's link: a MAC of the action and
// the request id, so that a link does one thing for one request.
func (s *Service) actionToken(action, id string) string {
	return s.Links.Sign("link", action, id)
}

// referenceAlphabet is Crockford's base 32: no I, L, O or U, so a
// reference read aloud on the phone is not misheard.
const referenceAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// reference is a short, random reference such as "K7M3-Q9XT" (40 bits).
func (s *Service) reference() (string, error) {
	b := make([]byte, 8)
	if _, err := io.ReadFull(s.Random, b); err != nil {
		return "", err
	}
	var out strings.Builder
	for i, c := range b {
		if i == 4 {
			out.WriteByte('-')
		}
		out.WriteByte(referenceAlphabet[c%32])
	}
	return out.String(), nil
}

// code is a six-digit code, uniformly random.
func (s *Service) code() (string, error) {
	n, err := rand.Int(s.Random, big.NewInt(1000000))
	if err != nil {
		return "", err
	}
	str := "00000" + n.String()
	return str[len(str)-6:], nil
}

// What a request's stored proofs are keyed over: the customer's
// confirmation token and short code, each with the request's id, so a
// stored value proves one secret for one request.
const (
	proofToken = "request-confirm-token"
	proofCode  = "request-confirm-code"
)

// proves reports whether secret is the one whose keyed hash is stored:
// an HMAC under the link keyring (keyring.Ring), so a copy of the
// database without LINK_KEY does not let anyone try the million codes
// (an unkeyed SHA-256 of a six-digit code falls to a search in under a
// second). The stored value starts with the id of the key that made it,
// so a code or token made before LINK_KEY was rotated stays valid for
// the request's whole time to confirm (ConfirmWithin, 48 hours); the MAC
// is compared in constant time.
func (s *Service) proves(rec Record, stored, kind, secret string) bool {
	if legacyHash(stored) {
		return s.provesLegacy(rec, stored, kind, secret)
	}
	// Once confirmed, the confirmation link still opens the receipt: for
	// as long as the company's links work after a rotation, not just the
	// 48 hours a pending code needs.
	lifetime := s.Config.ConfirmWithin
	if rec.Status != StatusUnconfirmed {
		lifetime = CompanyLinkLifetime
	}
	return s.Links.Verify(stored, s.Now(), lifetime, kind, rec.ID, secret)
}

// legacyHash reports whether a stored proof is of the form written before
// proofs were keyed: 64 hex digits of an unkeyed SHA-256. A keyed one is
// 8 hex digits of key id and 43 of base64url, never 64 hex digits.
func legacyHash(stored string) bool {
	if len(stored) != 64 {
		return false
	}
	_, err := hex.DecodeString(stored)
	return err == nil
}

// provesLegacy checks a proof stored unkeyed by the portal before this
// release, only while the request is still waiting for confirmation
// within its 48 hours: such rows are at most 48 hours old when the release
// is deployed and are deleted when they expire, so this path serves no
// request from 48 hours after the deployment on (and can then be removed;
// see the README's Security section). Such a request, once confirmed,
// no longer opens from its confirmation link after those 48 hours; its
// status stays at /api/requests/{id}.
func (s *Service) provesLegacy(rec Record, stored, kind, secret string) bool {
	if !s.Now().Before(rec.ExpiresAt) {
		return false
	}
	var sum [32]byte
	if kind == proofCode {
		sum = sha256.Sum256([]byte(rec.ID + ":" + secret))
	} else {
		sum = sha256.Sum256([]byte(secret))
	}
	want := hex.EncodeToString(sum[:])
	return subtle.ConstantTimeCompare([]byte(want), []byte(stored)) == 1
}

// langOr returns l, or fallback when l is not an interface language.
func langOr(l, fallback i18n.Lang) i18n.Lang {
	if l.Valid() {
		return l
	}
	return fallback
}

// Check returns a request for the holder of its confirmation token,
// without changing anything: the page behind the e-mail's link.
func (s *Service) Check(ctx context.Context, id, token string) (Record, error) {
	rec, err := s.Store.Get(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return Record{}, problem.Fail(problem.CodeNotFound)
	}
	if err != nil {
		return Record{}, err
	}
	if token == "" || !s.proves(rec, rec.ConfirmHash, proofToken, token) {
		return Record{}, problem.Fail(problem.CodeBadToken)
	}
	if rec.Status == StatusUnconfirmed && !s.Now().Before(rec.ExpiresAt) {
		return Record{}, problem.Fail(problem.CodeExpired)
	}
	return rec, nil
}
