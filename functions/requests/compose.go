package requests

import (
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"privacyportal/app/calendar"
	"privacyportal/app/company"
	"privacyportal/app/i18n"
	"privacyportal/app/mailmsg"
	appmarketingconsent "privacyportal/app/marketingconsent"
	apprequests "privacyportal/app/requests"
	"privacyportal/app/valid"
)

// The e-mails of the workflow. Each is composed when it is queued, so what
// is retried later is byte for byte what was first attempted, with the
// same Date and Message-ID.

func (s *Service) message(lang i18n.Lang, id, kind string, to mailmsg.Address, subject string, b *mailmsg.Body) mailmsg.Message {
	host := s.Config.Origin
	if u, err := url.Parse(s.Config.Origin); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	from := s.Config.From
	if from.Name == "" {
		from.Name = i18n.Pages(lang).SiteName
	}
	return mailmsg.Message{
		From:      from,
		To:        []mailmsg.Address{to},
		Subject:   subject,
		Date:      s.Now().UTC(),
		MessageID: id + "." + kind + "@" + host,
		// RFC 3834: tells mail servers not to answer with vacation notices.
		Headers: []mailmsg.Header{{Name: "Auto-Submitted", Value: "auto-generated"}},
		Text:    b.Text(),
		HTML:    b.HTML(string(lang)),
	}
}

func typeName(t *i18n.RequestText, requestType string) string {
	if n, ok := t.Types[requestType]; ok {
		return n
	}
	return requestType
}

// requestName names a request of a type in running text ("krav om
// innsyn"), not "krav om" and the type's name, which reads wrong for a
// withdrawal or a question ("krav om trekke tilbake samtykke").
func requestName(t *i18n.RequestText, requestType string) string {
	if n, ok := t.Requests[requestType]; ok {
		return n
	}
	return requestType
}

// Capitalise writes the first letter of s as a capital, for a subject.
func Capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// dueOf is a request's deadline as the customer reads it: a date, or for
// a type without one, what stands in its place.
func dueOf(l i18n.Lang, rec Record) string {
	if !apprequests.HasDeadline(rec.Type) {
		return i18n.Requests(l).DueNone[rec.Type]
	}
	return date(l, rec.Due())
}

func date(l i18n.Lang, d calendar.Date) string { return i18n.FormatDate(l, d.Time()) }

func dateOf(l i18n.Lang, t time.Time) string { return date(l, calendar.DateOf(t)) }

// composeConfirm is the e-mail that asks the customer to confirm.
func (s *Service) composeConfirm(c company.Controller, rec Record, links Links, code string) ([]byte, error) {
	l := langOr(rec.Language, c.Language)
	m, r := i18n.Mail(l), i18n.Requests(l)
	var b mailmsg.Body
	b.Para(i18n.Fill(m.ConfirmIntro, "request", requestName(r, rec.Type), "name", c.Name))
	b.Link(m.ConfirmLink, links.Confirm)
	b.Para(i18n.Fill(m.ConfirmCode, "code", code))
	b.Para(i18n.Fill(m.ConfirmExpiry, "time", i18n.FormatDateTime(l, calendar.LocalTime(rec.ExpiresAt))))
	b.Para(m.ConfirmNotYou)
	msg := s.message(l, rec.ID, MailConfirm, mailmsg.Address{Name: rec.Form.Name, Email: rec.Form.Email},
		i18n.Fill(m.ConfirmSubject, "name", c.Name), &b)
	return msg.Bytes()
}

// composeForward is the signed request to the company's privacy inbox, in
// the company's language, with request.json and its signature attached.
func (s *Service) composeForward(c company.Controller, rec Record, doc apprequests.Document, links Links) ([]byte, error) {
	l := c.Language
	m, r := i18n.Mail(l), i18n.Requests(l)
	var b mailmsg.Body
	b.Para(m.ForwardIntro)
	b.Heading(apprequests.Asked(l, rec.Type))
	b.Heading(m.ForwardFrom)
	// The requester first, with the language they wrote in (the company
	// answers them, and may want to in that language), then the rest.
	copied := apprequests.CopyOf(l, doc, apprequests.CopyForCompany)
	apprequests.WriteCopy(&b, copied[:1])
	b.Para(i18n.Fill(m.CustomerLang, "language", m.LanguageNames[langOr(rec.Language, l)]) + " " + m.Given)
	apprequests.WriteCopy(&b, copied[1:])
	// What the law asks of the company for this type, and, for the
	// rights of arts. 15-22, the deadlines and what a refusal needs.
	b.Heading(m.DutiesTitle)
	duty := m.Duties[rec.Type]
	if rec.Type == apprequests.TypeObjection && doc.Details != nil {
		duty = m.Objections[doc.Details.ObjectionScope]
	}
	b.Para(duty)
	deadline := apprequests.HasDeadline(rec.Type)
	if deadline {
		b.Para(i18n.Fill(m.Refusal, "authority", c.Authority().Title(l)))
		b.Heading(m.ForwardTimeline)
		b.Para(i18n.Fill(m.Received, "date", dateOf(l, rec.ConfirmedAt)))
		b.Para(i18n.Fill(m.Due, "date", date(l, rec.DueBy)))
		b.Para(i18n.Fill(m.Latest, "date", date(l, rec.LatestDueBy)) + " " + i18n.Fill(m.ExtensionRule, "due", date(l, rec.DueBy)))
		b.Para(m.ClockRule)
	} else {
		b.Para(i18n.Fill(m.Received, "date", dateOf(l, rec.ConfirmedAt)))
	}
	b.Para(m.Electronic)
	b.Para(m.ReplyHow)
	b.Para(m.Identity)
	b.Button(m.HandledLink, m.HandledButton, links.Handled)
	if deadline {
		b.Button(m.ExtendLink, m.ExtendButton, links.Extend)
	}
	b.Para(i18n.Fill(m.VerifyHow, "kid", rec.KeyID))
	b.Link(m.VerifyLink, links.Verify)
	b.Link(m.KeysLink, links.Keys)
	b.Para(m.Footer)
	subjectText := m.ForwardSubject
	if !deadline {
		subjectText = m.ForwardSubjectN // no deadline to put in the subject
	}
	subject := i18n.Fill(subjectText, "request", Capitalise(requestName(r, rec.Type)), "reference", rec.Reference, "due", date(l, rec.DueBy))
	msg := s.message(l, rec.ID, MailForward, mailmsg.Address{Name: c.Name, Email: c.PrivacyEmail}, subject, &b)
	msg.ReplyTo = &mailmsg.Address{Name: rec.Form.Name, Email: rec.Form.Email}
	msg.Attachments = []mailmsg.Attachment{
		{Filename: "request.json", ContentType: "application/json", Data: rec.Document},
		{Filename: "request.json.sig", ContentType: "application/octet-stream", Data: rec.Signature},
	}
	return msg.Bytes()
}

// composeReceipt is the customer's receipt on a durable medium: what was
// sent, when it is due, whom to contact, and where to complain.
func (s *Service) composeReceipt(c company.Controller, rec Record, doc apprequests.Document) ([]byte, error) {
	l := langOr(rec.Language, c.Language)
	m, r, t := i18n.Mail(l), i18n.Requests(l), i18n.Pages(l)
	var b mailmsg.Body
	b.Para(i18n.Fill(m.ReceiptIntro, "name", c.Name, "date", dateOf(l, rec.ConfirmedAt)))
	b.Pairs(
		[2]string{r.Reference, rec.Reference},
		[2]string{r.Label("type"), typeName(r, rec.Type)},
		[2]string{r.DueBy, dueOf(l, rec)},
	)
	if apprequests.HasDeadline(rec.Type) {
		b.Para(i18n.Fill(m.ReceiptDue, "name", c.Name, "due", date(l, rec.DueBy), "latest", date(l, rec.LatestDueBy)))
	}
	receiptMarketing(&b, l, c, rec)
	b.Heading(r.WhatWasSent)
	apprequests.WriteCopy(&b, apprequests.CopyOf(l, doc, apprequests.CopyForCustomer))
	b.Heading(r.CompanyContact)
	b.Pairs(
		[2]string{t.PrivacyEmail, c.PrivacyEmail},
		[2]string{t.PhoneLabel, valid.FormatPhone(c.Phone)},
		[2]string{t.AddressLabel, addressLine(c.Address)},
	)
	b.Heading(r.ComplainTitle)
	a := c.Authority()
	b.Para(i18n.Fill(r.ComplainText, "authority", a.Title(l)))
	b.Pairs(
		[2]string{t.AddressLabel, addressLine(a.Address)},
		[2]string{t.PhoneLabel, valid.FormatPhone(a.Phone)},
		[2]string{t.EmailLabel, a.Email},
		[2]string{t.WebsiteLabel, a.Website},
	)
	b.Para(t.ComplainElsewhere)
	b.Para(r.IdentityNote)
	msg := s.message(l, rec.ID, MailReceipt, mailmsg.Address{Name: rec.Form.Name, Email: rec.Form.Email},
		i18n.Fill(m.ReceiptSubject, "name", c.Name, "reference", rec.Reference), &b)
	return msg.Bytes()
}

// receiptMarketing says, for a withdrawal of consent or an objection to
// direct marketing, what the portal records in the company's marketing
// (marketingconsent.ByRequest): each channel's record in the words it is kept
// in, that every consent is withdrawn and the marketers get the
// suppression list; and, for a withdrawal, which channels it does not
// stop and how to stop them too. The records are made when the request is
// confirmed, in the same request that queues this receipt, and retried by
// the schedule until they hold (functions/marketingconsent).
func receiptMarketing(b *mailmsg.Body, l i18n.Lang, c company.Controller, rec Record) {
	effect, ok := appmarketingconsent.ByRequest(c.Country, rec.Type, rec.Form.ObjectionScope)
	if !ok {
		return
	}
	m, k := i18n.Mail(l), i18n.Marketing(l)
	b.Heading(i18n.Fill(m.MarketingTitle, "name", c.Name))
	b.Para(i18n.Fill(m.MarketingIntro, "name", c.Name))
	for _, ch := range effect.Channels {
		b.Quote(appmarketingconsent.RequestWording(c, l, ch, effect.Status))
	}
	b.Para(i18n.Fill(m.MarketingWithdrawn, "name", c.Name) + " " + i18n.Fill(m.MarketingSuppressed, "name", c.Name))
	var rest []string
	for _, ch := range appmarketingconsent.AllChannels() {
		if !slices.Contains(effect.Channels, ch) {
			rest = append(rest, k.ChannelBy[ch])
		}
	}
	if len(rest) > 0 {
		b.Para(i18n.Fill(m.MarketingObjectHint, "channels", i18n.JoinAnd(l, rest)))
	}
}

// composeReminder reminds the company of a deadline; it carries no
// personal data, so it can be sent after the data is erased.
func (s *Service) composeReminder(c company.Controller, rec Record, kind string, links Links) ([]byte, error) {
	l := c.Language
	m, r := i18n.Mail(l), i18n.Requests(l)
	subject := i18n.Fill(m.Reminder7Subject, "reference", rec.Reference, "due", date(l, rec.Due()))
	if kind == MailReminderDue {
		subject = i18n.Fill(m.ReminderDueSubject, "reference", rec.Reference)
	}
	var b mailmsg.Body
	b.Para(i18n.Fill(m.ReminderIntro, "reference", rec.Reference, "request", requestName(r, rec.Type),
		"submitted", dateOf(l, rec.SubmittedAt), "due", date(l, rec.Due())))
	b.Button(m.ReminderStop, m.HandledButton, links.Handled)
	if rec.ExtendedTo == (calendar.Date{}) {
		b.Button(m.ExtendLink, m.ExtendButton, links.Extend)
	}
	b.Para(m.Footer)
	msg := s.message(l, rec.ID, kind, mailmsg.Address{Name: c.Name, Email: c.PrivacyEmail}, subject, &b)
	return msg.Bytes()
}

// composeExtension tells the customer the new deadline and the company's
// reasons, in the customer's language.
func (s *Service) composeExtension(c company.Controller, rec Record, reasons string) ([]byte, error) {
	l := langOr(rec.Language, c.Language)
	m, r := i18n.Mail(l), i18n.Requests(l)
	var b mailmsg.Body
	b.Para(i18n.Fill(m.ExtensionIntro, "name", c.Name, "reference", rec.Reference, "date", date(l, rec.ExtendedTo)))
	b.Heading(i18n.Fill(m.ExtensionReasons, "name", c.Name))
	b.Quote(reasons)
	b.Heading(r.ComplainTitle)
	b.Para(i18n.Fill(r.ComplainText, "authority", c.Authority().Title(l)) + " " + c.Authority().Website)
	msg := s.message(l, rec.ID, MailExtension, mailmsg.Address{Name: rec.Form.Name, Email: rec.Form.Email},
		i18n.Fill(m.ExtensionSubject, "name", c.Name, "reference", rec.Reference), &b)
	return msg.Bytes()
}

// composeUndelivered tells the customer that the company's privacy inbox
// refused their request, and how to reach the company otherwise.
func (s *Service) composeUndelivered(c company.Controller, rec Record) ([]byte, error) {
	l := langOr(rec.Language, c.Language)
	m, r, t := i18n.Mail(l), i18n.Requests(l), i18n.Pages(l)
	var b mailmsg.Body
	b.Para(i18n.Fill(m.UndeliveredIntro, "name", c.Name, "reference", rec.Reference, "email", c.PrivacyEmail))
	b.Para(i18n.Fill(m.UndeliveredHow, "name", c.Name))
	b.Heading(r.CompanyContact)
	pairs := [][2]string{{t.AddressLabel, addressLine(c.Address)}}
	if c.Phone != "" {
		pairs = append(pairs, [2]string{t.PhoneLabel, valid.FormatPhone(c.Phone)})
	}
	b.Pairs(pairs...)
	b.Heading(r.ComplainTitle)
	b.Para(i18n.Fill(r.ComplainText, "authority", c.Authority().Title(l)) + " " + c.Authority().Website)
	msg := s.message(l, rec.ID, MailUndelivered, mailmsg.Address{Name: rec.Form.Name, Email: rec.Form.Email},
		i18n.Fill(m.UndeliveredSubject, "name", c.Name, "reference", rec.Reference), &b)
	return msg.Bytes()
}

// composeUnreachable tells the company that the customer's address
// refused a message the company's duties depend on; it names no personal
// data beyond the reference the company already has.
func (s *Service) composeUnreachable(c company.Controller, rec Record, failedKind string) ([]byte, error) {
	l := c.Language
	m := i18n.Mail(l)
	var b mailmsg.Body
	b.Para(i18n.Fill(m.UnreachableIntro, "reference", rec.Reference, "what", m.UnreachableWhat[failedKind]))
	b.Para(m.Footer)
	msg := s.message(l, rec.ID, MailUnreachable, mailmsg.Address{Name: c.Name, Email: c.PrivacyEmail},
		i18n.Fill(m.UnreachableSubject, "reference", rec.Reference), &b)
	return msg.Bytes()
}

func addressLine(a company.Address) string {
	return strings.Join(a.Lines, ", ") + ", " + a.PostalCode + " " + a.City
}
