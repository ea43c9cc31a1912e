package exports_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"privacyportal/functions/d1"
	"privacyportal/functions/d1/d1test"
	"privacyportal/functions/exports"
)

var tokenKey = []byte(strings.Repeat("k", 43))

// tokenFixture is a database of export tokens and a checker on it at a
// fixed time.
type tokenFixture struct {
	store  *d1.Store
	db     d1.SQL
	tokens exports.Tokens
	now    time.Time
	random io.Reader
}

func newTokenFixture(t *testing.T) *tokenFixture {
	t.Helper()
	store, db := d1test.Open(t)
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	return &tokenFixture{
		store: store, db: db, now: now,
		tokens: exports.Tokens{Store: store, Key: tokenKey, Now: func() time.Time { return now }},
		random: rand.NewChaCha8([32]byte{1}),
	}
}

// issue stores a token of company with scopes and returns its text.
func (f *tokenFixture) issue(t *testing.T, company string, scopes []string, change func(*exports.Token)) (exports.Token, string) {
	t.Helper()
	tok, text, err := exports.NewToken(tokenKey, f.random, exports.Token{
		Controller: company, Name: "Kari, marketing", Scopes: scopes, CreatedAt: f.now.Add(-time.Hour),
	})
	if err != nil {
		t.Fatal(err)
	}
	if change != nil {
		change(&tok)
	}
	if err := f.store.IssueExportToken(context.Background(), tok); err != nil {
		t.Fatal(err)
	}
	return tok, text
}

// lastUsed is each token's last_used_at.
func (f *tokenFixture) lastUsed(t *testing.T) map[string]string {
	t.Helper()
	rows, err := f.db.Query(context.Background(), d1.Stmt(`SELECT id, COALESCE(last_used_at, '') FROM export_tokens`))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, v := range rows.Values {
		out[v[0].(string)] = v[1].(string)
	}
	return out
}

// A token opens the exports of its scopes at its own company only, for as
// long as it is neither revoked nor expired: anything else is 401 (no
// working token) or, for a working token of another company or without the
// export's scope, 403. Only a use that opens an export is recorded.
func TestTokensCheck(t *testing.T) {
	f := newTokenFixture(t)
	all := exports.AllScopes()
	good, goodText := f.issue(t, "werksta", all, nil)
	_, marketingOnly := f.issue(t, "werksta", []string{exports.ScopeMarketing}, nil)
	_, other := f.issue(t, "car-room", all, nil)
	_, revokedText := f.issue(t, "werksta", all, func(t *exports.Token) { t.RevokedAt = f.now.Add(-time.Minute) })
	_, expired := f.issue(t, "werksta", all, func(t *exports.Token) { t.ExpiresAt = f.now })
	_, notYet := f.issue(t, "werksta", all, func(t *exports.Token) { t.ExpiresAt = f.now.Add(time.Second) })
	_, revokedOther := f.issue(t, "car-room", all, func(t *exports.Token) { t.RevokedAt = f.now.Add(-time.Minute) })
	// A hash copied onto another record does not work there: it covers
	// the id and the company.
	_, moved := f.issue(t, "car-room", all, func(t *exports.Token) { t.Hash = good.Hash })
	// The old secrets, imported as records.
	legacyWerksta, _ := exports.LegacyToken(tokenKey, "EXPORT_TOKEN_WERKSTA", "werksta-secret-token", f.now)
	legacyCarRoom, _ := exports.LegacyToken(tokenKey, "EXPORT_TOKEN_CAR_ROOM", "car-room-secret-token", f.now)
	legacyCars, _ := exports.LegacyToken(tokenKey, "EXPORT_TOKEN_CARS", "cars-secret-token", f.now)
	legacyCars.RevokedAt = f.now.Add(-time.Minute)
	if _, err := f.store.AddExportTokens(context.Background(), []exports.Token{legacyWerksta, legacyCarRoom, legacyCars}); err != nil {
		t.Fatal(err)
	}
	otherKey := exports.Tokens{Store: f.store, Key: []byte(strings.Repeat("x", 43)), Now: f.tokens.Now}

	id, secret, _ := exports.ParseToken(goodText)
	wrongSecret := "ppx_" + id + "_" + strings.Repeat("a", len(secret))
	unknownID := "ppx_0123456789abcdef_" + secret
	tests := []struct {
		name          string
		tokens        exports.Tokens
		slug, scope   string
		authorization string
		want          error  // nil: opens the export
		wantID        string // the token that opened it
	}{
		{"good token", f.tokens, "werksta", exports.ScopeMarketing, "Bearer " + goodText, nil, good.ID},
		{"good token, every scope", f.tokens, "werksta", exports.ScopeSummary, "Bearer " + goodText, nil, good.ID},
		{"spaces around the token", f.tokens, "werksta", exports.ScopeCookies, "Bearer   " + goodText + "  ", nil, good.ID},
		{"a newline after the token", f.tokens, "werksta", exports.ScopeCookies, "Bearer " + goodText + "\r\n", nil, good.ID},
		{"wrong secret", f.tokens, "werksta", exports.ScopeMarketing, "Bearer " + wrongSecret, exports.ErrUnauthorized, ""},
		{"unknown id", f.tokens, "werksta", exports.ScopeMarketing, "Bearer " + unknownID, exports.ErrUnauthorized, ""},
		{"another key", otherKey, "werksta", exports.ScopeMarketing, "Bearer " + goodText, exports.ErrUnauthorized, ""},
		{"revoked", f.tokens, "werksta", exports.ScopeMarketing, "Bearer " + revokedText, exports.ErrUnauthorized, ""},
		{"expired at this second", f.tokens, "werksta", exports.ScopeMarketing, "Bearer " + expired, exports.ErrUnauthorized, ""},
		{"expires the second after", f.tokens, "werksta", exports.ScopeMarketing, "Bearer " + notYet, nil, strings.Split(notYet, "_")[1]},
		{"another company's token", f.tokens, "werksta", exports.ScopeMarketing, "Bearer " + other, exports.ErrForbidden, ""},
		{"own token at another company", f.tokens, "car-room", exports.ScopeMarketing, "Bearer " + goodText, exports.ErrForbidden, ""},
		{"another company's revoked token", f.tokens, "werksta", exports.ScopeMarketing, "Bearer " + revokedOther, exports.ErrUnauthorized, ""},
		{"a hash moved to another record", f.tokens, "car-room", exports.ScopeMarketing, "Bearer " + moved, exports.ErrUnauthorized, ""},
		{"the scope of the export", f.tokens, "werksta", exports.ScopeMarketing, "Bearer " + marketingOnly, nil, strings.Split(marketingOnly, "_")[1]},
		{"missing scope: suppression", f.tokens, "werksta", exports.ScopeSuppression, "Bearer " + marketingOnly, exports.ErrForbidden, ""},
		{"missing scope: summary", f.tokens, "werksta", exports.ScopeSummary, "Bearer " + marketingOnly, exports.ErrForbidden, ""},
		{"malformed: id cut short", f.tokens, "werksta", exports.ScopeMarketing, "Bearer ppx_" + id[1:] + "_" + secret, exports.ErrUnauthorized, ""},
		{"malformed: secret cut short", f.tokens, "werksta", exports.ScopeMarketing, "Bearer " + goodText[:len(goodText)-1], exports.ErrUnauthorized, ""},
		{"malformed: a character more", f.tokens, "werksta", exports.ScopeMarketing, "Bearer " + goodText + "a", exports.ErrUnauthorized, ""},
		{"malformed: in capitals", f.tokens, "werksta", exports.ScopeMarketing, "Bearer " + strings.ToUpper(goodText), exports.ErrUnauthorized, ""},
		{"malformed: no secret", f.tokens, "werksta", exports.ScopeMarketing, "Bearer ppx_" + id, exports.ErrUnauthorized, ""},
		{"malformed: prefix only", f.tokens, "werksta", exports.ScopeMarketing, "Bearer ppx_", exports.ErrUnauthorized, ""},
		{"malformed: a space inside", f.tokens, "werksta", exports.ScopeMarketing, "Bearer " + goodText[:30] + " " + goodText[30:], exports.ErrUnauthorized, ""},
		{"no header", f.tokens, "werksta", exports.ScopeMarketing, "", exports.ErrUnauthorized, ""},
		{"basic auth with the token", f.tokens, "werksta", exports.ScopeMarketing, "Basic " + goodText, exports.ErrUnauthorized, ""},
		{"bare token", f.tokens, "werksta", exports.ScopeMarketing, goodText, exports.ErrUnauthorized, ""},
		{"Bearer and spaces", f.tokens, "werksta", exports.ScopeMarketing, "Bearer    ", exports.ErrUnauthorized, ""},
		{"bearer in small letters", f.tokens, "werksta", exports.ScopeMarketing, "bearer " + goodText, exports.ErrUnauthorized, ""},
		{"space before Bearer", f.tokens, "werksta", exports.ScopeMarketing, " Bearer " + goodText, exports.ErrUnauthorized, ""},
		{"a long token", f.tokens, "werksta", exports.ScopeMarketing, "Bearer " + strings.Repeat("a", 10_000), exports.ErrUnauthorized, ""},
		{"imported token", f.tokens, "werksta", exports.ScopeSuppression, "Bearer werksta-secret-token", nil, "legacy-werksta"},
		{"imported token of another company", f.tokens, "werksta", exports.ScopeMarketing, "Bearer car-room-secret-token", exports.ErrForbidden, ""},
		{"imported token, revoked", f.tokens, "cars", exports.ScopeMarketing, "Bearer cars-secret-token", exports.ErrUnauthorized, ""},
		{"imported token with a character more", f.tokens, "werksta", exports.ScopeMarketing, "Bearer werksta-secret-tokenx", exports.ErrUnauthorized, ""},
		{"imported token cut short", f.tokens, "werksta", exports.ScopeMarketing, "Bearer werksta-secret-toke", exports.ErrUnauthorized, ""},
		{"imported token's hash", f.tokens, "werksta", exports.ScopeMarketing, "Bearer " + legacyWerksta.Hash, exports.ErrUnauthorized, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.tokens.Check(context.Background(), tt.slug, tt.scope, tt.authorization)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Check = %v, want %v", err, tt.want)
			}
			if got.ID != tt.wantID {
				t.Errorf("Check opened with %q, want %q", got.ID, tt.wantID)
			}
		})
	}
	// Only the tokens that opened an export were used, at that moment;
	// the revoked one never.
	used := f.lastUsed(t)
	for _, id := range []string{good.ID, strings.Split(marketingOnly, "_")[1], strings.Split(notYet, "_")[1], "legacy-werksta"} {
		if used[id] != "2026-12-03T10:00:00Z" {
			t.Errorf("%s: last used %q, want 2026-12-03T10:00:00Z", id, used[id])
		}
		delete(used, id)
	}
	for id, at := range used {
		if at != "" {
			t.Errorf("%s was refused, but recorded as used at %s", id, at)
		}
	}
}

// Whatever a client sends, a token it did not get is refused with 401,
// never opens an export, and panics nothing: generated garbage, and every
// one-character change of a good token.
func TestTokensRefuseGarbage(t *testing.T) {
	f := newTokenFixture(t)
	_, good := f.issue(t, "werksta", exports.AllScopes(), nil)
	legacy, _ := exports.LegacyToken(tokenKey, "EXPORT_TOKEN_WERKSTA", "werksta-secret-token", f.now)
	if _, err := f.store.AddExportTokens(context.Background(), []exports.Token{legacy}); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(22, 2))
	alphabet := []rune("ppx_0123456789abcdefghijklmnopqrstuvwxyz234567ABCXYZ-=+/ \t\x00é€😀'\";")
	var tries []string
	for range 2000 {
		var b strings.Builder
		if r.IntN(2) == 0 {
			b.WriteString("ppx_")
		}
		for range r.IntN(90) {
			b.WriteRune(alphabet[r.IntN(len(alphabet))])
		}
		tries = append(tries, b.String())
	}
	for i := range good {
		for _, c := range []byte{'a', '2', '_', 'Z'} {
			if good[i] != c {
				tries = append(tries, good[:i]+string(c)+good[i+1:])
			}
		}
	}
	for _, try := range tries {
		if try == good || strings.TrimSpace(try) == "werksta-secret-token" {
			continue
		}
		_, err := f.tokens.Check(context.Background(), "werksta", exports.ScopeMarketing, "Bearer "+try)
		if !errors.Is(err, exports.ErrUnauthorized) {
			t.Fatalf("Check(%q) = %v, want ErrUnauthorized", try, err)
		}
	}
}

// A database that fails is an error, never an open export.
func TestTokensCheckDatabaseFailure(t *testing.T) {
	failing := exports.Tokens{Store: failingTokenStore{}, Key: tokenKey, Now: time.Now}
	for _, text := range []string{"ppx_0123456789abcdef_" + strings.Repeat("a", 52), "an-old-secret"} {
		if _, err := failing.Check(context.Background(), "werksta", exports.ScopeMarketing, "Bearer "+text); !errors.Is(err, errDatabase) {
			t.Errorf("Check(%q) with a failing database = %v, want its error", text, err)
		}
	}
}

var errDatabase = errors.New("the database is down")

type failingTokenStore struct{}

func (failingTokenStore) ExportToken(context.Context, string) (exports.Token, bool, error) {
	return exports.Token{}, false, errDatabase
}
func (failingTokenStore) LegacyExportTokens(context.Context) ([]exports.Token, error) {
	return nil, errDatabase
}
func (failingTokenStore) ExportTokenUsed(context.Context, string, time.Time) error {
	return errDatabase
}

// A token's text is ppx_, 16 hex digits of id and 52 characters of
// base32 secret; its record keeps the secret's keyed hash only.
func TestNewToken(t *testing.T) {
	random := bytes.NewReader(bytes.Repeat([]byte{0xab}, 40))
	tok, text, err := exports.NewToken(tokenKey, random, exports.Token{Controller: "werksta", Name: "Kari", Scopes: []string{"summary"}})
	if err != nil {
		t.Fatal(err)
	}
	id, secret, ok := exports.ParseToken(text)
	want := exports.Token{
		ID: "abababababababab", Controller: "werksta", Name: "Kari", Scopes: []string{"summary"},
		Hash: exports.Hash(tokenKey, "abababababababab", "werksta", secret),
	}
	if diff := cmp.Diff(want, tok); diff != "" {
		t.Errorf("record (-want +got):\n%s", diff)
	}
	if !ok || id != tok.ID || text != "ppx_abababababababab_"+secret || len(secret) != 52 || strings.Contains(tok.Hash, secret) {
		t.Errorf("token %q: id %q, secret %q, ok %v", text, id, secret, ok)
	}
	if _, _, err := exports.NewToken(tokenKey, bytes.NewReader(make([]byte, 20)), exports.Token{Controller: "werksta", Name: "Kari", Scopes: []string{"summary"}}); err == nil {
		t.Error("a random source that runs dry made a token")
	}
}

func TestParseScopes(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr string
	}{
		{"marketing", []string{"marketing"}, ""},
		{"summary,marketing", []string{"marketing", "summary"}, ""},
		{" cookies , suppression ", []string{"suppression", "cookies"}, ""},
		{"marketing,suppression,cookies,summary", exports.AllScopes(), ""},
		{"", nil, `unknown scope ""`},
		{"marketing,", nil, `unknown scope ""`},
		{"Marketing", nil, `unknown scope "Marketing"`},
		{"all", nil, `unknown scope "all"`},
		{"marketing,marketing", nil, `named twice`},
	}
	for _, tt := range tests {
		got, err := exports.ParseScopes(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseScopes(%q) = %v, %v; want an error with %q", tt.in, got, err, tt.wantErr)
			}
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" || err != nil {
			t.Errorf("ParseScopes(%q): %v (-want +got):\n%s", tt.in, err, diff)
		}
	}
}

// A holder's name is one line of plain text: quotes, SQL and any script
// are kept as written; what would garble the operator's list is refused.
func TestTokenValidate(t *testing.T) {
	ok := exports.Token{Controller: "car-room", Name: "Kari", Scopes: []string{"marketing"}}
	tests := []struct {
		name    string
		change  func(*exports.Token)
		wantErr string
	}{
		{"plain", func(*exports.Token) {}, ""},
		{"quotes and SQL", func(t *exports.Token) { t.Name = `O'Neil "Markedsføring"; DROP TABLE export_tokens; --` }, ""},
		{"BEGIN TRANSACTION", func(t *exports.Token) { t.Name = "BEGIN TRANSACTION; COMMIT;" }, ""},
		{"unicode", func(t *exports.Token) { t.Name = "Åse Ødegård – 市场部 🚗" }, ""},
		{"100 characters", func(t *exports.Token) { t.Name = strings.Repeat("æ", 100) }, ""},
		{"101 characters", func(t *exports.Token) { t.Name = strings.Repeat("æ", 101) }, "longer than 100"},
		{"empty", func(t *exports.Token) { t.Name = "" }, "needs a name"},
		{"spaces", func(t *exports.Token) { t.Name = "   " }, "needs a name"},
		{"a space at the end", func(t *exports.Token) { t.Name = "Kari " }, "white space"},
		{"a newline", func(t *exports.Token) { t.Name = "Kari\nOla" }, "U+000A"},
		{"a NUL", func(t *exports.Token) { t.Name = "Kari\x00" }, "U+0000"},
		{"a line separator", func(t *exports.Token) { t.Name = "Kari\u2028Ola" }, "U+2028"},
		{"a bidi override", func(t *exports.Token) { t.Name = "Kari\u202eareK" }, "U+202E"},
		{"not UTF-8", func(t *exports.Token) { t.Name = "Kari\xff" }, "not UTF-8"},
		{"no scopes", func(t *exports.Token) { t.Scopes = nil }, "at least one scope"},
		{"unknown scope", func(t *exports.Token) { t.Scopes = []string{"all"} }, `unknown scope "all"`},
		{"company not a slug", func(t *exports.Token) { t.Controller = "Car Room" }, "not a company's slug"},
		{"company empty", func(t *exports.Token) { t.Controller = "" }, "not a company's slug"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := ok
			tok.Scopes = append([]string(nil), ok.Scopes...)
			tt.change(&tok)
			err := tok.Validate()
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("Validate = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestLegacyToken(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 500, time.UTC)
	tests := []struct {
		name, value string
		want        exports.Token
		ok          bool
	}{
		{"EXPORT_TOKEN_CAR_ROOM", "s3cret", exports.Token{
			ID: "legacy-car-room", Controller: "car-room", Name: "EXPORT_TOKEN_CAR_ROOM (imported)", Scopes: exports.AllScopes(),
			Hash: exports.Hash(tokenKey, "legacy-car-room", "car-room", "s3cret"), CreatedAt: now.Truncate(time.Second),
		}, true},
		{"EXPORT_TOKEN_WERKSTA", " s3cret\n", exports.Token{
			ID: "legacy-werksta", Controller: "werksta", Name: "EXPORT_TOKEN_WERKSTA (imported)", Scopes: exports.AllScopes(),
			Hash: exports.Hash(tokenKey, "legacy-werksta", "werksta", "s3cret"), CreatedAt: now.Truncate(time.Second),
		}, true},
		{"EXPORT_TOKEN_WERKSTA", "", exports.Token{}, false},
		{"EXPORT_TOKEN_", "s3cret", exports.Token{}, false},
		{"EXPORT_TOKEN_werksta", "s3cret", exports.Token{}, false},
		{"EXPORT_TOKEN__CARS", "s3cret", exports.Token{}, false},
		{"EXPORT_TOKEN_CAR__ROOM", "s3cret", exports.Token{}, false},
		{"EXPORT_TOKEN_ÆØ", "s3cret", exports.Token{}, false},
		{"LINK_KEY", "s3cret", exports.Token{}, false},
	}
	for _, tt := range tests {
		got, ok := exports.LegacyToken(tokenKey, tt.name, tt.value, now)
		if diff := cmp.Diff(tt.want, got); diff != "" || ok != tt.ok {
			t.Errorf("LegacyToken(%q, %q): ok %v, want %v (-want +got):\n%s", tt.name, tt.value, ok, tt.ok, diff)
		}
	}
}

// The old secrets become records once, at the first event; a record there
// already (a revoked one) stays as it is, and a failed import is tried
// again at the next event.
func TestImportLegacySecrets(t *testing.T) {
	f := newTokenFixture(t)
	ctx := context.Background()
	revoked, _ := exports.LegacyToken(tokenKey, "EXPORT_TOKEN_CARS", "old-cars", f.now.Add(-48*time.Hour))
	revoked.RevokedAt = f.now.Add(-24 * time.Hour)
	if _, err := f.store.AddExportTokens(ctx, []exports.Token{revoked}); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	store := &flakyAdder{TokenAdder: f.store, fail: 1}
	im := &exports.Import{
		Store: store, Key: tokenKey, Now: f.tokens.Now, Log: slog.New(slog.NewTextHandler(&log, nil)),
		Secrets: map[string]string{"EXPORT_TOKEN_WERKSTA": "old-werksta", "EXPORT_TOKEN_CARS": "new-cars", "EXPORT_TOKEN_x": "odd"},
	}
	im.Run(ctx) // fails
	im.Run(ctx) // imports
	im.Run(ctx) // done: asks nothing
	if store.calls != 2 {
		t.Errorf("the database was asked %d times, want 2 (a failure, then the import)", store.calls)
	}
	list, err := f.store.ExportTokens(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []exports.Token{
		{ID: "legacy-cars", Controller: "cars", Name: "EXPORT_TOKEN_CARS (imported)", Scopes: exports.AllScopes(),
			CreatedAt: f.now.Add(-48 * time.Hour), RevokedAt: f.now.Add(-24 * time.Hour)},
		{ID: "legacy-werksta", Controller: "werksta", Name: "EXPORT_TOKEN_WERKSTA (imported)", Scopes: exports.AllScopes(), CreatedAt: f.now},
	}
	if diff := cmp.Diff(want, list, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	for _, line := range []string{"importing the old secrets failed", "token=legacy-werksta secret=EXPORT_TOKEN_WERKSTA", "cannot be imported", "secret=EXPORT_TOKEN_x"} {
		if !strings.Contains(log.String(), line) {
			t.Errorf("the log has no %q:\n%s", line, log.String())
		}
	}
	for _, secret := range []string{"old-werksta", "new-cars", "odd"} {
		if strings.Contains(log.String(), secret) {
			t.Errorf("the log holds the secret %q", secret)
		}
	}
	if strings.Contains(log.String(), "token=legacy-cars") {
		t.Error("the record there already is logged as imported")
	}
	// The imported token works; the revoked one stays revoked, with the
	// secret's new value as with its old.
	if _, err := f.tokens.Check(ctx, "werksta", exports.ScopeMarketing, "Bearer old-werksta"); err != nil {
		t.Errorf("the imported token: %v", err)
	}
	for _, v := range []string{"old-cars", "new-cars"} {
		if _, err := f.tokens.Check(ctx, "cars", exports.ScopeMarketing, "Bearer "+v); !errors.Is(err, exports.ErrUnauthorized) {
			t.Errorf("the revoked token with %s: %v", v, err)
		}
	}
	// Without old secrets, an import asks nothing at all.
	none := &flakyAdder{TokenAdder: f.store}
	(&exports.Import{Store: none, Key: tokenKey, Now: f.tokens.Now, Log: slog.New(slog.DiscardHandler)}).Run(ctx)
	if none.calls != 0 {
		t.Errorf("an import of nothing asked the database %d times", none.calls)
	}
}

// flakyAdder fails its first fail calls.
type flakyAdder struct {
	exports.TokenAdder
	fail, calls int
}

func (a *flakyAdder) AddExportTokens(ctx context.Context, tokens []exports.Token) ([]string, error) {
	a.calls++
	if a.calls <= a.fail {
		return nil, errDatabase
	}
	return a.TokenAdder.AddExportTokens(ctx, tokens)
}
