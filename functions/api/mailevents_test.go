package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"privacyportal/functions/d1"
	"privacyportal/functions/mail"
	portalmail "privacyportal/functions/outbox"
)

// webhook is the body Mailgun posts for an event about a message, signed
// with key at ts with token.
func webhook(key string, ts time.Time, token, event, severity, messageID string) []byte {
	stamp := strconv.FormatInt(ts.Unix(), 10)
	b, _ := json.Marshal(map[string]any{
		"signature": map[string]string{"timestamp": stamp, "token": token,
			"signature": mail.MailgunWebhook{Key: []byte(key)}.Sign(stamp, token)},
		"event-data": map[string]any{
			"event": event, "severity": severity, "reason": "bounce", "log-level": "error",
			"recipient": "catherine.sahlgren@werksta.com", "recipient-domain": "werksta.com",
			"delivery-status": map[string]any{"code": 550, "message": "5.1.1 The email account that you tried to reach does not exist", "attempt-no": 1},
			"message":         map[string]any{"headers": map[string]string{"message-id": messageID, "to": "catherine.sahlgren@werksta.com"}, "size": 4000},
			"flags":           map[string]bool{"is-test-mode": false},
		},
	})
	return b
}

func postWebhook(p *portal, body []byte, contentType string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", "/api/mail/events/mailgun", bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	return p.serve(req)
}

// state is what a webhook may change: the request's status and delivery,
// and the mail the portal has queued or sent.
func (p *portal) state(t *testing.T, id string) string {
	t.Helper()
	rows, err := p.db.Query(context.Background(), d1.Stmt(`SELECT status, COALESCE(delivered_at, '') FROM requests WHERE id = ?`, id))
	if err != nil {
		t.Fatal(err)
	}
	mails, err := p.db.Query(context.Background(), d1.Stmt(`SELECT kind, failed_at IS NOT NULL FROM mail WHERE request_id = ? ORDER BY id`, id))
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(rows.Values, mails.Values, p.mail.count())
}

// Mailgun's webhook, through the API: an event signed with the key about
// a message of the portal's is taken once; unsigned, wrongly signed,
// stale, replayed, oversized and garbage webhooks change nothing.
func TestMailgunWebhook(t *testing.T) {
	p := newPortal(t)
	id := p.confirmed(t, "werksta")
	var forward string
	for i := 0; i < p.mail.count(); i++ {
		if p.mail.recipients(i)[0] == "catherine.sahlgren@werksta.com" {
			p.mail.mu.Lock()
			forward = portalmail.MessageID(p.mail.sent[i].Raw)
			p.mail.mu.Unlock()
			break
		}
	}
	now := p.clock.now()
	before := p.state(t, id)
	r := rand.New(rand.NewPCG(13, 14))
	refused := []struct {
		name   string
		body   []byte
		ctype  string
		status int
	}{
		{"unsigned", []byte(`{"event-data":{"event":"failed","severity":"permanent","message":{"headers":{"message-id":"` + forward + `"}}}}`), "application/json", 401},
		{"signed with another key", webhook("key-other", now, "tok-a", "failed", "permanent", forward), "application/json", 401},
		{"stale", webhook(webhookKey, now.Add(-10*time.Hour), "tok-b", "failed", "permanent", forward), "application/json", 406},
		{"from the future", webhook(webhookKey, now.Add(time.Hour), "tok-c", "failed", "permanent", forward), "application/json", 406},
		{"not JSON", []byte("signature=x&event=failed"), "application/x-www-form-urlencoded", 415},
		{"over 32 KiB", append(webhook(webhookKey, now, "tok-d", "failed", "permanent", forward)[:1], bytes.Repeat([]byte(" "), 33<<10)...), "application/json", 413},
		{"trailing data", append(webhook(webhookKey, now, "tok-e", "failed", "permanent", forward), []byte(`{}`)...), "application/json", 400},
		{"not UTF-8", []byte("{\"x\":\"\xff\"}"), "application/json", 422},
		{"a temporary failure", webhook(webhookKey, now, "tok-f", "failed", "temporary", forward), "application/json", 200},
		{"a delivery", webhook(webhookKey, now, "tok-g", "delivered", "", forward), "application/json", 200},
		{"another message", webhook(webhookKey, now, "tok-h", "failed", "permanent", "someone.else@portal.example"), "application/json", 200},
	}
	for i := 0; i < 200; i++ {
		b := make([]byte, r.IntN(300))
		for j := range b {
			b[j] = byte(r.IntN(256))
		}
		refused = append(refused, struct {
			name   string
			body   []byte
			ctype  string
			status int
		}{fmt.Sprintf("garbage %d", i), b, "application/json", 0})
	}
	for _, tt := range refused {
		rec := postWebhook(p, tt.body, tt.ctype)
		if tt.status != 0 && rec.Code != tt.status {
			t.Errorf("%s: status %d, want %d: %s", tt.name, rec.Code, tt.status, rec.Body)
		}
		if rec.Code >= 500 {
			t.Errorf("%s: status %d", tt.name, rec.Code)
		}
		if got := p.state(t, id); got != before {
			t.Fatalf("%s changed the request or its mail:\n%s\n%s", tt.name, before, got)
		}
	}

	good := webhook(webhookKey, now.Add(-3*time.Hour), "tok-good-0123456789", "failed", "permanent", forward)
	if rec := postWebhook(p, good, "application/json"); rec.Code != 200 || !strings.Contains(rec.Body.String(), "reported") {
		t.Fatalf("the signed report: %d %s", rec.Code, rec.Body)
	}
	status := decodeJSON(t, p.serve(httptest.NewRequest("GET", "/api/requests/"+id, nil)))
	if status["status"] != "confirmed" || status["delivered_at"] != nil {
		t.Errorf("after the report, the request's status answer is %v", status)
	}
	last := p.mail.count() - 1
	if to, subject := p.mail.recipients(last)[0], p.mail.parsed(t, last).Get("Subject"); to != "ase@example.no" || !strings.Contains(subject, "kom ikke fram") {
		t.Errorf("last mail: %s: %s; want the customer told the request did not arrive", to, subject)
	}
	after := p.state(t, id)
	// The same webhook again (Mailgun's retry of one whose answer was
	// lost, or a replay), and another token about the same message.
	if rec := postWebhook(p, good, "application/json"); rec.Code != http.StatusNotAcceptable {
		t.Errorf("the same token again: %d %s", rec.Code, rec.Body)
	}
	if rec := postWebhook(p, webhook(webhookKey, now, "tok-good-2", "complained", "", forward), "application/json"); rec.Code != 200 {
		t.Errorf("a complaint after the failure: %d %s", rec.Code, rec.Body)
	}
	if got := p.state(t, id); got != after {
		t.Errorf("a second report changed something:\n%s\n%s", after, got)
	}
}
