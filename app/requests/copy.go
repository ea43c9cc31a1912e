package requests

import (
	"strings"

	"privacyportal/app/i18n"
	"privacyportal/app/mailmsg"
	"privacyportal/app/valid"
)

// Reader is whom the copy is addressed to.
type CopyReader int

const (
	CopyForCompany  CopyReader = iota // the privacy contact: "the customer's message"
	CopyForCustomer                   // the requester's receipt: "your message"
)

// Field is one labelled value of a request.
type CopyField struct {
	Key   string // the field's name in the form and in request.json
	Label string
	Value string
}

// Section is a heading (none for the first) with its fields, or with the
// requester's own words (Quote, Key "text").
type CopySection struct {
	Heading string
	Fields  []CopyField
	Quote   string
}

// Keys are every field a copy can hold, in the order it writes them.
var Keys = []string{"name", "email", "phone", "registration_number", "vin", "customer_number",
	"wrong", "correct", "format", "objection_scope", "text"}

// Of returns the copy of doc in language l for reader: only the fields the
// requester filled in, phone numbers as their country prints them.
func CopyOf(l i18n.Lang, doc Document, reader CopyReader) []CopySection {
	m, r := i18n.Mail(l), i18n.Requests(l)
	fields := func(kv ...string) []CopyField {
		var out []CopyField
		for i := 0; i < len(kv); i += 2 {
			if kv[i+1] != "" {
				out = append(out, CopyField{Key: kv[i], Label: r.Label(kv[i]), Value: kv[i+1]})
			}
		}
		return out
	}
	ids, text := m.ForwardIDs, m.ForwardText
	if reader == CopyForCustomer {
		ids, text = m.ReceiptIDs, m.ReceiptText
	}
	out := []CopySection{{Fields: fields("name", doc.Requester.Name, "email", doc.Requester.Email,
		"phone", valid.FormatPhone(doc.Requester.Phone))}}
	if f := fields("registration_number", doc.Identifiers.RegistrationNumber, "vin", doc.Identifiers.VIN,
		"customer_number", doc.Identifiers.CustomerNumber); len(f) > 0 {
		out = append(out, CopySection{Heading: ids, Fields: f})
	}
	if d := doc.Details; d != nil {
		if f := fields("wrong", d.Wrong, "correct", d.Correct, "format", r.Formats[d.Format],
			"objection_scope", r.Objections[d.ObjectionScope]); len(f) > 0 {
			out = append(out, CopySection{Heading: m.ForwardDetails, Fields: f})
		}
	}
	if doc.Text != "" {
		out = append(out, CopySection{Heading: text, Quote: doc.Text})
	}
	return out
}

// Write adds a copy to an e-mail's body.
func WriteCopy(b *mailmsg.Body, sections []CopySection) {
	for _, s := range sections {
		if s.Heading != "" {
			b.Heading(s.Heading)
		}
		if s.Quote != "" {
			b.Quote(s.Quote)
			continue
		}
		pairs := make([][2]string, len(s.Fields))
		for i, f := range s.Fields {
			pairs[i] = [2]string{f.Label, f.Value}
		}
		b.Pairs(pairs...)
	}
}

// Asked is the heading that says what the customer asks for, with the
// article of the GDPR it rests on when there is one.
func Asked(l i18n.Lang, requestType string) string {
	m, r := i18n.Mail(l), i18n.Requests(l)
	name := r.Types[requestType]
	if name == "" {
		name = requestType
	}
	if Article(requestType) == "" {
		return strings.TrimSpace(strings.Split(i18n.Fill(m.ForwardAsked, "type", name, "article", ""), "(")[0])
	}
	return i18n.Fill(m.ForwardAsked, "type", name, "article", articleText(l, requestType))
}

func articleText(l i18n.Lang, requestType string) string {
	a := Article(requestType)
	switch l {
	case i18n.NB:
		return "art. " + strings.Replace(a, "(3)", " nr. 3", 1)
	case i18n.DA:
		return "art. " + strings.Replace(a, "(3)", ", stk. 3", 1)
	}
	return "Art. " + a
}
