package mail

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
)

var webhookNow = time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)

// signed is a signature as Mailgun makes it: HMAC-SHA256 of the timestamp
// and the token, hex, computed here from the documentation's recipe, not
// with Sign.
func signed(key, timestamp, token string) MailgunSignature {
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write([]byte(timestamp + token))
	return MailgunSignature{Timestamp: timestamp, Token: token, Signature: hex.EncodeToString(mac.Sum(nil))}
}

func TestMailgunWebhookSignatures(t *testing.T) {
	w := MailgunWebhook{Key: []byte("key-webhook-e2e")}
	ts := func(d time.Duration) string { return strconv.FormatInt(webhookNow.Add(d).Unix(), 10) }
	token := "e0b5477167110d68991efc6b9f89f0a11066af27834600e123"
	good := signed("key-webhook-e2e", ts(-time.Minute), token)
	upper := good
	upper.Signature = strings.ToUpper(good.Signature)
	tests := []struct {
		name string
		sig  MailgunSignature
		want error
	}{
		{"good", good, nil},
		{"good, in upper-case hex", upper, nil},
		{"just within the retry window", signed("key-webhook-e2e", ts(-MailgunWebhookMaxAge+time.Second), token), nil},
		{"a clock a little ahead", signed("key-webhook-e2e", ts(4*time.Minute), token), nil},
		{"another key", signed("key-other", ts(-time.Minute), token), ErrBadSignature},
		{"the API key's format but not the key", signed("key-webhook-e2f", ts(-time.Minute), token), ErrBadSignature},
		{"timestamp changed", MailgunSignature{Timestamp: ts(0), Token: token, Signature: good.Signature}, ErrBadSignature},
		{"token changed", MailgunSignature{Timestamp: good.Timestamp, Token: token + "x", Signature: good.Signature}, ErrBadSignature},
		{"signature cut short", MailgunSignature{Timestamp: good.Timestamp, Token: token, Signature: good.Signature[:63]}, ErrBadSignature},
		{"empty", MailgunSignature{}, ErrBadSignature},
		{"stale", signed("key-webhook-e2e", ts(-MailgunWebhookMaxAge-time.Second), token), ErrStale},
		{"a day old", signed("key-webhook-e2e", ts(-24*time.Hour), token), ErrStale},
		{"from the future", signed("key-webhook-e2e", ts(10*time.Minute), token), ErrStale},
		{"a timestamp that is not a number", signed("key-webhook-e2e", "1e9", token), ErrBadSignature},
		{"a negative timestamp", signed("key-webhook-e2e", "-5", token), ErrBadSignature},
		{"a token with a newline", signed("key-webhook-e2e", ts(0), "abc\ndef"), ErrBadSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			until, err := w.Verify(tt.sig, webhookNow)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
			if err == nil {
				secs, _ := strconv.ParseInt(tt.sig.Timestamp, 10, 64)
				if want := time.Unix(secs, 0).Add(MailgunWebhookMaxAge); !until.Equal(want) {
					t.Errorf("remember the token until %v, want %v (when its timestamp leaves the window)", until, want)
				}
			}
		})
	}
	if (MailgunWebhook{}).Sign("1", "t") == "" {
		t.Error("Sign gave nothing")
	}
	if _, err := (MailgunWebhook{}).Verify(signed("", ts(0), token), webhookNow); !errors.Is(err, ErrBadSignature) {
		t.Errorf("an empty key verified a signature made with the empty key: %v", err)
	}
}

// Generated garbage, and generated changes of a good signature, never
// verify.
func TestMailgunWebhookGarbage(t *testing.T) {
	w := MailgunWebhook{Key: []byte("key-webhook-e2e")}
	r := rand.New(rand.NewPCG(11, 12))
	ts := strconv.FormatInt(webhookNow.Unix(), 10)
	good := signed("key-webhook-e2e", ts, "tok-0123456789abcdef0123456789abcdef0123456789abc")
	str := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		return string(b)
	}
	for i := 0; i < 5000; i++ {
		s := good
		switch i % 5 {
		case 0: // garbage everywhere
			s = MailgunSignature{Timestamp: str(r.IntN(20)), Token: str(r.IntN(80)), Signature: str(r.IntN(80))}
		case 1: // one hex digit of the signature changed
			b := []byte(s.Signature)
			j := r.IntN(len(b))
			b[j] = "0123456789abcdef"[(strings.IndexByte("0123456789abcdef", b[j])+1+r.IntN(15))%16]
			s.Signature = string(b)
		case 2: // a random signature of the right shape
			b := make([]byte, 32)
			for j := range b {
				b[j] = byte(r.IntN(256))
			}
			s.Signature = hex.EncodeToString(b)
		case 3: // another timestamp, same signature
			s.Timestamp = strconv.FormatInt(webhookNow.Unix()-int64(1+r.IntN(1000)), 10)
		case 4: // another token, same signature
			s.Token = str(1 + r.IntN(60))
		}
		if _, err := w.Verify(s, webhookNow); err == nil {
			t.Fatalf("garbage verified: %+v", s)
		}
	}
	if _, err := w.Verify(good, webhookNow); err != nil {
		t.Fatalf("the good signature: %v", err)
	}
}

// What the portal reads of Mailgun's payloads: a permanent failure and a
// complaint are reports of a message undelivered; a temporary failure, a
// delivery, an acceptance, or an event without a Message-ID are not.
func TestMailgunEventUndelivered(t *testing.T) {
	payload := func(event, severity string, code any) string {
		b, _ := json.Marshal(map[string]any{
			"signature": map[string]string{"timestamp": "1", "token": "t", "signature": "s"},
			"event-data": map[string]any{
				"event": event, "severity": severity, "reason": "bounce", "recipient": "post@westrum.no",
				"delivery-status": map[string]any{"code": code, "message": "550 5.1.1 The email account that you tried to reach does not exist", "description": ""},
				"message":         map[string]any{"headers": map[string]string{"message-id": "abc.forward@portal.example", "to": "post@westrum.no"}},
				"user-variables":  map[string]any{}, "flags": map[string]bool{"is-test-mode": false},
			},
		})
		return string(b)
	}
	tests := []struct {
		name, body string
		ok         bool
		reason     string
		complaint  bool
	}{
		{"permanent failure", payload("failed", "permanent", 550), true, "mailgun: failed permanently: bounce: 550: 550 5.1.1 The email account that you tried to reach does not exist", false},
		{"code as a string", payload("failed", "permanent", "605"), true, "mailgun: failed permanently: bounce: 605: 550 5.1.1 The email account that you tried to reach does not exist", false},
		{"complaint", payload("complained", "", nil), true, "mailgun: the recipient marked it as spam: bounce: 550 5.1.1 The email account that you tried to reach does not exist", true},
		{"temporary failure", payload("failed", "temporary", 452), false, "", false},
		{"delivered", payload("delivered", "", 250), false, "", false},
		{"accepted", payload("accepted", "", nil), false, "", false},
		{"opened", payload("opened", "", nil), false, "", false},
		{"no Message-ID", strings.Replace(payload("failed", "permanent", 550), "abc.forward@portal.example", "", 1), false, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e MailgunEvent
			if err := json.Unmarshal([]byte(tt.body), &e); err != nil {
				t.Fatal(err)
			}
			id, reason, complaint, ok := e.Undelivered()
			if ok != tt.ok || (ok && (id != "abc.forward@portal.example" || reason != tt.reason || complaint != tt.complaint)) {
				t.Errorf("Undelivered = %q, %q, complaint %v, %v; want ok %v, reason %q, complaint %v", id, reason, complaint, ok, tt.ok, tt.reason, tt.complaint)
			}
		})
	}
}
