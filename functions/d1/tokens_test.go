package d1_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	. "privacyportal/functions/d1"
	"privacyportal/functions/d1/d1test"
	"privacyportal/functions/exports"
)

// The operator's way with tokens: issued (an id once), listed without
// their hashes, revoked once (a second revocation keeps the first time),
// expired or extended; an unknown id is ErrNoToken.
func TestExportTokenRecords(t *testing.T) {
	store, _ := d1test.Open(t)
	ctx := context.Background()
	hostile := `O'Neil "Markedsføring"; DROP TABLE export_tokens; -- BEGIN TRANSACTION; 🚗 市场`
	a := exports.Token{ID: "aaaaaaaaaaaaaaaa", Controller: "werksta", Name: hostile, Scopes: []string{"marketing", "summary"},
		Hash: "hash-a", CreatedAt: t0, ExpiresAt: t0.Add(90 * 24 * time.Hour)}
	b := exports.Token{ID: "bbbbbbbbbbbbbbbb", Controller: "car-room", Name: "Ole", Scopes: exports.AllScopes(),
		Hash: "hash-b", CreatedAt: t0.Add(time.Minute)}
	c := exports.Token{ID: "cccccccccccccccc", Controller: "werksta", Name: "Kari", Scopes: []string{"cookies"},
		Hash: "hash-c", CreatedAt: t0.Add(2 * time.Minute)}
	for _, tok := range []exports.Token{c, a, b} {
		if err := store.IssueExportToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
	}
	if err := store.IssueExportToken(ctx, a); !errors.Is(err, ErrTokenTaken) {
		t.Errorf("an id issued twice: %v, want ErrTokenTaken", err)
	}
	if err := store.IssueExportToken(ctx, exports.Token{ID: "d", Controller: "werksta", Name: "x\ny", Scopes: []string{"cookies"}}); err == nil {
		t.Error("a record Validate refuses was stored")
	}
	got, found, err := store.ExportToken(ctx, a.ID)
	if diff := cmp.Diff(a, got); diff != "" || !found || err != nil {
		t.Errorf("ExportToken: %v %v (-want +got):\n%s", found, err, diff)
	}
	if _, found, err := store.ExportToken(ctx, "nope"); found || err != nil {
		t.Errorf("an unknown id: found %v, %v", found, err)
	}
	if err := store.ExportTokenUsed(ctx, c.ID, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	revoked, err := store.RevokeExportToken(ctx, c.ID, t0.Add(2*time.Hour))
	if err != nil || !revoked.RevokedAt.Equal(t0.Add(2*time.Hour)) {
		t.Errorf("RevokeExportToken = %+v, %v", revoked, err)
	}
	again, err := store.RevokeExportToken(ctx, c.ID, t0.Add(3*time.Hour))
	if err != nil || !again.RevokedAt.Equal(t0.Add(2*time.Hour)) {
		t.Errorf("a second revocation = %+v, %v; want the first time kept", again, err)
	}
	expired, err := store.ExpireExportToken(ctx, b.ID, t0.Add(4*time.Hour))
	if err != nil || !expired.ExpiresAt.Equal(t0.Add(4*time.Hour)) {
		t.Errorf("ExpireExportToken = %+v, %v", expired, err)
	}
	for name, change := range map[string]func() (exports.Token, error){
		"revoke": func() (exports.Token, error) { return store.RevokeExportToken(ctx, "nope", t0) },
		"expire": func() (exports.Token, error) { return store.ExpireExportToken(ctx, "nope", t0) },
	} {
		if _, err := change(); !errors.Is(err, ErrNoToken) {
			t.Errorf("%s an unknown id: %v, want ErrNoToken", name, err)
		}
	}

	noHash := func(t exports.Token) exports.Token { t.Hash = ""; return t }
	c.LastUsedAt, c.RevokedAt = t0.Add(time.Hour), t0.Add(2*time.Hour)
	b.ExpiresAt = t0.Add(4 * time.Hour)
	all, err := store.ExportTokens(ctx, "")
	if diff := cmp.Diff([]exports.Token{noHash(b), noHash(a), noHash(c)}, all); diff != "" || err != nil {
		t.Errorf("ExportTokens, by company and age, no hashes: %v (-want +got):\n%s", err, diff)
	}
	werksta, err := store.ExportTokens(ctx, "werksta")
	if diff := cmp.Diff([]exports.Token{noHash(a), noHash(c)}, werksta); diff != "" || err != nil {
		t.Errorf("ExportTokens(werksta): %v (-want +got):\n%s", err, diff)
	}
	none, err := store.ExportTokens(ctx, "westrum")
	if diff := cmp.Diff([]exports.Token{}, none, cmpopts.EquateEmpty()); diff != "" || err != nil {
		t.Errorf("ExportTokens(westrum): %v (-want +got):\n%s", err, diff)
	}
}

// The imported tokens are the records whose ids start legacy-, and an
// import leaves a record there as it is.
func TestLegacyExportTokens(t *testing.T) {
	store, _ := d1test.Open(t)
	ctx := context.Background()
	key := []byte("0123456789abcdef0123456789abcdef")
	w, _ := exports.LegacyToken(key, "EXPORT_TOKEN_WERKSTA", "one", t0)
	cr, _ := exports.LegacyToken(key, "EXPORT_TOKEN_CAR_ROOM", "two", t0)
	other := exports.Token{ID: "legacyxxxxxxxxxx", Controller: "werksta", Name: "Kari", Scopes: []string{"cookies"}, Hash: "h", CreatedAt: t0}
	if err := store.IssueExportToken(ctx, other); err != nil {
		t.Fatal(err)
	}
	added, err := store.AddExportTokens(ctx, []exports.Token{w, cr})
	if diff := cmp.Diff([]string{"legacy-werksta", "legacy-car-room"}, added); diff != "" || err != nil {
		t.Errorf("AddExportTokens: %v (-want +got):\n%s", err, diff)
	}
	changed := w
	changed.Hash = "another"
	added, err = store.AddExportTokens(ctx, []exports.Token{changed})
	if len(added) != 0 || err != nil {
		t.Errorf("a second import added %v, %v", added, err)
	}
	// A new value in the secret replaces the token: the record takes its
	// hash and keeps the rest. A revoked record keeps its old hash.
	legacy, err := store.LegacyExportTokens(ctx)
	if diff := cmp.Diff([]exports.Token{cr, changed}, legacy); diff != "" || err != nil {
		t.Errorf("LegacyExportTokens: %v (-want +got):\n%s", err, diff)
	}
	if _, err := store.RevokeExportToken(ctx, cr.ID, t0); err != nil {
		t.Fatal(err)
	}
	again := cr
	again.Hash = "yet another"
	if _, err := store.AddExportTokens(ctx, []exports.Token{again}); err != nil {
		t.Fatal(err)
	}
	legacy, _ = store.LegacyExportTokens(ctx)
	if len(legacy) != 2 || legacy[0].Hash != cr.Hash || legacy[0].RevokedAt.IsZero() {
		t.Errorf("a revoked record after a new value: %+v", legacy[0])
	}
}
