// Package marketingconsent is a customer's consent to a company's
// marketing, one channel at a time (e-mail, SMS, phone, post), and their
// "no" to the channels a company may use without asking (a reservation:
// telephone and addressed post in Norway, addressed post in Denmark; see
// law.go). It holds the opt-in form's rules and messages, used by the
// browser app and the Worker (functions/marketingconsent) alike, and the
// exact wording a customer consents to, which is kept, hashed, as proof.
package marketingconsent

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"unicode/utf8"

	"privacyportal/app/company"
	"privacyportal/app/emailaddr"
	"privacyportal/app/i18n"
	"privacyportal/app/problem"
	"privacyportal/app/requests"
	"privacyportal/app/valid"
)

// Statuses of a channel in an export.
const (
	StatusGranted   = "granted"   // consented and confirmed
	StatusWithdrawn = "withdrawn" // consent withdrawn: never contact again on this channel
	StatusReserved  = "reserved"  // the customer said no (phone, post)
)

// Form is what a customer sends from /{slug}/marketing.
type Form struct {
	// Channels are the channels opted in to, each a separate, unticked
	// choice on the form.
	Channels []string `json:"channels"`
	// Reserve are the channels the customer says no to.
	Reserve    []string  `json:"reserve"`
	Email      string    `json:"email"`
	Phone      string    `json:"phone,omitempty"`
	Name       string    `json:"name,omitempty"`
	Street     string    `json:"street,omitempty"`
	PostalCode string    `json:"postal_code,omitempty"`
	City       string    `json:"city,omitempty"`
	Language   i18n.Lang `json:"language,omitempty"`
	Page       string    `json:"page,omitempty"`
}

// NeedsPhone reports whether the form asks for a phone number: for SMS or
// phone marketing, or to reserve oneself against phone calls.
func (f Form) NeedsPhone() bool {
	return slices.Contains(f.Channels, company.ChannelSMS) || slices.Contains(f.Channels, company.ChannelPhone) ||
		slices.Contains(f.Reserve, company.ChannelPhone)
}

// NeedsAddress reports whether the form asks for a postal address.
func (f Form) NeedsAddress() bool {
	return slices.Contains(f.Channels, company.ChannelPost) || slices.Contains(f.Reserve, company.ChannelPost)
}

// Normalize trims the form, writes the address as emailaddr.Normalize does
// and the phone number in E.164 (with the company's country code if none
// was given). Fields the chosen channels do not need are dropped: the
// portal keeps only what it needs.
func (f Form) Normalize(c company.Controller) Form {
	// The address a person is known by (see emailaddr.Normalize): the
	// opt-in, its confirmation, the receipt and the export all use it.
	f.Email = emailaddr.Normalize(f.Email)
	if p, ok := valid.NormalizePhone(f.Phone, c.Country); ok {
		f.Phone = p
	} else {
		f.Phone = strings.TrimSpace(f.Phone)
	}
	f.Name = strings.Join(strings.Fields(f.Name), " ")
	f.Street = strings.Join(strings.Fields(f.Street), " ")
	f.PostalCode = strings.TrimSpace(f.PostalCode)
	f.City = strings.Join(strings.Fields(f.City), " ")
	if !f.Language.Valid() {
		f.Language = ""
	}
	f.Channels, f.Reserve = compact(f.Channels), compact(f.Reserve)
	if !f.NeedsPhone() {
		f.Phone = ""
	}
	if !f.NeedsAddress() {
		f.Name, f.Street, f.PostalCode, f.City = "", "", "", ""
	}
	return f
}

// compact trims each choice and drops repeats. An empty choice is kept,
// for Validate to refuse as the unknown value it is: a form that sent
// "channels=" meant something the portal cannot tell, and taking the rest
// as if it had not been sent would record less than was asked.
func compact(list []string) []string {
	out := []string{}
	for _, s := range list {
		s = strings.TrimSpace(s)
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// Field limits, in characters.
const (
	MaxName   = 100
	MaxStreet = 200
	MaxCity   = 60
)

// Validate checks a normalized form against the company's channels.
func (f Form) Validate(c company.Controller) []problem.FieldError {
	var errs []problem.FieldError
	add := func(field, what string) { errs = append(errs, problem.FieldError{Field: field, Problem: what}) }
	used := Channels(c)
	switch {
	case len(f.Channels) == 0 && len(f.Reserve) == 0:
		add("channels", problem.ErrRequired)
	default:
		for _, ch := range f.Channels {
			if !slices.Contains(used, ch) {
				add("channels", problem.ErrChoice)
				break
			}
		}
		for _, ch := range f.Reserve {
			if !slices.Contains(Reservable(c.Country), ch) || slices.Contains(f.Channels, ch) {
				add("reserve", problem.ErrChoice)
				break
			}
		}
	}
	switch {
	case f.Email == "":
		add("email", problem.ErrRequired)
	case !emailaddr.Valid(f.Email):
		add("email", problem.ErrInvalid)
	}
	if f.NeedsPhone() {
		switch {
		case f.Phone == "":
			add("phone", problem.ErrRequired)
		case !valid.E164(f.Phone):
			add("phone", problem.ErrInvalid)
		}
	}
	if f.NeedsAddress() {
		text := func(field, s string, max int) {
			switch {
			case s == "":
				add(field, problem.ErrRequired)
			case utf8.RuneCountInString(s) > max:
				add(field, problem.ErrTooLong)
			case valid.HasControl(s, false):
				add(field, problem.ErrControlChars)
			}
		}
		text("name", f.Name, MaxName)
		text("street", f.Street, MaxStreet)
		if !valid.PostalCode(c.Country, f.PostalCode) {
			if f.PostalCode == "" {
				add("postal_code", problem.ErrRequired)
			} else {
				add("postal_code", problem.ErrInvalid)
			}
		}
		text("city", f.City, MaxCity)
	}
	if f.Page != "" && !valid.PortalPath(f.Page) {
		add("page", problem.ErrInvalid)
	}
	return errs
}

// Channels are the channels a company markets on, in its file's order.
func Channels(c company.Controller) []string {
	var out []string
	for _, ch := range c.Marketing.Channels {
		out = append(out, ch.Channel)
	}
	return out
}

// Purposes are what a company sends on a channel, in its own words.
func Purposes(c company.Controller, channel string) []string {
	for _, ch := range c.Marketing.Channels {
		if ch.Channel == channel {
			return ch.Purposes
		}
	}
	return nil
}

// PolicyVersion is the version of a company's marketing terms, which
// changes whenever the channels or purposes the wording is built from do.
func PolicyVersion(c company.Controller) string { return c.Marketing.PolicyVersion }

// Wording is the exact text a customer ticks to consent to a channel, in
// the interface language, with the company's purposes in its own words.
// It is shown as the checkbox's label, e-mailed in the receipt, and kept
// (hashed) as proof of what was consented to.
func Wording(c company.Controller, l i18n.Lang, channel string) string {
	t := i18n.Marketing(l)
	w := i18n.Fill(t.OptIn[channel], "name", Party(c), "purposes", strings.Join(Purposes(c, channel), "; "))
	if len(c.Marketing.Products) > 0 {
		w += " " + i18n.Fill(t.OptInProducts, "products", strings.Join(c.Marketing.Products, "; "))
	}
	return w
}

// ReserveWording is the text of a customer's "no" to a channel.
func ReserveWording(c company.Controller, l i18n.Lang, channel string) string {
	t := i18n.Marketing(l)
	return i18n.Fill(t.Reserve, "name", Party(c), "channel", t.ChannelBy[channel])
}

// Party is who a consent is given to, as its wording names it: in Denmark
// the company's legal entities (Forbrugerombudsmanden's guidance asks for
// the company's name as registered), elsewhere the name customers know.
func Party(c company.Controller) string {
	if c.Country != "DK" || len(c.LegalEntities) == 0 {
		return c.Name
	}
	names := make([]string, len(c.LegalEntities))
	for i, e := range c.LegalEntities {
		names[i] = e.Name
	}
	return strings.Join(names, ", ")
}

// Hash is the SHA-256 of a wording, hex: what the records keep.
func Hash(wording string) string {
	sum := sha256.Sum256([]byte(wording))
	return hex.EncodeToString(sum[:])
}

// Contact groups of the form: which fields a choice needs.
const (
	NeedAlways  = ""        // the e-mail address, to confirm
	NeedPhone   = "phone"   // SMS, phone calls, or a "no" to calls
	NeedAddress = "address" // post, or a "no" to post
)

// ContactFields are the form's contact fields, in order; Group says when
// a field is needed. The browser app and the Worker's answer to a form
// post with errors both draw the form from this list. The street is one
// line (an <input>), whose autofill token is address-line1:
// street-address is for a multi-line field (a <textarea>) only.
func ContactFields() []requests.Field {
	return []requests.Field{
		{Name: "email", Kind: requests.FieldKindEmail, Required: true, Max: problem.MaxEmail, Autocomplete: "email", Group: NeedAlways},
		{Name: "phone", Kind: requests.FieldKindTel, Required: true, Max: 20, Autocomplete: "tel", Group: NeedPhone},
		{Name: "name", Kind: requests.FieldKindText, Required: true, Max: MaxName, Autocomplete: "name", Group: NeedAddress},
		{Name: "street", Kind: requests.FieldKindText, Required: true, Max: MaxStreet, Autocomplete: "address-line1", Group: NeedAddress},
		{Name: "postal_code", Kind: requests.FieldKindText, Required: true, Max: 4, Autocomplete: "postal-code", Group: NeedAddress},
		{Name: "city", Kind: requests.FieldKindText, Required: true, Max: MaxCity, Autocomplete: "address-level2", Group: NeedAddress},
	}
}

// Value returns a contact field's value.
func (f Form) Value(name string) string {
	switch name {
	case "email":
		return f.Email
	case "phone":
		return f.Phone
	case "name":
		return f.Name
	case "street":
		return f.Street
	case "postal_code":
		return f.PostalCode
	case "city":
		return f.City
	}
	return ""
}

// Label is a contact field's label in a language.
func Label(l i18n.Lang, name string) string {
	k, r := i18n.Marketing(l), i18n.Requests(l)
	switch name {
	case "name":
		return k.PostalName
	case "street":
		return k.Street
	case "postal_code":
		return k.PostalCode
	case "city":
		return k.City
	}
	return r.Fields[name]
}

// NeedHint says when a contact field is needed, shown under its label.
func NeedHint(l i18n.Lang, group string) string {
	k := i18n.Marketing(l)
	switch group {
	case NeedPhone:
		return k.NeedPhone
	case NeedAddress:
		return k.NeedAddress
	}
	return k.NeedEmail
}
