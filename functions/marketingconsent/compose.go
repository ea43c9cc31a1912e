package marketingconsent

import (
	"net/url"
	"time"

	"privacyportal/app/calendar"
	"privacyportal/app/company"
	"privacyportal/app/i18n"
	"privacyportal/app/mailmsg"
)

func (s *Service) message(l i18n.Lang, ref, kind string, to mailmsg.Address, subject string, b *mailmsg.Body) ([]byte, error) {
	host := s.Origin
	if u, err := url.Parse(s.Origin); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	from := s.From
	if from.Name == "" {
		from.Name = i18n.Pages(l).SiteName
	}
	return mailmsg.Message{
		From: from, To: []mailmsg.Address{to}, Subject: subject, Date: s.Now().UTC(),
		MessageID: ref + "." + kind + "@" + host,
		Headers:   []mailmsg.Header{{Name: "Auto-Submitted", Value: "auto-generated"}},
		Text:      b.Text(), HTML: b.HTML(string(l)),
	}.Bytes()
}

// choices writes the wordings of an opt-in, as the customer saw them.
func choices(b *mailmsg.Body, o OptIn) {
	for _, ch := range o.Form.Channels {
		b.Quote(o.Wordings[ch])
	}
	for _, ch := range o.Form.Reserve {
		b.Quote(o.Wordings["no:"+ch])
	}
}

// composeConfirm asks the customer to confirm (double opt-in).
func (s *Service) composeConfirm(c company.Controller, o OptIn) ([]byte, error) {
	l := langOr(o.Form.Language, c.Language)
	k := i18n.Marketing(l)
	var b mailmsg.Body
	b.Para(i18n.Fill(k.ConfirmMail, "name", c.Name))
	choices(&b, o)
	b.Link(k.ConfirmLink, s.Origin+"/api/marketing/confirm?t="+s.confirmToken(o))
	b.Para(i18n.Fill(k.ConfirmExpiry, "time", i18n.FormatDateTime(l, calendar.LocalTime(o.ExpiresAt))))
	b.Para(k.ConfirmNotYou)
	return s.message(l, o.ID, "marketing-confirm", mailmsg.Address{Email: o.Form.Email},
		i18n.Fill(k.ConfirmSubject, "name", c.Name), &b)
}

// composeReceipt is the receipt on a durable medium: the exact wording
// consented to, the company, the channels, and how to withdraw.
func (s *Service) composeReceipt(c company.Controller, o OptIn, p Person, at time.Time) ([]byte, error) {
	l := langOr(o.Form.Language, c.Language)
	k, t := i18n.Marketing(l), i18n.Pages(l)
	var b mailmsg.Body
	b.Para(i18n.Fill(k.ReceiptIntro, "name", c.Name, "date", i18n.FormatDateTime(l, calendar.LocalTime(at))))
	b.Heading(k.ReceiptWording)
	choices(&b, o)
	b.Pairs(
		[2]string{t.Controller, c.LegalEntities[0].Name},
		[2]string{t.PrivacyEmail, c.PrivacyEmail},
		[2]string{t.PhoneLabel, p.Phone},
		[2]string{k.PostalName, p.Name},
	)
	b.Link(k.ReceiptHow, s.ManageLink(p.ID))
	b.Para(k.Footer)
	return s.message(l, o.ID, "marketing-receipt", mailmsg.Address{Email: o.Form.Email},
		i18n.Fill(k.ReceiptSubject, "name", c.Name), &b)
}
