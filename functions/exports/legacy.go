package exports

import (
	"context"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"
)

// LegacyPrefix starts the names of the Worker secrets that held the export
// tokens before they were records: EXPORT_TOKEN_ and the slug in capitals,
// hyphens as underscores (EXPORT_TOKEN_CAR_ROOM).
const LegacyPrefix = "EXPORT_TOKEN_"

// LegacyID is the id of the record an old secret of company slug is
// imported as: legacy-{slug}.
func LegacyID(slug string) string { return "legacy-" + slug }

// LegacySlug is the company of an old secret's name: car-room for
// EXPORT_TOKEN_CAR_ROOM; ok is false for a name that is not one.
func LegacySlug(name string) (slug string, ok bool) {
	rest, ok := strings.CutPrefix(name, LegacyPrefix)
	if !ok || rest != strings.ToUpper(rest) {
		return "", false
	}
	slug = strings.ToLower(strings.ReplaceAll(rest, "_", "-"))
	return slug, validSlug(slug)
}

// LegacyToken is the record an old secret (its name and value) is imported
// as: id legacy-{slug}, every scope (the secret opened every export), the
// secret's keyed hash, and a name that says where it came from. ok is false
// for a name that is not an old secret's, or an empty value.
func LegacyToken(key []byte, name, value string, now time.Time) (Token, bool) {
	slug, ok := LegacySlug(name)
	value = strings.TrimSpace(value)
	if !ok || value == "" {
		return Token{}, false
	}
	id := LegacyID(slug)
	return Token{
		ID: id, Controller: slug, Name: name + " (imported)", Scopes: AllScopes(),
		Hash: Hash(key, id, slug, value), CreatedAt: now.UTC().Truncate(time.Second),
	}, true
}

// TokenAdder is what an import needs of the database.
type TokenAdder interface {
	// AddExportTokens inserts the records whose ids are not taken, and
	// returns the ids it inserted; a record already there keeps all but
	// its hash, which follows the secret's value unless it is revoked.
	AddExportTokens(ctx context.Context, tokens []Token) (added []string, err error)
}

// Import makes records of the export tokens still kept as Worker secrets
// (EXPORT_TOKEN_{SLUG}), so that each keeps working as a record, and can be
// revoked as one, once the operator deletes the secret. Only the Worker can
// read a secret's value, so the Worker imports them: Run, at the first event
// of each isolate, until it has succeeded once. A record already there is
// left as it is: a revoked legacy-{slug} stays revoked, whatever the secret.
type Import struct {
	Store   TokenAdder
	Key     []byte            // TOKEN_KEY
	Secrets map[string]string // the old secrets by name, as the Worker's env holds them
	Now     func() time.Time
	Log     *slog.Logger

	mu   sync.Mutex
	done bool
}

// Run imports the old secrets unless that is done; a failure is logged,
// and the next event tries again. Events that arrive meanwhile wait, so
// that no export is checked before its token is a record.
func (im *Import) Run(ctx context.Context) {
	if len(im.Secrets) == 0 {
		return
	}
	im.mu.Lock()
	defer im.mu.Unlock()
	if im.done {
		return
	}
	now := im.Now()
	names := make([]string, 0, len(im.Secrets))
	for name := range im.Secrets {
		names = append(names, name)
	}
	sort.Strings(names)
	var tokens []Token
	secretOf := map[string]string{}
	for _, name := range names {
		if t, ok := LegacyToken(im.Key, name, im.Secrets[name], now); ok {
			tokens = append(tokens, t)
			secretOf[t.ID] = name
		} else {
			im.Log.WarnContext(ctx, "export tokens: a secret of the old kind that cannot be imported (not a company's name, or empty)", "secret", name)
		}
	}
	added, err := im.Store.AddExportTokens(ctx, tokens)
	if err != nil {
		im.Log.ErrorContext(ctx, "export tokens: importing the old secrets failed; the next event tries again", "err", err)
		return
	}
	im.done = true
	for _, id := range added {
		im.Log.InfoContext(ctx, "export tokens: an old secret is now a token record; the secret may be deleted", "token", id, "secret", secretOf[id])
	}
}
