package company

import (
	"bytes"
	"encoding/json"
	"io"
	"privacyportal/app/problem"
	"privacyportal/app/valid"
	"time"
)

// Operator is whoever runs the portal, and the choices of theirs that the
// portal's own privacy notice states: who they are and how to reach them
// (GDPR art. 13(1)(a)), how long a delivered request's personal data is
// kept (art. 13(2)(a)), and which mail service sends the portal's e-mail
// (a recipient, art. 13(1)(e)).
//
// It is data, read from site/operator/operator.json by the static site
// generator, the browser app and the Worker alike, so that the notice a
// visitor reads and the erasure the Worker runs come from the same number.
// The file in the repository holds placeholders (text starting "CHANGE",
// an org number of zeros, an address on a placeholder domain) that
// `make deploy` refuses (scripts/deploy.mjs).
type Operator struct {
	// Name is the operator's legal name.
	Name string `json:"name"`
	// OrgNumber is the operator's registration number in the country of
	// its address, digits only.
	OrgNumber string  `json:"org_number"`
	Address   Address `json:"address"`
	// Email is where people reach the operator about the portal's own
	// processing.
	Email string `json:"email"`
	// KeepDays is how many days after delivery a request's personal data
	// is kept before the schedule erases it.
	KeepDays int `json:"keep_days"`
	// MailService is the service the portal's e-mail leaves through, one
	// of the MailService* constants; `make deploy` refuses a MAIL_TRANSPORT
	// that sends through another.
	MailService string `json:"mail_service"`
}

// The mail services the portal can send through (functions/mail): the
// binding and the REST API are both Cloudflare Email Service.
const (
	MailServiceCloudflare = "cloudflare"
	MailServiceMailgun    = "mailgun"
)

// MaxKeepDays bounds KeepDays: the portal forwards requests, it is not an
// archive, and a company keeps its own copy from the e-mail.
const MaxKeepDays = 365

// KeepFor is how long a delivered request's personal data is kept.
func (o Operator) KeepFor() time.Duration { return time.Duration(o.KeepDays) * 24 * time.Hour }

// Validate checks every field and returns the problems found, or none.
// Placeholders pass: they are the shape of real values, so that a
// checkout builds and runs; deployment refuses them.
func (o Operator) Validate() []problem.FieldError {
	v := &validator{}
	v.text("name", o.Name)
	v.address("address", o.Address)
	v.check("org_number", valid.OrgNumber(o.Address.Country, o.OrgNumber), "must be a registration number of the address's country (nine digits in Norway, eight in Denmark)")
	v.email("email", o.Email)
	v.check("keep_days", o.KeepDays >= 1 && o.KeepDays <= MaxKeepDays, "must be between 1 and 365 days")
	v.check("mail_service", oneOf(o.MailService, MailServiceCloudflare, MailServiceMailgun), `must be "cloudflare" or "mailgun"`)
	return v.problems
}

// ParseOperator reads the operator's file; file names it in errors.
// Unknown fields are refused, like a controller file's.
func ParseOperator(file string, data []byte) (Operator, error) {
	var o Operator
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&o); err != nil {
		return Operator{}, &problem.FileError{File: file, Problems: []problem.FieldError{decodeProblem(data, err)}}
	}
	if _, err := dec.Token(); err != io.EOF {
		return Operator{}, &problem.FileError{File: file, Problems: []problem.FieldError{{Problem: "unexpected data after the JSON object"}}}
	}
	if problems := o.Validate(); len(problems) > 0 {
		return Operator{}, &problem.FileError{File: file, Problems: problems}
	}
	return o, nil
}

// ConfirmWithin is how long a confirmation link works, for requests and
// marketing opt-ins alike; what is not confirmed by then is deleted.
const ConfirmWithin = 48 * time.Hour
