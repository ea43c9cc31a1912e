// Command token issues, lists, expires and revokes the marketers' export
// tokens, which are records in the portal's D1 database (table
// export_tokens; see functions/exports). `make token ARGS='...'` runs it:
//
//	token issue --company SLUG --name NAME --scope marketing,suppression [--expires 90d|2027-03-01]
//	token list [--company SLUG] [--json]
//	token expire ID [--at now|30d|2027-03-01]
//	token revoke ID
//
// Each takes where the database is: --local (the default), the database of
// `make dev` in --persist-to DIR (default .wrangler/state); or --remote, the
// deployment's, with --env NAME (default production). It runs wrangler d1
// execute through scripts/wrangler.mjs, from the repository's root.
//
// A new token is printed once; only its keyed hash is stored, under
// TOKEN_KEY, taken from the environment or, for --local, from .dev.vars.
// For --remote, TOKEN_KEY must be the Worker's secret, which `make deploy
// ARGS=--create-secrets` printed when it made it (Cloudflare cannot give it
// back). list, expire and revoke need no key, and nothing shows a secret or
// a hash.
package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"privacyportal/app/runes"
	"privacyportal/functions/d1"
	"privacyportal/functions/exports"
)

func main() {
	ctx := context.Background()
	err := run(ctx, os.Args[1:], deps{
		getenv: os.Getenv, stdout: os.Stdout, now: time.Now, random: rand.Reader,
		wrangler: wrangler(os.Getenv("NODE")),
	})
	var usage usageError
	switch {
	case errors.Is(err, flag.ErrHelp):
	case errors.As(err, &usage):
		fmt.Fprintf(os.Stderr, "token: %v\n\n%s", err, help)
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "token:", err)
		os.Exit(1)
	}
}

const help = `Usage (make token ARGS='...'):
  token issue --company SLUG --name NAME --scope SCOPES [--expires WHEN]
        a new token for the company's marketers, printed once; SCOPES is a
        comma-separated list of marketing, suppression, cookies, summary
  token list [--company SLUG] [--json]
        every token (or a company's): id, company, name, scopes, created,
        expires, last used, revoked; never a secret
  token expire ID [--at WHEN]
        the token ends at WHEN (default now); a later WHEN extends it
  token revoke ID
        the token opens nothing from the next request on; for good

WHEN is now, a number of days (90d), a date (2027-03-01: to the end of that
day, UTC) or an RFC 3339 time.

Where the database is, for each: --local (the default) with --persist-to DIR
(default .wrangler/state), or --remote with --env NAME (default production).
The key: TOKEN_KEY from the environment or, with --local, from .dev.vars.
`

// usageError is a mistake in the command line.
type usageError struct{ error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// deps are what the command reaches outside itself.
type deps struct {
	getenv   func(string) string
	stdout   io.Writer
	now      func() time.Time
	random   io.Reader
	wrangler func(ctx context.Context, args []string) ([]byte, error)
}

// options are the flags every subcommand takes.
type options struct {
	local, remote bool
	persist, env  string
	controllers   string
	devVars       string
}

func (o *options) add(fs *flag.FlagSet) {
	fs.BoolVar(&o.local, "local", false, "the local database of make dev (the default)")
	fs.BoolVar(&o.remote, "remote", false, "the deployment's database on Cloudflare")
	fs.StringVar(&o.persist, "persist-to", ".wrangler/state", "with --local: where wrangler keeps the local database")
	fs.StringVar(&o.env, "env", "production", "with --remote: the wrangler environment")
	fs.StringVar(&o.controllers, "controllers", "site/controllers", "the companies' files, one SLUG.json each")
	fs.StringVar(&o.devVars, "dev-vars", ".dev.vars", "with --local: the file TOKEN_KEY is read from when the environment has none")
}

func (o options) db(d deps) (wranglerDB, error) {
	if o.local && o.remote {
		return wranglerDB{}, usagef("--local or --remote, not both")
	}
	if o.remote {
		if o.env == "" {
			return wranglerDB{}, usagef("--remote needs --env: the top level of wrangler.toml is local development")
		}
		return wranglerDB{wrangler: d.wrangler, where: []string{"--remote", "--env", o.env}}, nil
	}
	return wranglerDB{wrangler: d.wrangler, where: []string{"--local", "--persist-to", o.persist}, busyFor: 10 * time.Second}, nil
}

// where says which database, for what the command prints.
func (o options) where() string {
	if o.remote {
		return "the remote database (--env " + o.env + ")"
	}
	return "the local database in " + o.persist
}

func run(ctx context.Context, args []string, d deps) error {
	if len(args) == 0 {
		return usagef("which: issue, list, expire or revoke?")
	}
	var o options
	fs := flag.NewFlagSet("token "+args[0], flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	o.add(fs)
	switch args[0] {
	case "issue":
		var company, name, scopes, expires string
		fs.StringVar(&company, "company", "", "the company's slug")
		fs.StringVar(&name, "name", "", "who holds the token")
		fs.StringVar(&scopes, "scope", "", "the exports it opens")
		fs.StringVar(&expires, "expires", "", "when it ends")
		if err := parse(fs, args[1:], 0); err != nil {
			return err
		}
		return issue(ctx, d, o, company, name, scopes, expires)
	case "list":
		var company string
		var asJSON bool
		fs.StringVar(&company, "company", "", "only this company's tokens")
		fs.BoolVar(&asJSON, "json", false, "as JSON")
		if err := parse(fs, args[1:], 0); err != nil {
			return err
		}
		return list(ctx, d, o, company, asJSON)
	case "expire":
		at := "now"
		fs.StringVar(&at, "at", "now", "when it ends")
		if err := parse(fs, args[1:], 1); err != nil {
			return err
		}
		return expire(ctx, d, o, fs.Arg(0), at)
	case "revoke":
		if err := parse(fs, args[1:], 1); err != nil {
			return err
		}
		return revoke(ctx, d, o, fs.Arg(0))
	case "help", "-h", "-help", "--help":
		_, err := io.WriteString(d.stdout, help)
		return err
	}
	return usagef("unknown command %q: issue, list, expire or revoke", args[0])
}

// parse reads flags wherever they stand among the arguments ("revoke ID
// --remote" as "revoke --remote ID") and wants exactly n arguments;
// fs.Args() holds them after.
func parse(fs *flag.FlagSet, args []string, n int) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return usagef("%s: see the usage below", fs.Name())
			}
			return usageError{err}
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(positional) != n {
		if n == 0 {
			return usagef("%s takes no argument %q", fs.Name(), positional[0])
		}
		return usagef("%s needs a token's id", fs.Name())
	}
	return fs.Parse(positional) // fs.Args() are now the arguments
}

func issue(ctx context.Context, d deps, o options, company, name, scopeList, expires string) error {
	switch {
	case company == "":
		return usagef("issue needs --company SLUG")
	case name == "":
		return usagef(`issue needs --name: who holds the token ("Kari Nordmann, marketing")`)
	case scopeList == "":
		return usagef("issue needs --scope: a comma-separated list of %s", strings.Join(exports.AllScopes(), ", "))
	}
	if err := knownCompany(o.controllers, company); err != nil {
		return err
	}
	scopes, err := exports.ParseScopes(scopeList)
	if err != nil {
		return usageError{err}
	}
	now := d.now().UTC().Truncate(time.Second)
	t := exports.Token{Controller: company, Name: name, Scopes: scopes, CreatedAt: now}
	if expires != "" {
		if t.ExpiresAt, err = parseWhen(expires, now); err != nil {
			return usageError{fmt.Errorf("--expires: %w", err)}
		}
		if !t.ExpiresAt.After(now) {
			return usagef("--expires %s is past: the token would never work", expires)
		}
	}
	if err := t.Validate(); err != nil {
		return usageError{fmt.Errorf("--name: %w", err)}
	}
	db, err := o.db(d)
	if err != nil {
		return err
	}
	key, err := tokenKey(d.getenv, o)
	if err != nil {
		return err
	}
	t, text, err := exports.NewToken(key, d.random, t)
	if err != nil {
		return err
	}
	if err := d1.New(db).IssueExportToken(ctx, t); err != nil {
		return err
	}
	until := "does not expire"
	if !t.ExpiresAt.IsZero() {
		until = "expires " + t.ExpiresAt.Format(time.RFC3339)
	}
	_, err = fmt.Fprintf(d.stdout, `Issued export token %s in %s: company %s, holder %q, scopes %s, %s.

  %s

This is the only time the token is shown: the portal keeps only its keyed hash.
Hand it to its holder over a channel you trust (a password manager's share, not
plain e-mail); they paste it on /%s/export, or send it as
"Authorization: Bearer <token>". Revoke it with make token ARGS='revoke %s'.
`, t.ID, o.where(), t.Controller, t.Name, strings.Join(t.Scopes, ","), until, text, t.Controller, t.ID)
	return err
}

// knownCompany refuses a slug without a file in dir: the companies are
// what site/controllers holds now, read as files (not a registry compiled
// into the command).
func knownCompany(dir, slug string) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return err
	}
	var slugs []string
	for _, f := range files {
		slugs = append(slugs, strings.TrimSuffix(filepath.Base(f), ".json"))
	}
	if len(slugs) == 0 {
		return fmt.Errorf("no companies in %s (run the command from the repository's root, or give --controllers)", dir)
	}
	if !slices.Contains(slugs, slug) {
		return usagef("unknown company %q: %s has no %s.json; the companies are %s", slug, dir, slug, strings.Join(slugs, ", "))
	}
	return nil
}

// tokenKey is TOKEN_KEY: from the environment, or for the local database
// from .dev.vars, where `make` keeps the one the local Worker has.
func tokenKey(getenv func(string) string, o options) ([]byte, error) {
	if v := getenv("TOKEN_KEY"); v != "" {
		return exports.ParseKey(v)
	}
	if o.remote {
		return nil, errors.New("set TOKEN_KEY to the Worker's secret TOKEN_KEY (make deploy ARGS=--create-secrets printed it when it made it): TOKEN_KEY=... make token ARGS='issue --remote ...'")
	}
	v, err := devVar(o.devVars, "TOKEN_KEY")
	if err != nil {
		return nil, fmt.Errorf("no TOKEN_KEY in the environment, and %v", err)
	}
	if v == "" {
		return nil, fmt.Errorf("no TOKEN_KEY in the environment or in %s: make .dev.vars writes one", o.devVars)
	}
	return exports.ParseKey(v)
}

// devVar reads a variable from a .dev.vars file.
func devVar(path, name string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), name+"="); ok {
			return strings.Trim(v, `"`), nil
		}
	}
	return "", sc.Err()
}

// parseWhen reads a time: now, a number of days from now (90d), a date
// (the end of that day in UTC: the token works through it) or an RFC 3339
// time.
func parseWhen(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "now" {
		return now, nil
	}
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 1 || days > 3660 {
			return time.Time{}, fmt.Errorf("%q: a number of days is 1d to 3660d", s)
		}
		return now.AddDate(0, 0, days), nil
	}
	if day, err := time.Parse(time.DateOnly, s); err == nil {
		return day.AddDate(0, 0, 1), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC().Truncate(time.Second), nil
	}
	return time.Time{}, fmt.Errorf("%q is not now, a number of days (90d), a date (2027-03-01) or an RFC 3339 time", s)
}

// validID refuses what is not a token's id before it reaches the database.
func validID(id string) error {
	if _, ok := strings.CutPrefix(id, "legacy-"); ok {
		return nil
	}
	if _, _, ok := exports.ParseToken("ppx_" + id + "_" + strings.Repeat("a", 52)); ok {
		return nil
	}
	if strings.HasPrefix(id, "ppx_") {
		return usagef("give the token's id (the 16 hex digits after ppx_), not the token")
	}
	return usagef("%q is not a token's id: 16 hex digits, or legacy-{slug}", id)
}

func revoke(ctx context.Context, d deps, o options, id string) error {
	if err := validID(id); err != nil {
		return err
	}
	db, err := o.db(d)
	if err != nil {
		return err
	}
	now := d.now().UTC().Truncate(time.Second)
	t, err := d1.New(db).RevokeExportToken(ctx, id, now)
	if errors.Is(err, d1.ErrNoToken) {
		return fmt.Errorf("no token %s in %s", id, o.where())
	}
	if err != nil {
		return err
	}
	if !t.RevokedAt.Equal(now) {
		_, err = fmt.Fprintf(d.stdout, "Export token %s (%s, %q) was revoked already, at %s.\n", t.ID, t.Controller, t.Name, t.RevokedAt.Format(time.RFC3339))
		return err
	}
	_, err = fmt.Fprintf(d.stdout, "Revoked export token %s (%s, %q) in %s: it opens nothing from the next request on.\n", t.ID, t.Controller, t.Name, o.where())
	if err == nil && strings.HasPrefix(t.ID, "legacy-") {
		_, err = fmt.Fprintf(d.stdout, "It was imported from the Worker secret %s%s; delete that, if it is still set:\n  npx wrangler secret delete %[1]s%[2]s --env %s\n",
			exports.LegacyPrefix, strings.ToUpper(strings.ReplaceAll(t.Controller, "-", "_")), o.env)
	}
	return err
}

func expire(ctx context.Context, d deps, o options, id, when string) error {
	if err := validID(id); err != nil {
		return err
	}
	now := d.now().UTC().Truncate(time.Second)
	at, err := parseWhen(when, now)
	if err != nil {
		return usageError{fmt.Errorf("--at: %w", err)}
	}
	db, err := o.db(d)
	if err != nil {
		return err
	}
	t, err := d1.New(db).ExpireExportToken(ctx, id, at)
	if errors.Is(err, d1.ErrNoToken) {
		return fmt.Errorf("no token %s in %s", id, o.where())
	}
	if err != nil {
		return err
	}
	how := "now expires at " + at.Format(time.RFC3339)
	if !at.After(now) {
		how = "has expired (" + at.Format(time.RFC3339) + "): it opens nothing from the next request on"
	}
	if t.Revoked() {
		how += "; it is revoked all the same"
	}
	_, err = fmt.Fprintf(d.stdout, "Export token %s (%s, %q) %s.\n", t.ID, t.Controller, t.Name, how)
	return err
}

// listed is a token as list shows it: never its hash.
type listed struct {
	ID         string   `json:"id"`
	Company    string   `json:"company"`
	Name       string   `json:"name"`
	Scopes     []string `json:"scopes"`
	CreatedAt  *string  `json:"created_at"`
	ExpiresAt  *string  `json:"expires_at"`
	LastUsedAt *string  `json:"last_used_at"`
	RevokedAt  *string  `json:"revoked_at"`
}

func list(ctx context.Context, d deps, o options, company string, asJSON bool) error {
	db, err := o.db(d)
	if err != nil {
		return err
	}
	tokens, err := d1.New(db).ExportTokens(ctx, company)
	if err != nil {
		return err
	}
	stamp := func(t time.Time) *string {
		if t.IsZero() {
			return nil
		}
		s := t.Format(time.RFC3339)
		return &s
	}
	out := make([]listed, len(tokens))
	for i, t := range tokens {
		out[i] = listed{ID: t.ID, Company: t.Controller, Name: t.Name, Scopes: t.Scopes,
			CreatedAt: stamp(t.CreatedAt), ExpiresAt: stamp(t.ExpiresAt), LastUsedAt: stamp(t.LastUsedAt), RevokedAt: stamp(t.RevokedAt)}
	}
	if asJSON {
		enc := json.NewEncoder(d.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if len(out) == 0 {
		_, err := fmt.Fprintf(d.stdout, "No export tokens%s in %s.\n", map[bool]string{true: " of " + company}[company != ""], o.where())
		return err
	}
	w := tabwriter.NewWriter(d.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tCOMPANY\tNAME\tSCOPES\tCREATED\tEXPIRES\tLAST USED\tREVOKED")
	or := func(s *string) string {
		if s == nil {
			return "-"
		}
		return *s
	}
	for _, t := range out {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Company, shown(t.Name), strings.Join(t.Scopes, ","),
			or(t.CreatedAt), or(t.ExpiresAt), or(t.LastUsedAt), or(t.RevokedAt))
	}
	return w.Flush()
}

// shown is a name for a terminal: any control or bidirectional character
// (which issue refuses, but a record may hold) and tab as U+FFFD.
func shown(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || runes.IsBidiControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

// wrangler runs `node scripts/wrangler.mjs ARGS` in the current folder
// (the repository's root: wrangler.toml and .dev.vars are there) with node,
// or with "node" from PATH.
func wrangler(node string) func(ctx context.Context, args []string) ([]byte, error) {
	if node == "" {
		node = "node"
	}
	return func(ctx context.Context, args []string) ([]byte, error) {
		cmd := exec.CommandContext(ctx, node, append([]string{"scripts/wrangler.mjs"}, args...)...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			// wrangler --json says what failed on its standard output.
			if _, perr := parseAnswer(out); perr != nil && len(out) > 0 {
				err = perr
			}
			return out, fmt.Errorf("wrangler d1 execute failed: %v\n%s", err, strings.TrimSpace(stderr.String()))
		}
		return out, nil
	}
}
