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
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"slices"
	"strconv"
	"strings"
	"time"

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

// timeout bounds one call to a mail service's API.
const timeout = 30 * time.Second

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
	case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity:
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
	Base   string
	Client *http.Client
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
	req, err := http.NewRequestWithContext(ctx, http.MethodPost,
		strings.TrimSuffix(base, "/")+"/accounts/"+c.AccountID+"/email/sending/send_raw", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", e.Key)
	res, err := client(c.Client).Do(req)
	if err != nil {
		return fmt.Errorf("cloudflare email: %w", err)
	}
	defer res.Body.Close()
	var a cloudflareAnswer
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	_ = json.Unmarshal(raw, &a)
	var detail []string
	for _, x := range a.Errors {
		detail = append(detail, strconv.Itoa(x.Code)+" "+x.Message)
	}
	if res.StatusCode/100 != 2 || !a.Success {
		status := res.StatusCode
		if status/100 == 2 {
			// success: false on a 200 is the API refusing the message.
			status = http.StatusUnprocessableEntity
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
	Base   string
	Client *http.Client
}

// Send sends one message with messages.mime.
func (m Mailgun) Send(ctx context.Context, e outbox.Envelope) error {
	base := m.Base
	if base == "" {
		base = "https://api.eu.mailgun.net"
	}
	var body bytes.Buffer
	form := multipart.NewWriter(&body)
	if err := form.WriteField("to", e.To); err != nil {
		return err
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="message"; filename="message.eml"`)
	h.Set("Content-Type", "message/rfc822")
	part, err := form.CreatePart(h)
	if err != nil {
		return err
	}
	if _, err := part.Write(e.Message); err != nil {
		return err
	}
	if err := form.Close(); err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost,
		strings.TrimSuffix(base, "/")+"/v3/"+m.Domain+"/messages.mime", &body)
	if err != nil {
		return err
	}
	req.SetBasicAuth("api", m.Key)
	req.Header.Set("Content-Type", form.FormDataContentType())
	req.Header.Set("Idempotency-Key", e.Key)
	res, err := client(m.Client).Do(req)
	if err != nil {
		return fmt.Errorf("mailgun: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode/100 == 2 {
		return nil
	}
	var a struct {
		Message string `json:"message"`
	}
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	_ = json.Unmarshal(raw, &a)
	return classifyHTTP("mailgun", res.StatusCode, a.Message)
}

func client(c *http.Client) *http.Client {
	if c != nil {
		return c
	}
	return &http.Client{Timeout: timeout}
}

// Settings name a transport and what it needs, as the Worker's variables
// and secrets give them.
type Settings struct {
	Transport string // binding (or ""), cloudflare, mailgun
	// Cloudflare Email Service.
	CFAccountID, CFToken, CFBase string
	// Mailgun.
	MailgunDomain, MailgunKey, MailgunBase string
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
		if s.MailgunDomain == "" || s.MailgunKey == "" {
			return nil, errors.New(`MAIL_TRANSPORT "mailgun" needs the variable MAILGUN_DOMAIN and the secret MAILGUN_API_KEY`)
		}
		return Mailgun{Domain: s.MailgunDomain, Key: s.MailgunKey, Base: s.MailgunBase}, nil
	}
	return nil, fmt.Errorf(`MAIL_TRANSPORT must be "binding", "cloudflare" or "mailgun", not %q`, s.Transport)
}
