// Package requestcopy is what a request said, as the e-mails write it out:
// the requester, the identifiers, the details and the message, labelled
// for the reader (the company's privacy contact, or the customer in their
// receipt). The Worker writes it into the e-mails; the verify page, in the
// browser, writes it again from the signed request.json and compares it
// with the text of an e-mail dropped on it, since the signature covers the
// attachment and not the text a person reads.
package requestcopy

import (
	"strings"

	"privacyportal/app/i18n"
	"privacyportal/app/mailmsg"
	"privacyportal/app/privacy"
)

// Reader is whom the copy is addressed to.
type Reader int

const (
	Company  Reader = iota // the privacy contact: "the customer's message"
	Customer               // the requester's receipt: "your message"
)

// Field is one labelled value of a request.
type Field struct {
	Key   string // the field's name in the form and in request.json
	Label string
	Value string
}

// Section is a heading (none for the first) with its fields, or with the
// requester's own words (Quote, Key "text").
type Section struct {
	Heading string
	Fields  []Field
	Quote   string
}

// Keys are every field a copy can hold, in the order it writes them.
var Keys = []string{"name", "email", "phone", "registration_number", "vin", "customer_number",
	"wrong", "correct", "format", "objection_scope", "text"}

// Of returns the copy of doc in language l for reader: only the fields the
// requester filled in, phone numbers as their country prints them.
func Of(l i18n.Lang, doc privacy.Document, reader Reader) []Section {
	m, r := i18n.M(l), i18n.R(l)
	fields := func(kv ...string) []Field {
		var out []Field
		for i := 0; i < len(kv); i += 2 {
			if kv[i+1] != "" {
				out = append(out, Field{Key: kv[i], Label: r.Label(kv[i]), Value: kv[i+1]})
			}
		}
		return out
	}
	ids, text := m.ForwardIDs, m.ForwardText
	if reader == Customer {
		ids, text = m.ReceiptIDs, m.ReceiptText
	}
	out := []Section{{Fields: fields("name", doc.Requester.Name, "email", doc.Requester.Email,
		"phone", privacy.FormatPhone(doc.Requester.Phone))}}
	if f := fields("registration_number", doc.Identifiers.RegistrationNumber, "vin", doc.Identifiers.VIN,
		"customer_number", doc.Identifiers.CustomerNumber); len(f) > 0 {
		out = append(out, Section{Heading: ids, Fields: f})
	}
	if d := doc.Details; d != nil {
		if f := fields("wrong", d.Wrong, "correct", d.Correct, "format", r.Formats[d.Format],
			"objection_scope", r.Objections[d.ObjectionScope]); len(f) > 0 {
			out = append(out, Section{Heading: m.ForwardDetails, Fields: f})
		}
	}
	if doc.Text != "" {
		out = append(out, Section{Heading: text, Quote: doc.Text})
	}
	return out
}

// Write adds a copy to an e-mail's body.
func Write(b *mailmsg.Body, sections []Section) {
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
	m, r := i18n.M(l), i18n.R(l)
	name := r.Types[requestType]
	if name == "" {
		name = requestType
	}
	if privacy.RequestArticle(requestType) == "" {
		return strings.TrimSpace(strings.Split(i18n.Fill(m.ForwardAsked, "type", name, "article", ""), "(")[0])
	}
	return i18n.Fill(m.ForwardAsked, "type", name, "article", articleText(l, requestType))
}

func articleText(l i18n.Lang, requestType string) string {
	a := privacy.RequestArticle(requestType)
	switch l {
	case i18n.NB:
		return "art. " + strings.Replace(a, "(3)", " nr. 3", 1)
	case i18n.DA:
		return "art. " + strings.Replace(a, "(3)", ", stk. 3", 1)
	}
	return "Art. " + a
}
