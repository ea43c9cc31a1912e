package cookieconsent

import (
	"slices"

	"privacyportal/app/company"
	"privacyportal/app/i18n"
	"privacyportal/app/problem"
	"privacyportal/app/valid"
)

// Record is one choice as the portal keeps it for proof: who (only the
// consent id, never an address), what was granted and refused under which
// policy version, how, with or without Global Privacy Control, in which
// language and on which page. It is sent by the page script and by form
// posts to POST /api/{slug}/consent/cookies.
type Record struct {
	ConsentID string    `json:"consent_id"`
	Granted   []string  `json:"granted"`
	Refused   []string  `json:"refused"`
	Version   string    `json:"policy_version"`
	Method    string    `json:"method"`
	GPC       bool      `json:"gpc"`
	Language  i18n.Lang `json:"language"`
	Page      string    `json:"page"`
}

// Validate checks a record against the company's cookie policy: a valid
// id, a known method, each optional category either granted or refused
// (never both, never unknown), and the current policy version. A refusal
// is a record like any other.
func (r Record) Validate(k company.Cookies) []problem.FieldError {
	var errs []problem.FieldError
	add := func(f, p string) { errs = append(errs, problem.FieldError{Field: f, Problem: p}) }
	if !ValidID(r.ConsentID) {
		add("consent_id", problem.ErrInvalid)
	}
	if !slices.Contains(Methods(), r.Method) {
		add("method", problem.ErrChoice)
	}
	if r.Version != k.PolicyVersion {
		add("policy_version", problem.ErrInvalid)
	}
	optional := Optional(k)
	seen := map[string]bool{}
	for _, c := range append(slices.Clone(r.Granted), r.Refused...) {
		if !slices.Contains(optional, c) || seen[c] {
			add("categories", problem.ErrChoice)
			break
		}
		seen[c] = true
	}
	if len(seen) != len(optional) && len(errs) == 0 {
		add("categories", problem.ErrRequired)
	}
	switch {
	case r.Method == MethodAccept && len(r.Refused) > 0,
		(r.Method == MethodReject || r.Method == MethodWithdraw || r.Method == MethodGPC) && len(r.Granted) > 0:
		add("method", problem.ErrInvalid)
	}
	if r.Language != "" && !r.Language.Valid() {
		add("language", problem.ErrChoice)
	}
	if r.Page != "" && !valid.PortalPath(r.Page) {
		add("page", problem.ErrInvalid)
	}
	return errs
}

// ForMethod fills Granted and Refused for a one-click method (accept,
// reject, withdraw, gpc), or splits the given categories for save.
func ForMethod(k company.Cookies, method string, chosen []string) (granted, refused []string) {
	granted, refused = []string{}, []string{}
	for _, c := range Optional(k) {
		grant := method == MethodAccept || (method == MethodSave && slices.Contains(chosen, c))
		if grant {
			granted = append(granted, c)
		} else {
			refused = append(refused, c)
		}
	}
	return granted, refused
}
