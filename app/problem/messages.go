package problem

import (
	"privacyportal/app/i18n"
	"strconv"
)

// Message returns the message for a validation error, in the customer's
// language, written to be shown next to the field: it says what to do, not
// only what is wrong. The browser app and the Worker both ask here, so
// they always say the same thing.
func Message(lang i18n.Lang, e FieldError) string {
	m := messages(lang)
	if s, ok := m[e.Field+"."+e.Problem]; ok {
		return s
	}
	if e.Problem == ErrTooLong {
		return i18n.Fill(m[ErrTooLong], "max", strconv.Itoa(maxFor(e.Field)))
	}
	if s, ok := m[e.Problem]; ok {
		return s
	}
	return m[ErrInvalid]
}

// Messages returns every error of a validation as field: message, the shape
// of the API's 422 answer.
func Messages(lang i18n.Lang, errs []FieldError) map[string]string {
	out := make(map[string]string, len(errs))
	for _, e := range errs {
		out[e.Field] = Message(lang, e)
	}
	return out
}

func maxFor(field string) int {
	switch field {
	case "name":
		return MaxName
	case "email":
		return MaxEmail
	case "customer_number", "registration_number", "vin":
		return MaxIdentifier
	case "wrong", "correct":
		return MaxDetail
	}
	return MaxText
}

// messages is the table of field error messages in lang, from the
// language's message file (app/i18n/messages), read-only. Its keys are the
// problems above, alone or after a field name ("email.invalid").
func messages(lang i18n.Lang) map[string]string { return i18n.FieldErrors(lang) }
