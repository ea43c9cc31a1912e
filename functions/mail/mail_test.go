package mail

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"privacyportal/functions/outbox"
)

const raw = "From: Personvernportalen <portal@portal.example>\r\nTo: kari@example.no\r\nSubject: =?utf-8?q?Bekreft_kravet?=\r\nMessage-ID: <a.confirm@portal.example>\r\n\r\nHei\r\n"

var envelope = outbox.Envelope{Key: outbox.Key([]byte(raw)), From: "portal@portal.example", To: "kari@example.no", Message: []byte(raw)}

// cloudflareServer answers as Cloudflare's send_raw does: the API's JSON
// envelope, with the recipients delivered, queued or bounced for good.
func cloudflareServer(t *testing.T, status int, answer string, got *map[string]any, header *http.Header) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/accounts/acc123/email/sending/send_raw" {
			t.Errorf("request to %s %s", r.Method, r.URL.Path)
		}
		*header = r.Header.Clone()
		if err := json.NewDecoder(r.Body).Decode(got); err != nil {
			t.Errorf("body: %v", err)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, answer)
	}))
}

func TestCloudflareAPI(t *testing.T) {
	ok := `{"success":true,"errors":[],"messages":[],"result":{"delivered":["kari@example.no"],"permanent_bounces":[],"queued":[]}}`
	tests := []struct {
		name      string
		status    int
		answer    string
		wantErr   bool
		permanent bool
	}{
		{"delivered", 200, ok, false, false},
		{"queued", 200, `{"success":true,"errors":[],"result":{"delivered":[],"permanent_bounces":[],"queued":["kari@example.no"]}}`, false, false},
		{"bounced for good", 200, `{"success":true,"errors":[],"result":{"delivered":[],"permanent_bounces":["Kari@Example.no"],"queued":[]}}`, true, true},
		{"refused as invalid", 400, `{"success":false,"errors":[{"code":10001,"message":"invalid recipient"}]}`, true, true},
		{"success false on a 200", 200, `{"success":false,"errors":[{"code":10002,"message":"recipient suppressed"}]}`, true, true},
		{"token wrong: the operator's to fix", 401, `{"success":false,"errors":[{"code":10000,"message":"Authentication error"}]}`, true, false},
		{"not entitled yet", 403, `{"success":false,"errors":[{"code":10003,"message":"ACCOUNT_NOT_ENTITLED"}]}`, true, false},
		{"rate limited", 429, `{"success":false,"errors":[{"code":971,"message":"rate limited"}]}`, true, false},
		{"down", 503, `upstream error`, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body map[string]any
			var header http.Header
			srv := cloudflareServer(t, tt.status, tt.answer, &body, &header)
			defer srv.Close()
			err := CloudflareAPI{AccountID: "acc123", Token: "tok", Base: srv.URL}.Send(context.Background(), envelope)
			if (err != nil) != tt.wantErr || outbox.IsPermanent(err) != tt.permanent {
				t.Fatalf("err = %v (permanent %v), want error %v, permanent %v", err, outbox.IsPermanent(err), tt.wantErr, tt.permanent)
			}
			want := map[string]any{"from": "portal@portal.example", "recipients": []any{"kari@example.no"}, "mime_message": raw}
			if diff := cmp.Diff(want, body); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
			if header.Get("Authorization") != "Bearer tok" || header.Get("Idempotency-Key") != envelope.Key {
				t.Errorf("headers %v", header)
			}
		})
	}
}

// mailgunServer answers as Mailgun's messages.mime does.
func mailgunServer(t *testing.T, status int, answer string, got *map[string]string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v3/mg.portal.example/messages.mime" {
			t.Errorf("request to %s %s", r.Method, r.URL.Path)
		}
		user, pass, _ := r.BasicAuth()
		(*got)["auth"] = user + ":" + pass
		(*got)["idempotency"] = r.Header.Get("Idempotency-Key")
		mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if mt != "multipart/form-data" {
			t.Errorf("content type %q", mt)
		}
		form := multipart.NewReader(r.Body, params["boundary"])
		for {
			p, err := form.NextPart()
			if err != nil {
				break
			}
			b, _ := io.ReadAll(p)
			(*got)[p.FormName()] = string(b)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, answer)
	}))
}

func TestMailgun(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		answer    string
		wantErr   bool
		permanent bool
	}{
		{"queued", 200, `{"id":"<x@mg.portal.example>","message":"Queued. Thank you."}`, false, false},
		{"bad recipient", 400, `{"message":"to parameter is not a valid address. please check documentation"}`, true, true},
		{"too large", 413, `{"message":"request too large"}`, true, true},
		{"key wrong", 401, `Forbidden`, true, false},
		{"domain unknown", 404, `{"message":"Domain not found: mg.portal.example"}`, true, false},
		{"rate limited", 429, `{"message":"too many requests"}`, true, false},
		{"down", 500, `{"message":"internal"}`, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[string]string{}
			srv := mailgunServer(t, tt.status, tt.answer, &got)
			defer srv.Close()
			err := Mailgun{Domain: "mg.portal.example", Key: "key-1", Base: srv.URL}.Send(context.Background(), envelope)
			if (err != nil) != tt.wantErr || outbox.IsPermanent(err) != tt.permanent {
				t.Fatalf("err = %v (permanent %v), want error %v, permanent %v", err, outbox.IsPermanent(err), tt.wantErr, tt.permanent)
			}
			want := map[string]string{"auth": "api:key-1", "idempotency": envelope.Key, "to": "kari@example.no", "message": raw}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("request (-want +got):\n%s", diff)
			}
		})
	}
}

// A service that does not answer is a temporary failure.
func TestUnreachableServiceIsTemporary(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	for _, m := range []outbox.Mailer{CloudflareAPI{AccountID: "a", Token: "t", Base: srv.URL}, Mailgun{Domain: "d", Key: "k", Base: srv.URL}} {
		if err := m.Send(context.Background(), envelope); err == nil || outbox.IsPermanent(err) {
			t.Errorf("%T: err = %v, want a temporary failure", m, err)
		}
	}
}

func TestClassifyBinding(t *testing.T) {
	tests := []struct {
		code, text string
		permanent  bool
	}{
		{"E_RECIPIENT_SUPPRESSED", "Recipient is on suppression list", true},
		{"E_VALIDATION_ERROR", "invalid email format", true},
		{"E_CONTENT_TOO_LARGE", "Email content exceeds size limit", true},
		// The operator's or the service's to clear: the message waits.
		{"E_RECIPIENT_NOT_ALLOWED", "email to kari@example.no not allowed", false},
		{"E_SENDER_DOMAIN_NOT_AVAILABLE", "Domain not onboarded", false},
		{"E_DAILY_LIMIT_EXCEEDED", "Daily limit exceeded", false},
		{"E_DELIVERY_FAILED", "recipient server rejection", false},
		{"", "destination address is not a verified address", false},
		{"", "network connection lost", false},
	}
	for _, tt := range tests {
		if got := outbox.IsPermanent(classifyBinding(tt.code, tt.text)); got != tt.permanent {
			t.Errorf("classifyBinding(%q, %q) permanent = %v, want %v", tt.code, tt.text, got, tt.permanent)
		}
	}
}

func TestHTTPTransport(t *testing.T) {
	tests := []struct {
		s       Settings
		want    string
		wantErr string
	}{
		{Settings{}, "<nil>", ""},
		{Settings{Transport: "binding"}, "<nil>", ""},
		{Settings{Transport: "cloudflare", CFAccountID: "a", CFToken: "t"}, "mail.CloudflareAPI", ""},
		{Settings{Transport: "cloudflare", CFAccountID: "a"}, "", "CF_EMAIL_API_TOKEN"},
		{Settings{Transport: "mailgun", MailgunDomain: "d", MailgunKey: "k", MailgunWebhookKey: "w"}, "mail.Mailgun", ""},
		{Settings{Transport: "mailgun", MailgunDomain: "d", MailgunKey: "k"}, "", "MAILGUN_WEBHOOK_KEY"},
		{Settings{Transport: "mailgun", MailgunKey: "k"}, "", "MAILGUN_DOMAIN"},
		{Settings{Transport: "smtp"}, "", `not "smtp"`},
	}
	for _, tt := range tests {
		m, err := HTTPTransport(tt.s)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%+v: err = %v, want one naming %s", tt.s, err, tt.wantErr)
			}
			continue
		}
		if got := typeName(m); err != nil || got != tt.want {
			t.Errorf("%+v: %s, %v; want %s", tt.s, got, err, tt.want)
		}
	}
}

func typeName(m outbox.Mailer) string {
	if m == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%T", m)
}
