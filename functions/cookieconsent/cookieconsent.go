// Package cookieconsent keeps the proof of visitors' choices about a
// company's optional cookies: each choice is recorded (a refusal as much as
// a consent), and the visitor can download a signed consent receipt in the
// format of the Kantara Initiative's Consent Receipt Specification (v1.1).
//
// The choice itself lives in the visitor's browser (app/cookieconsent); this
// package is the portal's side of it.
package cookieconsent

import (
	"context"
	"encoding/hex"
	"errors"
	"io"
	"time"

	"privacyportal/app/company"
	appcookieconsent "privacyportal/app/cookieconsent"
	"privacyportal/app/i18n"
	"privacyportal/app/problem"
	"privacyportal/app/signature"
	"privacyportal/functions/limit"
)

// Entry is one recorded choice.
type Entry struct {
	ID         string // the record's id, also the receipt's
	ConsentID  string
	Controller string
	Granted    []string
	Refused    []string
	Version    string
	Method     string
	GPC        bool
	Language   i18n.Lang
	Page       string
	At         time.Time
}

// Store keeps the records.
type Store interface {
	// AddCookieChoice records one choice.
	AddCookieChoice(ctx context.Context, e Entry) error
	// LatestCookieChoice returns the newest record of a consent id with a
	// company, or ErrNotFound.
	LatestCookieChoice(ctx context.Context, controller, consentID string) (Entry, error)
}

// ErrNotFound is returned when there is no record.
var ErrNotFound = errors.New("cookieconsent: not found")

// Deps are the service's dependencies.
type Deps struct {
	Controllers *company.Registry
	Store       Store
	Signer      signature.Signer
	Now         func() time.Time
	Random      io.Reader
	// Origin is the portal's address, for the receipt's policy link.
	Origin string
	// Limiter bounds the choices one client records with one company, by
	// the hour and by the day: each is a row kept for three years, so a
	// script must not be able to fill the table.
	Limiter *limit.Limiter
}

// Service records choices and issues receipts.
type Service struct{ Deps }

// New returns the service.
func New(d Deps) *Service { return &Service{Deps: d} }

// ChoiceLimits bound the choices one client records with one company: a
// person changes their mind a few times, a script thousands of times.
func ChoiceLimits() []limit.Rule {
	return []limit.Rule{
		{Name: "cookie-choice-hour", Max: 60, Window: time.Hour},
		{Name: "cookie-choice-day", Max: 200, Window: 24 * time.Hour},
	}
}

// Record validates and stores a choice. gpcHeader is whether the request
// carried Sec-GPC: 1; either signal marks the record. It returns the
// stored entry.
func (s *Service) Record(ctx context.Context, slug string, r appcookieconsent.Record, gpcHeader bool, client string) (Entry, error) {
	c, err := s.Controllers.Load(ctx, slug)
	if err != nil {
		return Entry{}, err
	}
	now := s.Now().UTC()
	if errs := r.Validate(c.Cookies); len(errs) > 0 {
		return Entry{}, problem.Invalid(errs)
	}
	for _, rule := range ChoiceLimits() {
		if err := s.Limiter.Allow(ctx, rule, slug, limit.Client(client)); err != nil {
			return Entry{}, err
		}
	}
	id := make([]byte, 16)
	if _, err := io.ReadFull(s.Random, id); err != nil {
		return Entry{}, err
	}
	lang := r.Language
	if !lang.Valid() {
		lang = c.Language
	}
	e := Entry{
		ID: hex.EncodeToString(id), ConsentID: r.ConsentID, Controller: slug,
		Granted: nonNil(r.Granted), Refused: nonNil(r.Refused), Version: r.Version, Method: r.Method,
		GPC: r.GPC || gpcHeader, Language: lang, Page: r.Page, At: now,
	}
	return e, s.Store.AddCookieChoice(ctx, e)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// NewConsentID makes a consent id for a browser that has none yet (a form
// post without JavaScript), of the one shape the page script makes too
// (cookieconsent.NewID).
func (s *Service) NewConsentID() (string, error) {
	var b [16]byte
	if _, err := io.ReadFull(s.Random, b[:]); err != nil {
		return "", err
	}
	return appcookieconsent.NewID(b), nil
}

// RetentionPeriod is how long records are kept: cookieconsent.ProofKept, the
// period the portal's privacy notice states.
const RetentionPeriod = appcookieconsent.ProofKept
