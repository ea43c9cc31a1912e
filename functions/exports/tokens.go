package exports

import (
	"context"
	"crypto/hmac"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"privacyportal/app/runes"
	"privacyportal/functions/keyring"
)

// The scopes of a token: each opens one of a company's four exports
// (GET /api/{slug}/exports/{scope}).
const (
	ScopeMarketing   = "marketing"
	ScopeSuppression = "suppression"
	ScopeCookies     = "cookies"
	ScopeSummary     = "summary"
)

// AllScopes returns the four scopes, in the order a token's are written.
func AllScopes() []string {
	return []string{ScopeMarketing, ScopeSuppression, ScopeCookies, ScopeSummary}
}

// ParseScopes reads a comma-separated list of scopes, such as
// "marketing,suppression", and returns them in AllScopes' order. An empty
// list, an unknown scope or one named twice is an error.
func ParseScopes(s string) ([]string, error) {
	seen := map[string]bool{}
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if !slices.Contains(AllScopes(), p) {
			return nil, fmt.Errorf("unknown scope %q: the scopes are %s", p, strings.Join(AllScopes(), ", "))
		}
		if seen[p] {
			return nil, fmt.Errorf("the scope %q is named twice", p)
		}
		seen[p] = true
	}
	var out []string
	for _, sc := range AllScopes() {
		if seen[sc] {
			out = append(out, sc)
		}
	}
	return out, nil
}

// Token is the record of an export token (the table export_tokens): who
// holds it, which company's exports it opens and which of them, until
// when. It is issued and revoked by the operator (cmd/token); the Worker
// reads it on every export, so a revocation or an expiry holds from the
// next request on, and records when it was last used. The secret itself
// is never kept: Hash is its keyed hash.
type Token struct {
	// ID names the token in its text, the operator's list and the export
	// log; it is not secret. Imported tokens have LegacyID's.
	ID         string
	Controller string // the company's slug
	// Name says who holds the token ("Kari, marketing"), for the
	// operator's list.
	Name   string
	Scopes []string
	// Hash is Hash(TOKEN_KEY, ID, Controller, secret).
	Hash       string
	CreatedAt  time.Time
	ExpiresAt  time.Time // zero: it does not expire
	LastUsedAt time.Time // zero: never used
	RevokedAt  time.Time // zero: not revoked
}

// Allows reports whether the token opens the export of scope.
func (t Token) Allows(scope string) bool { return slices.Contains(t.Scopes, scope) }

// Expired reports whether the token has expired at now.
func (t Token) Expired(now time.Time) bool { return !t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt) }

// Revoked reports whether the token has been revoked.
func (t Token) Revoked() bool { return !t.RevokedAt.IsZero() }

// MaxNameLen is the longest holder's name, in characters.
const MaxNameLen = 100

// Validate refuses a record the portal would not issue: a company that is
// not a slug, no scopes or unknown ones, and a holder's name that is empty,
// longer than MaxNameLen, or holds what would garble the operator's list: a
// control character (a newline included), a bidirectional control, or
// bytes that are not UTF-8.
func (t Token) Validate() error {
	if !validSlug(t.Controller) {
		return fmt.Errorf("%q is not a company's slug", t.Controller)
	}
	if len(t.Scopes) == 0 {
		return errors.New("a token needs at least one scope")
	}
	for _, s := range t.Scopes {
		if !slices.Contains(AllScopes(), s) {
			return fmt.Errorf("unknown scope %q", s)
		}
	}
	switch {
	case !utf8.ValidString(t.Name):
		return errors.New("the name is not UTF-8 text")
	case strings.TrimSpace(t.Name) == "":
		return errors.New("the token needs a name: who holds it")
	case strings.TrimSpace(t.Name) != t.Name:
		return errors.New("the name starts or ends with white space")
	case utf8.RuneCountInString(t.Name) > MaxNameLen:
		return fmt.Errorf("the name is longer than %d characters", MaxNameLen)
	}
	for _, r := range t.Name {
		if unicode.IsControl(r) || runes.IsBidiControl(r) || r == '\u2028' || r == '\u2029' {
			return fmt.Errorf("the name holds the control character %U: give it on one line, in plain text", r)
		}
	}
	return nil
}

// validSlug is a company's slug as the loader accepts it: lower-case
// letters, digits and single hyphens, at most 40.
func validSlug(s string) bool {
	if s == "" || len(s) > 40 || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// A token's text is ppx_<id>_<secret>: the prefix, so that a token found
// somewhere says what it is; the id, 8 random bytes in hex, by which the
// Worker finds the record; and the secret, 32 random bytes in lower-case
// base32 (letters and digits only, so a double click selects the whole
// token).
const (
	tokenPrefix = "ppx_"
	idBytes     = 8
	secretBytes = 32
	idLen       = 2 * idBytes
	secretLen   = (secretBytes*8 + 4) / 5
	// maxTokenLen bounds what is read of a bearer token: an imported
	// token was any text an operator chose, but not a long one.
	maxTokenLen = 512
)

var secretEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewToken issues a token: it makes t's ID and a secret from random,
// keeps the secret's keyed hash in t.Hash, and returns the record and the
// token's text, which exists only in what it returns: hand it to the holder
// and forget it.
func NewToken(key []byte, random io.Reader, t Token) (Token, string, error) {
	if err := t.Validate(); err != nil {
		return Token{}, "", err
	}
	id, err := keyring.Hex(random, idBytes)
	if err != nil {
		return Token{}, "", err
	}
	b := make([]byte, secretBytes)
	if _, err := io.ReadFull(random, b); err != nil {
		return Token{}, "", err
	}
	secret := secretEncoding.EncodeToString(b)
	t.ID, t.Hash = id, Hash(key, id, t.Controller, secret)
	return t, tokenPrefix + id + "_" + secret, nil
}

// ParseToken splits a token's text into its id and secret; ok is false
// for any text not of the form NewToken makes.
func ParseToken(text string) (id, secret string, ok bool) {
	rest, ok := strings.CutPrefix(text, tokenPrefix)
	if !ok {
		return "", "", false
	}
	id, secret, ok = strings.Cut(rest, "_")
	if !ok || len(id) != idLen || len(secret) != secretLen {
		return "", "", false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return "", "", false
		}
	}
	for i := 0; i < len(secret); i++ {
		if c := secret[i]; !(c >= 'a' && c <= 'z' || c >= '2' && c <= '7') {
			return "", "", false
		}
	}
	return id, secret, true
}

// Hash is the keyed hash a token's record keeps of its secret:
// HMAC-SHA256 under TOKEN_KEY over the record's id, its company and the
// secret (keyring.MAC). Without the key, neither write access to the table
// nor a copy of it gives a working token; with the id and the company in
// it, a hash copied onto another record does not work there.
func Hash(key []byte, id, controller, secret string) string {
	return keyring.MAC(key, "privacy-portal export token", id, controller, secret)
}

// MinKeyLen is the shortest TOKEN_KEY accepted, in bytes: 32 random bytes
// written in base64url are 43.
const MinKeyLen = 32

// ParseKey reads TOKEN_KEY, the one key of every export token's hash: at
// least MinKeyLen bytes of text, such as `go run ./cmd/devkey -token`
// makes. Changing it voids every token.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if len(s) < MinKeyLen {
		return nil, errors.New("the token key must be at least 32 characters; make one with go run ./cmd/devkey -token")
	}
	return []byte(s), nil
}

// TokenStore is what checking a token needs of the database. Nothing of a
// token is kept between requests: each export reads its record afresh.
type TokenStore interface {
	// ExportToken returns the record of id; found is false when there is
	// none.
	ExportToken(ctx context.Context, id string) (t Token, found bool, err error)
	// LegacyExportTokens returns the records of the imported tokens
	// (LegacyID).
	LegacyExportTokens(ctx context.Context) ([]Token, error)
	// ExportTokenUsed records that the token was used at at.
	ExportTokenUsed(ctx context.Context, id string, at time.Time) error
}

// Tokens checks the export tokens of requests against their records.
type Tokens struct {
	Store TokenStore
	Key   []byte // TOKEN_KEY
	Now   func() time.Time
}

// The two refusals of Check.
var (
	// ErrUnauthorized: no token, or one that is not a working token of
	// any company (unknown, malformed, a wrong secret, revoked, expired).
	ErrUnauthorized = errors.New("exports: no valid export token")
	// ErrForbidden: a working token, of another company or without the
	// scope of the export.
	ErrForbidden = errors.New("exports: the token does not open this export")
)

// Check finds the token an Authorization header carries ("Bearer " and
// the token) and tells whether it opens the export of scope at company
// slug: the token's record when it does, ErrUnauthorized or ErrForbidden
// when it does not, or the database's error. A token that opens the export
// is recorded as used. Its secret's hash is compared in constant time;
// that the id exists is no secret (ids are public).
func (t Tokens) Check(ctx context.Context, slug, scope, authorization string) (Token, error) {
	text, ok := strings.CutPrefix(authorization, "Bearer ")
	text = strings.TrimSpace(text)
	if !ok || text == "" || len(text) > maxTokenLen {
		return Token{}, ErrUnauthorized
	}
	tok, err := t.find(ctx, text)
	if err != nil {
		return Token{}, err
	}
	now := t.Now()
	switch {
	case tok.ID == "" || tok.Revoked() || tok.Expired(now):
		return Token{}, ErrUnauthorized
	case tok.Controller != slug || !tok.Allows(scope):
		return Token{}, ErrForbidden
	}
	if err := t.Store.ExportTokenUsed(ctx, tok.ID, now); err != nil {
		return Token{}, err
	}
	return tok, nil
}

// find returns the record whose secret text is, or a record without id.
func (t Tokens) find(ctx context.Context, text string) (Token, error) {
	if id, secret, ok := ParseToken(text); ok {
		tok, found, err := t.Store.ExportToken(ctx, id)
		if err != nil || !found || !t.matches(tok, secret) {
			return Token{}, err
		}
		return tok, nil
	}
	if strings.HasPrefix(text, tokenPrefix) {
		return Token{}, nil // a token of ours, garbled
	}
	// An imported token is the old secret's text, with no id in it: it is
	// compared with every imported record (one per company at most, and
	// every one, so the answer's timing tells nothing of which).
	legacy, err := t.Store.LegacyExportTokens(ctx)
	if err != nil {
		return Token{}, err
	}
	var found Token
	for _, tok := range legacy {
		if t.matches(tok, text) {
			found = tok
		}
	}
	return found, nil
}

func (t Tokens) matches(tok Token, secret string) bool {
	return hmac.Equal([]byte(Hash(t.Key, tok.ID, tok.Controller, secret)), []byte(tok.Hash))
}
