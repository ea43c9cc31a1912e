package d1_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	appmarketingconsent "privacyportal/app/marketingconsent"
	"privacyportal/functions/cookieconsent"
	. "privacyportal/functions/d1"
	"privacyportal/functions/d1/d1test"
)

// The periods the portal's privacy notice states are the ones the store
// deletes by: a record a minute inside its period stays, one a minute past
// it goes. (app/ui's TestNoticeStatesThePeriodsTheCodeApplies reads the
// same constants back from the notice.)
func TestRecordsGoWhenTheNoticeSays(t *testing.T) {
	ctx := context.Background()
	s, db := d1test.Open(t)
	now := t0
	at := func(d time.Duration) string { return now.Add(d).UTC().Format("2006-01-02T15:04:05Z") }
	inside, past := time.Minute, -time.Minute

	// Cookie choices: kept cookieconsent.RetentionPeriod (cookieconsent.ProofKept),
	// as the Worker's schedule erases them.
	for id, age := range map[string]time.Duration{"kept": cookieconsent.RetentionPeriod - inside, "gone": cookieconsent.RetentionPeriod - past} {
		if _, err := db.Batch(ctx, Stmt(`INSERT INTO cookie_consents (id, consent_id, controller, granted, refused, policy_version, method, gpc, created_at)
			VALUES (?, ?, 'werksta', '', 'statistics', 'v1', 'reject', 0, ?)`, id, id, at(-age))); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.EraseCookieChoices(ctx, now.Add(-cookieconsent.RetentionPeriod)); err != nil {
		t.Fatal(err)
	}

	// A confirmed opt-in's form and a sent marketing e-mail: kept
	// marketingconsent.KeptAfterUse.
	for id, age := range map[string]time.Duration{"kept": appmarketingconsent.KeptAfterUse - inside, "gone": appmarketingconsent.KeptAfterUse - past} {
		if _, err := db.Batch(ctx,
			Stmt(`INSERT INTO marketing_optins (id, controller, form, wordings, policy_version, created_at, expires_at, used_at)
				VALUES (?, 'werksta', '{}', '{}', 'v1', ?, ?, ?)`, id, at(-age-time.Hour), at(47*time.Hour-age), at(-age)),
			Stmt(`INSERT INTO mail (request_id, kind, recipient, message, created_at, next_attempt_at, sent_at)
				VALUES (?, 'marketing-receipt', 'kari@example.no', NULL, ?, ?, ?)`, id, at(-age), at(-age), at(-age)),
		); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.ExpireOptIns(ctx, now); err != nil {
		t.Fatal(err)
	}

	for _, q := range []string{`SELECT id FROM cookie_consents`, `SELECT id FROM marketing_optins`, `SELECT request_id FROM mail`} {
		rows, err := db.Query(ctx, Stmt(q))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([][]any{{"kept"}}, rows.Values); diff != "" {
			t.Errorf("%s (-want +got):\n%s", q, diff)
		}
	}
}
