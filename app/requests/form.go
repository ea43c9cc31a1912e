package requests

import (
	"strings"
	"unicode/utf8"

	"privacyportal/app/company"
	"privacyportal/app/emailaddr"
	"privacyportal/app/i18n"
	"privacyportal/app/problem"
	"privacyportal/app/valid"
)

// Request types: what a customer asks the company to do, each backed by an
// article of the GDPR, plus a general question about privacy.
const (
	TypeAccess          = "access"           // art. 15: a copy of my data
	TypeRectification   = "rectification"    // art. 16: correct my data
	TypeErasure         = "erasure"          // art. 17: delete my data
	TypeRestriction     = "restriction"      // art. 18: stop using my data for now
	TypePortability     = "portability"      // art. 20: my data, machine-readable
	TypeObjection       = "objection"        // art. 21: stop this processing, or marketing
	TypeWithdrawConsent = "withdraw_consent" // art. 7(3): I withdraw my consent
	TypeQuestion        = "question"         // a question about privacy
)

// RequestTypes lists the request types in the order the form offers them.
func Types() []string {
	return []string{TypeAccess, TypeRectification, TypeErasure, TypeRestriction,
		TypePortability, TypeObjection, TypeWithdrawConsent, TypeQuestion}
}

// RequestArticle is the GDPR article a request type rests on, or "" for a
// general question.
func Article(requestType string) string {
	switch requestType {
	case TypeAccess:
		return "15"
	case TypeRectification:
		return "16"
	case TypeErasure:
		return "17"
	case TypeRestriction:
		return "18"
	case TypePortability:
		return "20"
	case TypeObjection:
		return "21"
	case TypeWithdrawConsent:
		return "7(3)"
	}
	return ""
}

// HasDeadline reports whether a request type is one of the rights of
// arts. 15 to 22, which art. 12(3) gives a deadline of one month (and an
// extension). A withdrawal of consent (art. 7(3)) takes effect at once,
// and a question is not a request under those articles: neither has a
// deadline to compute, show or extend.
func HasDeadline(requestType string) bool {
	switch requestType {
	case TypeAccess, TypeRectification, TypeErasure, TypeRestriction, TypePortability, TypeObjection:
		return true
	}
	return false
}

// RightFor is the right of a controller's statement that a request type
// exercises, so the form can quote what the company says about it.
func RightFor(requestType string) string {
	switch requestType {
	case TypeAccess:
		return company.RightAccess
	case TypeRectification:
		return company.RightRectification
	case TypeErasure:
		return company.RightErasure
	case TypeRestriction:
		return company.RightRestriction
	case TypePortability:
		return company.RightPortability
	case TypeObjection:
		return company.RightObjection
	case TypeWithdrawConsent:
		return company.RightWithdrawConsent
	}
	return ""
}

// Portability formats a customer may ask for.
const (
	FormatJSON = "json"
	FormatCSV  = "csv"
	FormatAny  = "any" // any structured, commonly used, machine-readable format
)

// Objection scopes: direct marketing, which a company must always stop
// (art. 21(3)), or other processing based on legitimate interests, which it
// may continue only for compelling reasons (art. 21(1)).
const (
	ObjectDirectMarketing = "direct_marketing"
	ObjectProcessing      = "processing"
)

// RequestForm is what a customer fills in to file a request. The browser
// app and the Worker validate it with the same Validate, so a form the app
// accepts is a form the Worker accepts.
type Form struct {
	Type           string    `json:"type"`
	Name           string    `json:"name"`
	Email          string    `json:"email"`
	Phone          string    `json:"phone,omitempty"`
	RegNumber      string    `json:"registration_number,omitempty"`
	VIN            string    `json:"vin,omitempty"`
	CustomerNumber string    `json:"customer_number,omitempty"`
	Wrong          string    `json:"wrong,omitempty"`           // rectification: what is wrong
	Correct        string    `json:"correct,omitempty"`         // rectification: what is right
	Format         string    `json:"format,omitempty"`          // portability
	ObjectionScope string    `json:"objection_scope,omitempty"` // objection
	Text           string    `json:"text,omitempty"`
	Language       i18n.Lang `json:"language,omitempty"` // the customer's language
}

// Normalize returns the form with whitespace trimmed and identifiers in
// their canonical form: the phone number in E.164 (with the company's
// country code if none was given), registration number and VIN in capitals
// without spaces. It changes nothing that Validate would reject, so the
// customer sees their own input in error messages.
func (f Form) Normalize(country string) Form {
	f.Type = strings.TrimSpace(f.Type)
	f.Name = strings.Join(strings.Fields(f.Name), " ")
	f.Email = strings.TrimSpace(f.Email)
	if at := strings.LastIndexByte(f.Email, '@'); at > 0 {
		f.Email = f.Email[:at] + strings.ToLower(f.Email[at:])
	}
	if p, ok := valid.NormalizePhone(f.Phone, country); ok {
		f.Phone = p
	} else {
		f.Phone = strings.TrimSpace(f.Phone)
	}
	f.RegNumber = valid.CompactUpper(f.RegNumber)
	f.VIN = valid.CompactUpper(f.VIN)
	f.CustomerNumber = strings.TrimSpace(f.CustomerNumber)
	f.Wrong = strings.TrimSpace(f.Wrong)
	f.Correct = strings.TrimSpace(f.Correct)
	f.Format = strings.TrimSpace(f.Format)
	f.ObjectionScope = strings.TrimSpace(f.ObjectionScope)
	f.Text = strings.TrimSpace(strings.ReplaceAll(f.Text, "\r\n", "\n"))
	if !f.Language.Valid() {
		f.Language = ""
	}
	// Fields that do not belong to the chosen type are dropped, so that
	// nothing the customer no longer sees on screen is sent.
	if f.Type != TypeRectification {
		f.Wrong, f.Correct = "", ""
	}
	if f.Type != TypePortability {
		f.Format = ""
	}
	if f.Type != TypeObjection {
		f.ObjectionScope = ""
	}
	return f
}

// Validate checks a normalized form and returns one error per field that
// is wrong, in the order the fields appear on the form.
func (f Form) Validate() []problem.FieldError {
	var errs []problem.FieldError
	add := func(field, code string) { errs = append(errs, problem.FieldError{Field: field, Problem: code}) }
	text := func(field, s string, max int, required bool) {
		switch {
		case s == "" && required:
			add(field, problem.ErrRequired)
		case utf8.RuneCountInString(s) > max:
			add(field, problem.ErrTooLong)
		case valid.HasControl(s, field == "text" || field == "wrong" || field == "correct"):
			add(field, problem.ErrControlChars)
		}
	}

	switch {
	case f.Type == "":
		add("type", problem.ErrRequired)
	case Article(f.Type) == "" && f.Type != TypeQuestion:
		add("type", problem.ErrChoice)
	}
	text("name", f.Name, problem.MaxName, true)
	switch {
	case f.Email == "":
		add("email", problem.ErrRequired)
	case len(f.Email) > problem.MaxEmail:
		add("email", problem.ErrTooLong)
	case !emailaddr.Valid(f.Email):
		add("email", problem.ErrInvalid)
	}
	if f.Phone != "" && !valid.E164(f.Phone) {
		add("phone", problem.ErrInvalid)
	}
	if f.RegNumber != "" && !valid.RegNumber(f.RegNumber) {
		add("registration_number", problem.ErrInvalid)
	}
	if f.VIN != "" && !valid.VIN(f.VIN) {
		add("vin", problem.ErrInvalid)
	}
	text("customer_number", f.CustomerNumber, problem.MaxIdentifier, false)
	switch f.Type {
	case TypeRectification:
		text("wrong", f.Wrong, problem.MaxDetail, true)
		text("correct", f.Correct, problem.MaxDetail, true)
	case TypePortability:
		if f.Format == "" {
			add("format", problem.ErrRequired)
		} else if f.Format != FormatJSON && f.Format != FormatCSV && f.Format != FormatAny {
			add("format", problem.ErrChoice)
		}
	case TypeObjection:
		if f.ObjectionScope == "" {
			add("objection_scope", problem.ErrRequired)
		} else if f.ObjectionScope != ObjectDirectMarketing && f.ObjectionScope != ObjectProcessing {
			add("objection_scope", problem.ErrChoice)
		}
	}
	// A question or an objection to processing needs words; the other
	// types say what they ask by their type.
	needText := f.Type == TypeQuestion || f.ObjectionScope == ObjectProcessing
	text("text", f.Text, problem.MaxText, needText)
	return errs
}

// Field is one field of the request form: the browser app's form, the
// prerendered page and the Worker's answer to a form post with errors are
// all drawn from RequestFields, so they cannot disagree about which fields
// exist, which are required or how long they may be.
type Field struct {
	Name string // the form and JSON name
	// Kind is the input's kind: text, email, tel, textarea or choice (a
	// group of radio buttons over Options).
	Kind    string
	Options []string
	// Required says whether the field must be filled in; for
	// type-specific fields, only when its type is chosen.
	Required bool
	// ForType, when set, is the only request type the field belongs to.
	ForType string
	// Max is the longest value, in characters.
	Max int
	// Autocomplete is the HTML autocomplete token that lets browsers fill
	// the field in (WCAG 1.3.5).
	Autocomplete string
	// Group is the part of the form the field is in.
	Group string
}

// Groups of the request form, in order.
const (
	GroupType       = "type"
	GroupAboutYou   = "about"
	GroupFindYou    = "find"
	GroupDetails    = "details"
	FieldKindText   = "text"
	FieldKindEmail  = "email"
	FieldKindTel    = "tel"
	FieldKindArea   = "textarea"
	FieldKindChoice = "choice"
)

// RequestFields lists the request form's fields in the order they appear.
func Fields() []Field {
	return []Field{
		{Name: "type", Kind: FieldKindChoice, Options: Types(), Required: true, Group: GroupType},
		{Name: "name", Kind: FieldKindText, Required: true, Max: problem.MaxName, Autocomplete: "name", Group: GroupAboutYou},
		{Name: "email", Kind: FieldKindEmail, Required: true, Max: problem.MaxEmail, Autocomplete: "email", Group: GroupAboutYou},
		{Name: "phone", Kind: FieldKindTel, Max: 20, Autocomplete: "tel", Group: GroupAboutYou},
		{Name: "registration_number", Kind: FieldKindText, Max: 12, Group: GroupFindYou},
		{Name: "vin", Kind: FieldKindText, Max: 20, Group: GroupFindYou},
		{Name: "customer_number", Kind: FieldKindText, Max: problem.MaxIdentifier, Group: GroupFindYou},
		{Name: "wrong", Kind: FieldKindArea, Required: true, ForType: TypeRectification, Max: problem.MaxDetail, Group: GroupDetails},
		{Name: "correct", Kind: FieldKindArea, Required: true, ForType: TypeRectification, Max: problem.MaxDetail, Group: GroupDetails},
		{Name: "format", Kind: FieldKindChoice, Options: []string{FormatJSON, FormatCSV, FormatAny}, Required: true, ForType: TypePortability, Group: GroupDetails},
		{Name: "objection_scope", Kind: FieldKindChoice, Options: []string{ObjectDirectMarketing, ObjectProcessing}, Required: true, ForType: TypeObjection, Group: GroupDetails},
		{Name: "text", Kind: FieldKindArea, Max: problem.MaxText, Group: GroupDetails},
	}
}

// Value returns the form's value of a field by its name.
func (f Form) Value(name string) string {
	switch name {
	case "type":
		return f.Type
	case "name":
		return f.Name
	case "email":
		return f.Email
	case "phone":
		return f.Phone
	case "registration_number":
		return f.RegNumber
	case "vin":
		return f.VIN
	case "customer_number":
		return f.CustomerNumber
	case "wrong":
		return f.Wrong
	case "correct":
		return f.Correct
	case "format":
		return f.Format
	case "objection_scope":
		return f.ObjectionScope
	case "text":
		return f.Text
	case "language":
		return string(f.Language)
	}
	return ""
}

// Set sets a field by its name, reporting false for a name the form does
// not have. It is how form posts and the browser app fill a RequestForm.
func (f *Form) Set(name, value string) bool {
	switch name {
	case "type":
		f.Type = value
	case "name":
		f.Name = value
	case "email":
		f.Email = value
	case "phone":
		f.Phone = value
	case "registration_number":
		f.RegNumber = value
	case "vin":
		f.VIN = value
	case "customer_number":
		f.CustomerNumber = value
	case "wrong":
		f.Wrong = value
	case "correct":
		f.Correct = value
	case "format":
		f.Format = value
	case "objection_scope":
		f.ObjectionScope = value
	case "text":
		f.Text = value
	case "language":
		f.Language = i18n.Lang(value)
	default:
		return false
	}
	return true
}
