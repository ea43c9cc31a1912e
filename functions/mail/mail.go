// Package mail sends the portal's e-mail, the portal's own RFC 5322
// messages byte for byte, through one of three transports chosen by the
// Worker's MAIL_TRANSPORT setting:
//
//   - "binding" (the default): the Worker's send_email binding. Under
//     `wrangler dev` the binding writes each message to a file instead;
//     see scripts/serve.mjs, which collects them in .data/outbox/. On
//     Cloudflare it sends to any address only with Cloudflare Email
//     Service onboarded for the sender's domain (with Email Routing alone,
//     only to verified destination addresses).
//   - "cloudflare": Cloudflare Email Service's REST endpoint send_raw
//     (POST /accounts/{account_id}/email/sending/send_raw with from,
//     recipients and mime_message;
//     https://developers.cloudflare.com/api/resources/email_sending/methods/send_raw/).
//   - "mailgun": Mailgun's MIME endpoint (POST /v3/{domain}/messages.mime,
//     multipart form with to and message;
//     https://documentation.mailgun.com/docs/mailgun/api-reference/openapi-final/tag/Messages/),
//     in Mailgun's EU region by default.
//
// Every transport tells a permanent failure (the recipient is invalid or
// refused for good: outbox.PermanentError) from a temporary one (the
// service is down, busy, or misconfigured, which an operator can fix), so
// the outbox retries only what a retry can cure. The HTTP transports send
// each message's idempotency key as the Idempotency-Key header.
package mail

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"privacyportal/functions/fetch"
	"privacyportal/functions/outbox"
)

// classifyBinding tells the send_email binding's permanent failures from
// its temporary ones by the error's code
// (https://developers.cloudflare.com/email-service/api/send-emails/workers-api/#error-codes):
// a suppressed recipient (it bounced or complained), an invalid address
// and a message too large will be refused again whatever the time. A
// recipient outside allowed_destination_addresses, an unverified or
// unonboarded sender domain, and the rate and daily limits are the
// operator's or the service's to clear, so the message waits for a retry;
// so does any error without a code (a message of the older Email Routing
// binding, or a network failure).
func classifyBinding(code, text string) error {
	switch code {
	case "E_RECIPIENT_SUPPRESSED", "E_VALIDATION_ERROR", "E_CONTENT_TOO_LARGE":
		return outbox.Permanent(code + ": " + text)
	case "":
		return errors.New(text)
	}
	return errors.New(code + ": " + text)
}

// classifyHTTP turns a mail service's HTTP status into an error: a request
// the service will refuse again whatever the time (400 bad request, 413
// too large, 422 unprocessable: an invalid recipient or message) is
// permanent; 401/403/404 are the operator's to fix (a token, an account,
// a domain) and 408/429/5xx the service's, so those are retried.
func classifyHTTP(service string, status int, detail string) error {
	text := service + ": HTTP " + strconv.Itoa(status)
	if detail != "" {
		text += ": " + detail
	}
	switch status {
	case 400, 413, 422:
		return outbox.Permanent(text)
	}
	return errors.New(text)
}

// CloudflareAPI sends through Cloudflare Email Service's REST API.
type CloudflareAPI struct {
	AccountID string
	Token     string // an API token with the Email Sending permission
	// Base is the API's address, https://api.cloudflare.com/client/v4
	// unless set (tests use a server on loopback).
	Base string
	HTTP fetch.Doer
}

// cloudflareAnswer is the API's envelope around send_raw's result.
type cloudflareAnswer struct {
	Success bool `json:"success"`
	Errors  []struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
	Result struct {
		Delivered        []string `json:"delivered"`
		PermanentBounces []string `json:"permanent_bounces"`
		Queued           []string `json:"queued"`
	} `json:"result"`
}

// Send sends one message with send_raw.
func (c CloudflareAPI) Send(ctx context.Context, e outbox.Envelope) error {
	base := c.Base
	if base == "" {
		base = "https://api.cloudflare.com/client/v4"
	}
	body, err := json.Marshal(map[string]any{"from": e.From, "recipients": []string{e.To}, "mime_message": string(e.Message)})
	if err != nil {
		return err
	}
	res, err := doer(c.HTTP).Do(ctx, fetch.Request{
		Method: "POST",
		URL:    strings.TrimSuffix(base, "/") + "/accounts/" + c.AccountID + "/email/sending/send_raw",
		Header: [][2]string{{"Authorization", "Bearer " + c.Token}, {"Content-Type", "application/json"}, {"Idempotency-Key", e.Key}},
		Body:   body,
	})
	if err != nil {
		return fmt.Errorf("cloudflare email: %w", err)
	}
	var a cloudflareAnswer
	_ = json.Unmarshal(res.Body, &a)
	var detail []string
	for _, x := range a.Errors {
		detail = append(detail, strconv.Itoa(x.Code)+" "+x.Message)
	}
	if res.Status/100 != 2 || !a.Success {
		status := res.Status
		if status/100 == 2 {
			// success: false on a 200 is the API refusing the message.
			status = 422
		}
		return classifyHTTP("cloudflare email", status, strings.Join(detail, "; "))
	}
	if slices.ContainsFunc(a.Result.PermanentBounces, func(s string) bool { return strings.EqualFold(s, e.To) }) {
		return outbox.Permanent("cloudflare email: the recipient bounced for good")
	}
	return nil
}

// Mailgun sends through Mailgun's MIME endpoint.
type Mailgun struct {
	Domain string
	Key    string // the sending API key
	// Base is https://api.eu.mailgun.net unless set: the EU region keeps
	// the messages in the EU.
	Base string
	HTTP fetch.Doer
}

// Send sends one message with messages.mime, as a multipart/form-data
// post of the recipient and the message (RFC 7578).
func (m Mailgun) Send(ctx context.Context, e outbox.Envelope) error {
	base := m.Base
	if base == "" {
		base = "https://api.eu.mailgun.net"
	}
	// The boundary is derived from the message's key: it must not occur
	// in the message, and a message is 7-bit text whose lines never start
	// with this.
	boundary := "----portal-" + strings.TrimPrefix(e.Key, "pp-")
	var body strings.Builder
	body.WriteString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"to\"\r\n\r\n" + e.To + "\r\n")
	body.WriteString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"message\"; filename=\"message.eml\"\r\n" +
		"Content-Type: message/rfc822\r\n\r\n")
	body.Write(e.Message)
	body.WriteString("\r\n--" + boundary + "--\r\n")
	if strings.Contains(string(e.Message), "--"+boundary) || strings.ContainsAny(e.To, "\r\n") {
		return outbox.Permanent("mailgun: the message cannot be framed")
	}
	res, err := doer(m.HTTP).Do(ctx, fetch.Request{
		Method: "POST",
		URL:    strings.TrimSuffix(base, "/") + "/v3/" + m.Domain + "/messages.mime",
		Header: [][2]string{
			{"Authorization", "Basic " + base64.StdEncoding.EncodeToString([]byte("api:"+m.Key))},
			{"Content-Type", "multipart/form-data; boundary=" + boundary},
			{"Idempotency-Key", e.Key},
		},
		Body: []byte(body.String()),
	})
	if err != nil {
		return fmt.Errorf("mailgun: %w", err)
	}
	if res.Status/100 == 2 {
		return nil
	}
	var a struct {
		Message string `json:"message"`
	}
	_ = json.Unmarshal(res.Body, &a)
	return classifyHTTP("mailgun", res.Status, a.Message)
}

func doer(d fetch.Doer) fetch.Doer {
	if d != nil {
		return d
	}
	return fetch.New()
}

// Settings name a transport and what it needs, as the Worker's variables
// and secrets give them.
type Settings struct {
	Transport string // binding (or ""), cloudflare, mailgun
	// Cloudflare Email Service.
	CFAccountID, CFToken, CFBase string
	// Mailgun. MailgunWebhookKey is the webhook signing key, which checks
	// the event webhooks that report messages undelivered after Mailgun
	// accepted them.
	MailgunDomain, MailgunKey, MailgunBase, MailgunWebhookKey string
}

// MailgunWebhook returns the checker of Mailgun's event webhooks, or nil
// when the transport is not Mailgun.
func (s Settings) MailgunWebhook() *MailgunWebhook {
	if s.Transport != "mailgun" || s.MailgunWebhookKey == "" {
		return nil
	}
	return &MailgunWebhook{Key: []byte(s.MailgunWebhookKey)}
}

// HTTPTransport returns the HTTP transport the settings name, or nil for
// the binding (which only exists inside the Worker); it refuses settings
// that lack what their transport needs, so a deployment fails at start,
// not at its first message.
func HTTPTransport(s Settings) (outbox.Mailer, error) {
	switch s.Transport {
	case "", "binding":
		return nil, nil
	case "cloudflare":
		if s.CFAccountID == "" || s.CFToken == "" {
			return nil, errors.New(`MAIL_TRANSPORT "cloudflare" needs the variable CF_ACCOUNT_ID and the secret CF_EMAIL_API_TOKEN`)
		}
		return CloudflareAPI{AccountID: s.CFAccountID, Token: s.CFToken, Base: s.CFBase}, nil
	case "mailgun":
		// Without the webhook key a message Mailgun accepts and cannot
		// deliver later would count as delivered and nobody would hear.
		if s.MailgunDomain == "" || s.MailgunKey == "" || s.MailgunWebhookKey == "" {
			return nil, errors.New(`MAIL_TRANSPORT "mailgun" needs the variable MAILGUN_DOMAIN and the secrets MAILGUN_API_KEY and MAILGUN_WEBHOOK_KEY`)
		}
		return Mailgun{Domain: s.MailgunDomain, Key: s.MailgunKey, Base: s.MailgunBase}, nil
	}
	return nil, fmt.Errorf(`MAIL_TRANSPORT must be "binding", "cloudflare" or "mailgun", not %q`, s.Transport)
}
