package marketingconsent

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"privacyportal/app/company"
	"privacyportal/app/emailaddr"
	"privacyportal/app/i18n"
	"privacyportal/app/mailmsg"
	appmarketingconsent "privacyportal/app/marketingconsent"
	"privacyportal/app/problem"
	apprequests "privacyportal/app/requests"
	"privacyportal/app/valid"
	"privacyportal/functions/keyring"
	"privacyportal/functions/limit"
	"privacyportal/functions/outbox"
)

// Deps are the service's dependencies.
type Deps struct {
	Controllers *company.Registry
	Store       Store
	Outbox      *outbox.Outbox
	// Links signs the links in e-mails (confirm, manage).
	Links  keyring.Ring
	Now    func() time.Time
	Random io.Reader
	Log    *slog.Logger
	// Origin is the portal's address, for links; From the sender.
	Origin string
	From   mailmsg.Address
	// ConfirmWithin is how long a confirmation link works (48 hours).
	ConfirmWithin time.Duration
	// Limit is how many opt-ins one client may send one company an hour;
	// Limiter counts them, and the mail to each address.
	Limit   int
	Limiter *limit.Limiter
}

// Service is the marketing consent workflow.
type Service struct{ Deps }

// New returns the service.
func New(d Deps) *Service { return &Service{Deps: d} }

// Submit checks a form, keeps it as an opt-in waiting for confirmation,
// and e-mails the confirmation link. Nothing counts until it is confirmed.
func (s *Service) Submit(ctx context.Context, slug string, f appmarketingconsent.Form, client string) (OptIn, error) {
	c, err := s.Controllers.Load(ctx, slug)
	if err != nil {
		return OptIn{}, err
	}
	now := s.Now().UTC()
	f = f.Normalize(c)
	if f.Language == "" {
		f.Language = c.Language
	}
	if errs := f.Validate(c); len(errs) > 0 {
		return OptIn{}, problem.Invalid(errs)
	}
	// Only a valid form counts, as with requests; its confirmation mail
	// counts against the address's allowance too.
	if err := s.Limiter.Allow(ctx, limit.Rule{Name: "marketing-optin", Max: s.Limit, Window: time.Hour}, slug, limit.Client(client)); err != nil {
		return OptIn{}, err
	}
	if err := s.Limiter.Recipient(ctx, f.Email); err != nil {
		return OptIn{}, err
	}
	id, err := keyring.Hex(s.Random, 16)
	if err != nil {
		return OptIn{}, err
	}
	o := OptIn{
		ID: id, Controller: slug, Form: f, Wordings: map[string]string{}, PolicyVersion: appmarketingconsent.PolicyVersion(c),
		CreatedAt: now, ExpiresAt: now.Add(s.ConfirmWithin),
	}
	for _, ch := range f.Channels {
		o.Wordings[ch] = appmarketingconsent.Wording(c, f.Language, ch)
	}
	for _, ch := range f.Reserve {
		o.Wordings["no:"+ch] = appmarketingconsent.ReserveWording(c, f.Language, ch)
	}
	msg, err := s.composeConfirm(c, o)
	if err != nil {
		return OptIn{}, err
	}
	if err := s.Store.CreateOptIn(ctx, o, outbox.Mail{OwnerID: id, Kind: "marketing-confirm", Recipient: f.Email, Message: msg}); err != nil {
		return OptIn{}, err
	}
	s.Log.InfoContext(ctx, "marketing opt-in stored", "optin", id, "controller", slug, "channels", len(f.Channels), "reservations", len(f.Reserve))
	s.Outbox.Deliver(ctx, id)
	return o, nil
}

// ConfirmLink is the token of an opt-in's confirmation link: the opt-in's
// id and expiry, signed, so a link cannot be made up or stretched; the
// store makes it single-use.
func (s *Service) confirmToken(o OptIn) string {
	exp := strconv.FormatInt(o.ExpiresAt.Unix(), 10)
	return o.ID + "." + exp + "." + s.Links.Sign("marketing-confirm", o.ID, exp)
}

// Check reads a confirmation token, refusing a wrong, expired or used one.
// With CodeLinkExpired it still returns the opt-in when it has one, so the
// answer can be in the customer's language.
func (s *Service) Check(ctx context.Context, token string) (OptIn, company.Controller, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || !s.Links.Verify(parts[2], s.Now(), s.ConfirmWithin, "marketing-confirm", parts[0], parts[1]) {
		return OptIn{}, company.Controller{}, problem.Fail(problem.CodeBadToken)
	}
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return OptIn{}, company.Controller{}, problem.Fail(problem.CodeBadToken)
	}
	o, err := s.Store.GetOptIn(ctx, parts[0])
	if errors.Is(err, ErrNotFound) {
		return OptIn{}, company.Controller{}, problem.Fail(problem.CodeLinkExpired)
	}
	if err != nil {
		return OptIn{}, company.Controller{}, err
	}
	c, err := s.Controllers.Load(ctx, o.Controller)
	if err != nil {
		return OptIn{}, company.Controller{}, err
	}
	if !o.UsedAt.IsZero() || !s.Now().Before(time.Unix(exp, 0)) {
		return o, c, problem.Fail(problem.CodeLinkExpired)
	}
	return o, c, nil
}

// Confirm records a confirmed opt-in: each channel granted, each "no"
// reserved, with the wording's hash, the times of opt-in and confirmation,
// the language and the page; then e-mails the receipt with the exact
// wording and the way to withdraw. It returns the person.
func (s *Service) Confirm(ctx context.Context, token string) (Person, company.Controller, error) {
	o, c, err := s.Check(ctx, token)
	if err != nil {
		return Person{}, c, err
	}
	now := s.Now().UTC()
	f := o.Form
	// An opt-in stored before addresses were normalized may hold another
	// spelling: the person is found, and kept, by the one spelling.
	f.Email = emailaddr.Normalize(f.Email)
	p, err := s.Store.PersonByEmail(ctx, c.Slug, f.Email)
	switch {
	case errors.Is(err, ErrNotFound):
		id, err := keyring.Hex(s.Random, 16)
		if err != nil {
			return Person{}, c, err
		}
		p = Person{ID: id, Controller: c.Slug, Email: f.Email}
	case err != nil:
		return Person{}, c, err
	}
	p.Language = f.Language
	if f.Phone != "" {
		p.Phone = f.Phone
	}
	if f.NeedsAddress() {
		p.Name, p.Street, p.PostalCode, p.City = f.Name, f.Street, f.PostalCode, f.City
	}
	conf := Confirmation{OptIn: o, At: now, Person: p, Wordings: map[string]string{}}
	add := func(ch, status, basis, wording string) error {
		id, err := keyring.Hex(s.Random, 16)
		if err != nil {
			return err
		}
		hash := appmarketingconsent.Hash(wording)
		conf.Wordings[hash] = wording
		purposes := ""
		if status == appmarketingconsent.StatusGranted {
			purposes = strings.Join(appmarketingconsent.Purposes(c, ch), "; ")
		}
		conf.Consents = append(conf.Consents, Consent{
			ID: id, Channel: ch, Status: status, Purposes: purposes, LawfulBasis: basis,
			OptedInAt: o.CreatedAt, ConfirmedAt: now, PolicyVersion: o.PolicyVersion, WordingSHA256: hash,
			Language: f.Language, SourcePage: f.Page, UpdatedAt: now,
		})
		return nil
	}
	for _, ch := range f.Channels {
		if err := add(ch, appmarketingconsent.StatusGranted, appmarketingconsent.Basis(c.Country, ch, appmarketingconsent.StatusGranted), o.Wordings[ch]); err != nil {
			return Person{}, c, err
		}
	}
	for _, ch := range f.Reserve {
		if err := add(ch, appmarketingconsent.StatusReserved, appmarketingconsent.Basis(c.Country, ch, appmarketingconsent.StatusReserved), o.Wordings["no:"+ch]); err != nil {
			return Person{}, c, err
		}
	}
	msg, err := s.composeReceipt(c, o, p, now)
	if err != nil {
		return Person{}, c, err
	}
	conf.Receipt = outbox.Mail{OwnerID: o.ID, Kind: "marketing-receipt", Recipient: f.Email, Message: msg}
	ok, err := s.Store.ConfirmOptIn(ctx, conf)
	if err != nil {
		return Person{}, c, err
	}
	if !ok {
		return Person{}, c, problem.Fail(problem.CodeLinkExpired)
	}
	s.Log.InfoContext(ctx, "marketing opt-in confirmed", "optin", o.ID, "controller", c.Slug)
	s.Outbox.Deliver(ctx, o.ID)
	stored, err := s.Store.PersonByEmail(ctx, c.Slug, f.Email)
	if err != nil {
		return p, c, nil
	}
	return stored, c, nil
}

// ManageLinkLifetime is how long the link to withdraw consent, in every
// marketing e-mail, must keep working after its key is retired: as long as
// the records of consent are kept (three years), since withdrawing must be
// as easy as consenting (GDPR art. 7(3)).
const ManageLinkLifetime = 3 * 365 * 24 * time.Hour

// ManageToken signs a link to a person's consents.
func (s *Service) ManageToken(personID string) string {
	return s.Links.Sign("marketing-manage", personID)
}

// ManageLink is the address, in every e-mail, of the page where a person
// sees and withdraws their consents.
func (s *Service) ManageLink(personID string) string {
	return s.Origin + "/api/marketing/manage?p=" + personID + "&t=" + s.ManageToken(personID)
}

// Manage returns a person and their consents for the holder of the link.
// The link names the person it was sent for, which may since have been
// merged into another (migration 0007): the person it became is shown.
func (s *Service) Manage(ctx context.Context, personID, token string) (Person, []Consent, error) {
	p, err := s.linkedPerson(ctx, personID, token)
	if err != nil {
		return Person{}, nil, err
	}
	cs, err := s.Store.Consents(ctx, p.ID)
	return p, cs, err
}

func (s *Service) linkedPerson(ctx context.Context, personID, token string) (Person, error) {
	if !s.Links.Verify(token, s.Now(), ManageLinkLifetime, "marketing-manage", personID) {
		return Person{}, problem.Fail(problem.CodeBadToken)
	}
	p, err := s.Store.GetPerson(ctx, personID)
	if errors.Is(err, ErrNotFound) {
		return Person{}, problem.Fail(problem.CodeBadToken)
	}
	return p, err
}

// Withdraw withdraws consent to the given channels (all when none is
// given) at once, for the holder of the manage link, and returns how many
// consents it withdrew: 0 when none of them was granted, which the page
// says as "nothing changed". A channel the portal does not know (or an
// empty one) is refused as invalid, field "channel", and nothing is
// withdrawn: a form that named something else than what it withdrew
// would report a change it did not make.
func (s *Service) Withdraw(ctx context.Context, personID, token string, channels []string) (int, error) {
	p, err := s.linkedPerson(ctx, personID, token)
	if err != nil {
		return 0, err
	}
	for _, ch := range channels {
		if !slices.Contains(appmarketingconsent.AllChannels(), ch) {
			return 0, problem.Invalid([]problem.FieldError{{Field: "channel", Problem: problem.ErrChoice}})
		}
	}
	n, err := s.Store.Withdraw(ctx, p.ID, channels, s.Now().UTC(), ViaLink)
	if err == nil {
		s.Log.InfoContext(ctx, "marketing consent withdrawn", "person", p.ID, "channels", n, "via", ViaLink)
	}
	return n, err
}

// ApplyRequest records what a confirmed data-subject request means for
// the company's marketing (marketingconsent.ByRequest), for the person of the
// address the request was confirmed from, however it is spelt
// (emailaddr.Normalize): an objection to direct marketing withdraws every
// consent and reserves every channel without a record; a withdrawal of
// consent withdraws every consent and records the withdrawal on the
// channels that need consent. Both put the person on the suppression list
// whether or not they ever opted in. It is called when the request is
// confirmed, and by the schedule (ApplyPending) for as long as the record
// is not stored: applying a request twice changes nothing more. Requests
// of other types change nothing and are not marked.
func (s *Service) ApplyRequest(ctx context.Context, r Request) (Applied, error) {
	if r.Type != apprequests.TypeWithdrawConsent && r.Type != apprequests.TypeObjection {
		return Applied{}, nil
	}
	now := s.Now().UTC()
	c, err := s.Controllers.Load(ctx, r.Controller)
	if err != nil && !company.IsUnknown(err) {
		return Applied{}, err // tried again by the schedule
	}
	if err != nil {
		// The company has left the portal: there is no marketing of its
		// left to record in. The request is marked done, so that it
		// neither blocks the schedule's later ones nor keeps its data.
		s.Log.WarnContext(ctx, "a request's company is gone; nothing to record in marketing", "request", r.ID)
		return s.Store.ApplyRequest(ctx, RequestRecord{RequestID: r.ID, Controller: r.Controller, Before: now, At: now})
	}
	rec := RequestRecord{RequestID: r.ID, Controller: c.Slug, Before: r.ConfirmedAt, At: now, Wordings: map[string]string{}}
	if rec.Before.IsZero() {
		rec.Before = now
	}
	effect, has := appmarketingconsent.ByRequest(c.Country, r.Type, r.ObjectionScope)
	email := emailaddr.Normalize(r.Email)
	if has && emailaddr.Valid(email) {
		id, err := keyring.Hex(s.Random, 16)
		if err != nil {
			return Applied{}, err
		}
		l := langOr(r.Language, c.Language)
		rec.Person = Person{ID: id, Controller: c.Slug, Email: email, Name: r.Name, Language: l}
		// Only a number the portal checked: the export writes phone
		// numbers as they are, unescaped (functions/exports).
		if valid.E164(r.Phone) {
			rec.Person.Phone = r.Phone
		}
		for _, ch := range effect.Channels {
			id, err := keyring.Hex(s.Random, 16)
			if err != nil {
				return Applied{}, err
			}
			wording := appmarketingconsent.RequestWording(c, l, ch, effect.Status)
			hash := appmarketingconsent.Hash(wording)
			rec.Wordings[hash] = wording
			k := Consent{
				ID: id, Channel: ch, Status: effect.Status, LawfulBasis: appmarketingconsent.RequestBasis(c.Country, ch, effect.Status),
				PolicyVersion: appmarketingconsent.PolicyVersion(c), WordingSHA256: hash, Language: l,
				SourcePage: "/" + c.Slug + "/request", UpdatedAt: now,
			}
			// When the status began: the request's confirmation, the
			// moment it reached the company (art. 21(3), 7(3): at once).
			if effect.Status == appmarketingconsent.StatusReserved {
				k.ConfirmedAt = rec.Before
			} else {
				k.WithdrawnAt = rec.Before
			}
			rec.Consents = append(rec.Consents, k)
		}
	}
	a, err := s.Store.ApplyRequest(ctx, rec)
	if err != nil {
		return a, err
	}
	s.Log.InfoContext(ctx, "marketing recorded for a request", "request", r.ID, "controller", c.Slug,
		"withdrawn", a.Withdrawn, "recorded", a.Recorded, "via", ViaRequest)
	return a, nil
}

// ApplyPending applies the confirmed requests whose record in marketing is
// not stored yet (ApplyRequest failed when they were confirmed, or they
// were confirmed before this step existed), for the schedule. It returns
// how many it stored; one that fails is logged and tried on the next run.
func (s *Service) ApplyPending(ctx context.Context) (int, error) {
	pending, err := s.Store.PendingRequests(ctx, 200)
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	for _, r := range pending {
		if _, err := s.ApplyRequest(ctx, r); err != nil {
			s.Log.ErrorContext(ctx, "recording a request in marketing failed", "request", r.ID, "err", err)
			errs = append(errs, err)
			continue
		}
		n++
	}
	return n, errors.Join(errs...)
}

// Expire deletes opt-ins never confirmed, for the schedule.
func (s *Service) Expire(ctx context.Context) (int, error) {
	return s.Store.ExpireOptIns(ctx, s.Now().UTC())
}

func langOr(l, fallback i18n.Lang) i18n.Lang {
	if l.Valid() {
		return l
	}
	return fallback
}
