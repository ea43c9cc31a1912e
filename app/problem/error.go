package problem

import (
	"errors"
	"time"
)

// Error is an error a customer, a company or a marketer can do something
// about: a form to correct, a link that no longer works, a limit to wait
// out. Every workflow of the portal (requests, cookie choices, marketing
// consent, exports) reports such errors with this one type, and the API
// maps each Code to one HTTP status and to a message in every interface
// language (i18n's Errors) in one place. Any other error is internal: the
// user is told only that something went wrong, the operator's log gets the
// detail.
type Error struct {
	Code string
	// Fields are the invalid fields, for CodeInvalid.
	Fields []FieldError
	// RetryAfter is how long to wait, for CodeRateLimited.
	RetryAfter time.Duration
}

func (e *Error) Error() string { return "privacy: " + e.Code }

// Is reports whether target is an *Error with the same code, so that
// errors.Is(err, problem.Fail(problem.CodeBadToken)) asks for a code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Fail returns an *Error with the given code.
func Fail(code string) *Error { return &Error{Code: code} }

// Invalid returns the error of a form with errors.
func Invalid(fields []FieldError) *Error { return &Error{Code: CodeInvalid, Fields: fields} }

// ErrorCode returns the code of an *Error in err's chain, or CodeInternal.
func Code(err error) string {
	if e := As(err); e != nil {
		return e.Code
	}
	return CodeInternal
}

// AsError returns the *Error in err's chain, or nil.
func As(err error) *Error {
	// Most errors are an *Error itself: no need for errors.As's
	// reflection, which the Worker pays for on every refused form.
	if e, ok := err.(*Error); ok {
		return e
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// Error codes. A client can rely on the code; the message is for people.
const (
	// About the request itself.
	CodeNotFound          = "not_found"
	CodeUnknownController = "unknown_controller"
	CodeMethodNotAllowed  = "method_not_allowed"
	CodeTooLarge          = "too_large"
	CodeBadRequest        = "bad_request"  // unreadable, or JSON with duplicate keys
	CodeBadEncoding       = "bad_encoding" // text that is not UTF-8
	CodeUnsupportedMedia  = "unsupported_media"
	CodeCrossSite         = "cross_site" // a form posted from another site
	CodeRateLimited       = "rate_limited"
	CodeInternal          = "internal"
	// About what was sent.
	CodeInvalid = "invalid"
	// About links and codes in e-mails.
	CodeBadToken     = "bad_token"
	CodeBadCode      = "bad_code"
	CodeTooManyCodes = "too_many_codes"
	CodeExpired      = "expired"      // an unconfirmed request ran out of time
	CodeLinkExpired  = "link_expired" // a marketing link used or out of time
	CodeConflict     = "conflict"
	CodeErased       = "erased"
	CodeTooLate      = "too_late" // an extension after the first month
	// About exports.
	CodeUnauthorized = "unauthorized"
	CodeForbidden    = "forbidden"
)

// ErrorCodes lists every code, for the test that each has a message in
// every language.
func Codes() []string {
	return []string{CodeNotFound, CodeUnknownController, CodeMethodNotAllowed, CodeTooLarge, CodeBadRequest,
		CodeBadEncoding, CodeUnsupportedMedia, CodeCrossSite, CodeRateLimited, CodeInternal, CodeInvalid,
		CodeBadToken, CodeBadCode, CodeTooManyCodes, CodeExpired, CodeLinkExpired, CodeConflict, CodeErased,
		CodeTooLate, CodeUnauthorized, CodeForbidden}
}
