package mail

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"privacyportal/functions/outbox"
)

// cfEvent is an Email Sending event as the documentation's examples give
// them (https://developers.cloudflare.com/email-service/platform/event-subscriptions/).
func cfEvent(kind, messageID string, terminal bool, extra map[string]any) map[string]any {
	payload := map[string]any{"eventId": "0190d0c4-7ea1-7af2-8b88-c1d2e3f4a5b6", "messageId": messageID,
		"sender": "portal@portal.example", "recipient": "post@westrum.no", "subject": "Krav", "terminal": terminal,
		"delivery": map[string]any{"status": kind, "smtpEnhancedStatusCode": "5.1.1", "smtpResponse": "550 5.1.1 User unknown"}}
	for k, v := range extra {
		payload[k] = v
	}
	return map[string]any{"type": "cf.email.sending.message." + kind,
		"source":   map[string]any{"type": "email.sending", "domain": "portal.example"},
		"payload":  payload,
		"metadata": map[string]any{"eventSchemaVersion": 1, "eventTimestamp": "2026-06-01T02:48:57.132Z"}}
}

type reports struct {
	got  []string
	fail map[string]error
}

func (r *reports) Undelivered(_ context.Context, id, reason string) error {
	if err := r.fail[id]; err != nil {
		return err
	}
	r.got = append(r.got, id+" | "+reason)
	return nil
}

// Complained is told apart from an undelivered message: the message did
// arrive.
func (r *reports) Complained(ctx context.Context, id, reason string) error {
	return r.Undelivered(ctx, id, "complaint: "+reason)
}

func TestTakeCloudflareEvents(t *testing.T) {
	bounce := map[string]any{"bounce": map[string]any{"type": "hard", "classification": "permanent_failure", "reason": "550 5.1.1 User unknown"}}
	text, _ := json.Marshal(cfEvent("complained", "msg-text", true, map[string]any{"complaint": map[string]any{"type": "abuse"}}))
	batch := []any{
		cfEvent("bounced", "msg-1", true, bounce),
		cfEvent("deferred", "msg-2", false, map[string]any{"bounce": map[string]any{"type": "soft"}}),
		cfEvent("delivered", "msg-3", true, nil),
		cfEvent("failed", "msg-4", true, map[string]any{"failure": map[string]any{"reason": "delivery_failed"}}),
		cfEvent("rejected", "msg-5", true, map[string]any{"rejection": map[string]any{"reason": "suppressed", "detail": "Recipient is suppressed"}}),
		cfEvent("bounced", "", true, bounce),       // no id
		cfEvent("bounced", "msg-6", false, bounce), // not final
		string(text), // a body sent as text
		"not an event", 42, nil,
		map[string]any{"type": "cf.kv.namespace.created", "payload": map[string]any{"messageId": "x", "terminal": true}},
	}
	b, _ := json.Marshal(batch)
	r := &reports{}
	if err := TakeCloudflareEvents(context.Background(), b, r, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"msg-1 | cloudflare email: bounced: hard: permanent_failure: 5.1.1: 550 5.1.1 User unknown",
		"msg-4 | cloudflare email: failed: delivery_failed",
		"msg-5 | cloudflare email: rejected: suppressed: Recipient is suppressed",
		"msg-text | complaint: cloudflare email: the recipient marked it as spam: abuse",
	}
	if diff := cmp.Diff(want, r.got); diff != "" {
		t.Errorf("reports (-want +got):\n%s", diff)
	}

	// A message that is none of the portal's changes nothing and fails
	// nothing; a failure of the store fails the batch, to be delivered
	// again.
	r = &reports{fail: map[string]error{"msg-1": outbox.ErrNoMail, "msg-4": errors.New("d1 down")}}
	err := TakeCloudflareEvents(context.Background(), b, r, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err == nil || !strings.Contains(err.Error(), "d1 down") {
		t.Errorf("a failing store: %v, want the batch failed", err)
	}
	if len(r.got) != 2 {
		t.Errorf("the other reports of a failing batch: %v", r.got)
	}
	if err := TakeCloudflareEvents(context.Background(), []byte("garbage"), r, slog.New(slog.DiscardHandler)); err != nil {
		t.Errorf("a batch that is not JSON: %v", err)
	}
}
