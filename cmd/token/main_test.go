package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"privacyportal/functions/d1"
	"privacyportal/functions/d1/d1test"
	"privacyportal/functions/exports"
)

// A statement's arguments become literals: text of plain characters in
// quotes, any other as the hex of its bytes, so that no character of a
// name reaches the SQL wrangler is given.
func TestInline(t *testing.T) {
	tests := []struct {
		name    string
		st      d1.Statement
		want    string
		wantErr string
	}{
		{"plain text, numbers, NULL", d1.Stmt(`UPDATE t SET a = ?, b = ?, c = ?, d = ? WHERE id = ?`, "2026-12-03T10:00:00Z", int64(-5), 7, nil, "legacy-car-room"),
			`UPDATE t SET a = '2026-12-03T10:00:00Z', b = -5, c = 7, d = NULL WHERE id = 'legacy-car-room'`, ""},
		{"scopes and a hash", d1.Stmt(`VALUES (?, ?)`, "marketing,summary", "Ab_9-x"), `VALUES ('marketing,summary', 'Ab_9-x')`, ""},
		{"empty text", d1.Stmt(`VALUES (?)`, ""), `VALUES ('')`, ""},
		{"a quote", d1.Stmt(`VALUES (?)`, "O'Neil"), `VALUES (CAST(X'4f274e65696c' AS TEXT))`, ""},
		{"a space", d1.Stmt(`VALUES (?)`, "BEGIN TRANSACTION"), `VALUES (CAST(X'424547494e205452414e53414354494f4e' AS TEXT))`, ""},
		{"SQL", d1.Stmt(`VALUES (?)`, "x'); DROP TABLE t; --"), `VALUES (CAST(X'7827293b2044524f50205441424c4520743b202d2d' AS TEXT))`, ""},
		{"unicode", d1.Stmt(`VALUES (?)`, "Ø😀"), `VALUES (CAST(X'c398f09f9880' AS TEXT))`, ""},
		{"a newline", d1.Stmt(`VALUES (?)`, "a\nb"), `VALUES (CAST(X'610a62' AS TEXT))`, ""},
		{"a question mark", d1.Stmt(`VALUES (?, ?)`, "?", "x"), `VALUES (CAST(X'3f' AS TEXT), 'x')`, ""},
		{"bytes and booleans", d1.Stmt(`VALUES (?, ?, ?)`, []byte{0, 0xff}, true, false), `VALUES (X'00ff', 1, 0)`, ""},
		{"a ? in a literal is SQL", d1.Stmt(`SELECT '?', ? WHERE x = 'it''s ?'`, "a"), `SELECT '?', 'a' WHERE x = 'it''s ?'`, ""},
		{"too few arguments", d1.Stmt(`VALUES (?, ?)`, "a"), "", "1 arguments for more placeholders"},
		{"too many arguments", d1.Stmt(`VALUES (?)`, "a", "b"), "", "2 arguments for 1 placeholders"},
		{"a type SQLite has not", d1.Stmt(`VALUES (?)`, time.Time{}), "", "no literal for a time.Time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := inline(tt.st)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("inline = %q, %v; want an error with %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("SQL (-want +got):\n%s", diff)
			}
		})
	}
}

// What wrangler d1 execute --json prints, read as the store reads rows.
func TestParseAnswer(t *testing.T) {
	tests := []struct {
		name    string
		out     string
		want    []d1.Rows
		wantErr string
	}{
		{"rows", `[{"results":[{"name":"Kari","n":2,"x":1.5,"gone":null},{"name":"Å\n'","n":-3,"x":0,"gone":"y"}],"success":true,"meta":{"duration":0}}]`,
			[]d1.Rows{{Columns: []string{"gone", "n", "name", "x"}, Values: [][]any{{nil, int64(2), "Kari", 1.5}, {"y", int64(-3), "Å\n'", int64(0)}}}}, ""},
		{"no rows", `[{"results":[],"success":true,"meta":{}}]`, []d1.Rows{{}}, ""},
		{"two statements", `[{"results":[],"success":true},{"results":[{"id":"a"}],"success":true}]`,
			[]d1.Rows{{}, {Columns: []string{"id"}, Values: [][]any{{"a"}}}}, ""},
		{"a line before the JSON", "Executing...\n" + `[{"results":[{"id":"a"}],"success":true}]`,
			[]d1.Rows{{Columns: []string{"id"}, Values: [][]any{{"a"}}}}, ""},
		{"an error", `{"error":{"text":"UNIQUE constraint failed: export_tokens.id: SQLITE_CONSTRAINT"}}`, nil, "wrangler: UNIQUE constraint failed"},
		{"not a success", `[{"results":[],"success":false}]`, nil, "did not succeed"},
		{"not JSON", `✘ [ERROR] not logged in`, nil, "not JSON"},
		{"cut short", `[{"results":[{"id":`, nil, "not JSON"},
		{"a value SQLite has not", `[{"results":[{"id":[1,2]}],"success":true}]`, nil, "column id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseAnswer([]byte(tt.out))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("parseAnswer = %v, %v; want an error with %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseWhen(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		in      string
		want    time.Time
		wantErr bool
	}{
		{"now", now, false},
		{"90d", time.Date(2027, 3, 3, 10, 0, 0, 0, time.UTC), false},
		{"1d", now.Add(24 * time.Hour), false},
		{"2027-03-01", time.Date(2027, 3, 2, 0, 0, 0, 0, time.UTC), false},
		{"2027-03-01T12:30:00+01:00", time.Date(2027, 3, 1, 11, 30, 0, 0, time.UTC), false},
		{"0d", time.Time{}, true},
		{"-3d", time.Time{}, true},
		{"90", time.Time{}, true},
		{"3 months", time.Time{}, true},
		{"2027-02-30", time.Time{}, true},
		{"", time.Time{}, true},
	}
	for _, tt := range tests {
		got, err := parseWhen(tt.in, now)
		if (err != nil) != tt.wantErr || !got.Equal(tt.want) {
			t.Errorf("parseWhen(%q) = %v, %v; want %v (error %v)", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

// fakeWrangler answers `wrangler d1 execute DB --json --command SQL` as
// wrangler does, from a real SQLite with the portal's migrations, and
// records where each command went.
type fakeWrangler struct {
	db    d1.SQL
	calls [][]string
}

func (f *fakeWrangler) run(ctx context.Context, args []string) ([]byte, error) {
	f.calls = append(f.calls, args)
	if len(args) < 6 || strings.Join(args[:5], " ") != "d1 execute DB --json --command" {
		return nil, fmt.Errorf("unexpected wrangler %q", args)
	}
	type result struct {
		Results []map[string]any `json:"results"`
		Success bool             `json:"success"`
	}
	var out []result
	for _, sql := range strings.Split(args[5], ";\n") {
		rows, err := f.db.DB.QueryContext(ctx, sql)
		if err != nil {
			answer, _ := json.Marshal(map[string]any{"error": map[string]any{"text": err.Error()}})
			return answer, errors.New(err.Error())
		}
		cols, _ := rows.Columns()
		res := result{Results: []map[string]any{}, Success: true}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return nil, err
			}
			m := map[string]any{}
			for i, c := range cols {
				m[c] = vals[i]
			}
			res.Results = append(res.Results, m)
		}
		rows.Close()
		out = append(out, res)
	}
	return json.MarshalIndent(out, "", "  ")
}

// The command against a database as wrangler reaches it: a token issued
// with a hostile name works in the Worker's check and lists with that name
// exactly; expire and revoke end it at once; what it refuses, it refuses
// before touching the database.
func TestCommand(t *testing.T) {
	_, db := d1test.Open(t)
	fake := &fakeWrangler{db: db}
	dir := t.TempDir()
	for _, slug := range []string{"werksta", "car-room"} {
		os.WriteFile(filepath.Join(dir, slug+".json"), []byte("{}"), 0o600)
	}
	devVars := filepath.Join(dir, ".dev.vars")
	key := strings.Repeat("K", 43)
	os.WriteFile(devVars, []byte("SIGNING_KEY=x\nTOKEN_KEY="+key+"\n"), 0o600)
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	env := map[string]string{}
	cmd := func(args ...string) (string, error) {
		var out bytes.Buffer
		d := deps{getenv: func(k string) string { return env[k] }, stdout: &out, now: func() time.Time { return now },
			random: rand.NewChaCha8([32]byte{byte(len(fake.calls))}), wrangler: fake.run}
		err := run(context.Background(), append(args, "--controllers", dir, "--dev-vars", devVars), d)
		return out.String(), err
	}
	check := exports.Tokens{Store: d1.New(db), Key: []byte(key), Now: func() time.Time { return now }}
	opens := func(token, slug, scope string) error {
		_, err := check.Check(context.Background(), slug, scope, "Bearer "+token)
		return err
	}
	tokenIn := regexp.MustCompile(`(?m)^  (ppx_[0-9a-f]{16}_[a-z2-7]{52})$`)

	hostile := `Kari O'Neil «Markedsføring»; DROP TABLE export_tokens; -- BEGIN TRANSACTION; 🚗`
	out, err := cmd("issue", "--company", "werksta", "--name", hostile, "--scope", "summary,marketing", "--expires", "90d")
	if err != nil {
		t.Fatal(err)
	}
	m := tokenIn.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no token in:\n%s", out)
	}
	token := m[1]
	id := strings.Split(token, "_")[1]
	if got := strings.Count(out, token); got != 1 {
		t.Errorf("the token is printed %d times", got)
	}
	if err := opens(token, "werksta", exports.ScopeMarketing); err != nil {
		t.Errorf("the issued token: %v", err)
	}
	if err := opens(token, "werksta", exports.ScopeCookies); !errors.Is(err, exports.ErrForbidden) {
		t.Errorf("the issued token without the scope: %v", err)
	}
	if diff := cmp.Diff([]string{"--local", "--persist-to", ".wrangler/state"}, fake.calls[0][6:]); diff != "" {
		t.Errorf("where (-want +got):\n%s", diff)
	}

	// From the environment, the key wins over .dev.vars; a token made with
	// another key does not work.
	env["TOKEN_KEY"] = strings.Repeat("E", 43)
	out, err = cmd("issue", "--company", "car-room", "--name", "Ole", "--scope", "cookies", "--persist-to", "/tmp/elsewhere")
	if err != nil {
		t.Fatal(err)
	}
	other := tokenIn.FindStringSubmatch(out)[1]
	if err := opens(other, "car-room", exports.ScopeCookies); !errors.Is(err, exports.ErrUnauthorized) {
		t.Errorf("a token under another key: %v", err)
	}
	if diff := cmp.Diff([]string{"--local", "--persist-to", "/tmp/elsewhere"}, fake.calls[len(fake.calls)-1][6:]); diff != "" {
		t.Errorf("where (-want +got):\n%s", diff)
	}
	delete(env, "TOKEN_KEY")

	out, err = cmd("list", "--json", "--company", "werksta")
	if err != nil {
		t.Fatal(err)
	}
	var listedTokens []listed
	if err := json.Unmarshal([]byte(out), &listedTokens); err != nil {
		t.Fatal(err)
	}
	at := func(s string) *string { return &s }
	want := []listed{{ID: id, Company: "werksta", Name: hostile, Scopes: []string{"marketing", "summary"},
		CreatedAt: at("2026-12-03T10:00:00Z"), ExpiresAt: at("2027-03-03T10:00:00Z"), LastUsedAt: at("2026-12-03T10:00:00Z")}}
	if diff := cmp.Diff(want, listedTokens); diff != "" {
		t.Errorf("list --json (-want +got):\n%s", diff)
	}
	out, err = cmd("list")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"ID", "LAST USED", id, hostile, "car-room", "cookies", "marketing,summary", "2027-03-03T10:00:00Z"} {
		if !strings.Contains(out, s) {
			t.Errorf("list has no %q:\n%s", s, out)
		}
	}
	if strings.Contains(out, "ppx_") || strings.Contains(out, token[22:]) {
		t.Errorf("list shows a secret:\n%s", out)
	}

	now = now.Add(time.Minute)
	if out, err = cmd("expire", id); err != nil || !strings.Contains(out, "has expired") {
		t.Fatalf("expire: %v\n%s", err, out)
	}
	if err := opens(token, "werksta", exports.ScopeMarketing); !errors.Is(err, exports.ErrUnauthorized) {
		t.Errorf("the expired token: %v", err)
	}
	if out, err = cmd("expire", "--at", "2027-01-31", id); err != nil || !strings.Contains(out, "now expires at 2027-02-01T00:00:00Z") {
		t.Fatalf("expire --at: %v\n%s", err, out)
	}
	if err := opens(token, "werksta", exports.ScopeMarketing); err != nil {
		t.Errorf("the extended token: %v", err)
	}
	if out, err = cmd("revoke", id); err != nil || !strings.Contains(out, "Revoked export token "+id) {
		t.Fatalf("revoke: %v\n%s", err, out)
	}
	if err := opens(token, "werksta", exports.ScopeMarketing); !errors.Is(err, exports.ErrUnauthorized) {
		t.Errorf("the revoked token: %v", err)
	}
	now = now.Add(time.Minute)
	if out, err = cmd("revoke", id, "--remote"); err != nil || !strings.Contains(out, "revoked already, at 2026-12-03T10:01:00Z") {
		t.Fatalf("revoke again: %v\n%s", err, out)
	}
	if diff := cmp.Diff([]string{"--remote", "--env", "production"}, fake.calls[len(fake.calls)-1][6:]); diff != "" {
		t.Errorf("where (-want +got):\n%s", diff)
	}

	// An imported token is revoked by its id, and the operator is told to
	// delete its old secret.
	legacy, _ := exports.LegacyToken([]byte(key), "EXPORT_TOKEN_CAR_ROOM", "old", now)
	if _, err := d1.New(db).AddExportTokens(context.Background(), []exports.Token{legacy}); err != nil {
		t.Fatal(err)
	}
	if out, err = cmd("revoke", "legacy-car-room"); err != nil || !strings.Contains(out, "npx wrangler secret delete EXPORT_TOKEN_CAR_ROOM --env production") {
		t.Fatalf("revoke legacy-car-room: %v\n%s", err, out)
	}

	calls := len(fake.calls)
	var usage usageError
	for _, tt := range []struct {
		args    []string
		wantErr string
	}{
		{[]string{"issue", "--company", "nope", "--name", "x", "--scope", "marketing"}, `unknown company "nope"`},
		{[]string{"issue", "--company", "../werksta", "--name", "x", "--scope", "marketing"}, `unknown company "../werksta"`},
		{[]string{"issue", "--company", "werksta", "--name", "Kari\nOla", "--scope", "marketing"}, "U+000A"},
		{[]string{"issue", "--company", "werksta", "--name", "x", "--scope", "all"}, `unknown scope "all"`},
		{[]string{"issue", "--company", "werksta", "--name", "x", "--scope", "marketing", "--expires", "2020-01-01"}, "is past"},
		{[]string{"issue", "--company", "werksta", "--scope", "marketing"}, "needs --name"},
		{[]string{"issue", "--company", "werksta", "--name", "x", "--scope", "marketing", "--remote", "--local"}, "not both"},
		{[]string{"revoke"}, "needs a token's id"},
		{[]string{"revoke", token}, "not the token"},
		{[]string{"revoke", "x'; DROP TABLE export_tokens"}, "is not a token's id"},
		{[]string{"expire", id, "--at", "soon"}, "--at"},
		{[]string{"list", "extra"}, `takes no argument "extra"`},
		{[]string{"rotate"}, `unknown command "rotate"`},
	} {
		if _, err := cmd(tt.args...); !errors.As(err, &usage) || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%q: %v; want a usage error with %q", tt.args, err, tt.wantErr)
		}
	}
	if len(fake.calls) != calls {
		t.Errorf("a refused command ran wrangler")
	}
	for _, tt := range []struct {
		args    []string
		wantErr string
	}{
		{[]string{"revoke", "0123456789abcdef"}, "no token 0123456789abcdef in the local database"},
		{[]string{"issue", "--company", "werksta", "--name", "x", "--scope", "marketing", "--remote"}, "set TOKEN_KEY"},
	} {
		if _, err := cmd(tt.args...); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%q: %v; want %q", tt.args, err, tt.wantErr)
		}
	}
}
