package d1

import (
	"context"
	"errors"
	"strings"
	"time"

	"privacyportal/functions/exports"
)

var (
	_ exports.TokenStore = (*Store)(nil)
	_ exports.TokenAdder = (*Store)(nil)
)

// ErrNoToken means no export token has the id given.
var ErrNoToken = errors.New("d1: no export token has that id")

// ErrTokenTaken means an export token with the id exists already.
var ErrTokenTaken = errors.New("d1: an export token with that id exists already")

// tokenColumns are the columns a token's record is read from; listColumns
// leave out the hash, which the operator's list never shows.
const (
	listColumns  = `id, controller, name, scopes, created_at, expires_at, last_used_at, revoked_at`
	tokenColumns = listColumns + `, secret_hash`
)

func readToken(r row) (exports.Token, error) {
	t := exports.Token{
		ID:         r.str("id"),
		Controller: r.str("controller"),
		Name:       r.str("name"),
		Scopes:     splitList(r.str("scopes")),
		CreatedAt:  parseTS(r.str("created_at")),
		ExpiresAt:  parseTS(r.str("expires_at")),
		LastUsedAt: parseTS(r.str("last_used_at")),
		RevokedAt:  parseTS(r.str("revoked_at")),
	}
	if _, ok := r.cols["secret_hash"]; ok {
		t.Hash = r.str("secret_hash")
	}
	return t, r.err
}

func (s *Store) tokens(ctx context.Context, st Statement) ([]exports.Token, error) {
	rows, err := s.db.Query(ctx, st)
	if err != nil {
		return nil, err
	}
	var out []exports.Token
	err = rows.each(func(r row) error {
		t, err := readToken(r)
		out = append(out, t)
		return err
	})
	return out, err
}

func (s *Store) oneToken(ctx context.Context, st Statement) (exports.Token, bool, error) {
	list, err := s.tokens(ctx, st)
	if err != nil || len(list) == 0 {
		return exports.Token{}, false, err
	}
	return list[0], true, nil
}

// ExportToken returns the record of the token id, hash included.
func (s *Store) ExportToken(ctx context.Context, id string) (exports.Token, bool, error) {
	return s.oneToken(ctx, Stmt(`SELECT `+tokenColumns+` FROM export_tokens WHERE id = ?`, id))
}

// LegacyExportTokens returns the records of the imported tokens, whose
// ids are legacy-{slug}: at most one a company.
func (s *Store) LegacyExportTokens(ctx context.Context) ([]exports.Token, error) {
	return s.tokens(ctx, Stmt(`SELECT `+tokenColumns+` FROM export_tokens
		WHERE id >= ? AND id < ? ORDER BY id`, exports.LegacyID(""), "legacy."))
}

// ExportTokenUsed records the time a token was last used.
func (s *Store) ExportTokenUsed(ctx context.Context, id string, at time.Time) error {
	_, err := s.db.Batch(ctx, Stmt(`UPDATE export_tokens SET last_used_at = ? WHERE id = ?`, ts(at), id))
	return err
}

func insertToken(verb string, t exports.Token) Statement {
	return Stmt(verb+` INTO export_tokens (id, controller, name, scopes, secret_hash, created_at, expires_at,
		last_used_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.ID, t.Controller, t.Name, strings.Join(t.Scopes, ","), t.Hash, ts(t.CreatedAt), ts(t.ExpiresAt),
		ts(t.LastUsedAt), ts(t.RevokedAt))
}

// AddExportTokens inserts the records whose ids are free, in one batch,
// and returns the ids it inserted. A record already there keeps its
// times, name and scopes, and a revoked one stays revoked; but one whose
// secret was given a new value takes the new value's hash, so that the
// old value stops working, as putting a new value into the secret always
// did.
func (s *Store) AddExportTokens(ctx context.Context, tokens []exports.Token) ([]string, error) {
	if len(tokens) == 0 {
		return nil, nil
	}
	stmts := make([]Statement, 0, 2*len(tokens))
	for _, t := range tokens {
		stmts = append(stmts, insertToken("INSERT OR IGNORE", t),
			Statement{SQL: `UPDATE export_tokens SET secret_hash = ? WHERE id = ? AND secret_hash <> ? AND revoked_at IS NULL`,
				Args: []any{t.Hash, t.ID, t.Hash}})
	}
	res, err := s.db.Batch(ctx, stmts...)
	if err != nil {
		return nil, err
	}
	var added []string
	for i := range tokens {
		if res[2*i].Changes == 1 {
			added = append(added, tokens[i].ID)
		}
	}
	return added, nil
}

// IssueExportToken stores a new token's record; ErrTokenTaken if its id
// is taken.
func (s *Store) IssueExportToken(ctx context.Context, t exports.Token) error {
	if err := t.Validate(); err != nil {
		return err
	}
	_, err := s.db.Batch(ctx, insertToken("INSERT", t))
	if isUniqueViolation(err) {
		return ErrTokenTaken
	}
	return err
}

// ExportTokens lists the tokens, of one company or (controller "") of
// all, by company and then oldest first, without their hashes.
func (s *Store) ExportTokens(ctx context.Context, controller string) ([]exports.Token, error) {
	if controller == "" {
		return s.tokens(ctx, Stmt(`SELECT `+listColumns+` FROM export_tokens ORDER BY controller, created_at, id`))
	}
	return s.tokens(ctx, Stmt(`SELECT `+listColumns+` FROM export_tokens WHERE controller = ?
		ORDER BY created_at, id`, controller))
}

// RevokeExportToken revokes a token at at, and returns its record (without
// the hash); a token revoked before keeps the time it was first revoked.
// ErrNoToken if there is none with the id.
func (s *Store) RevokeExportToken(ctx context.Context, id string, at time.Time) (exports.Token, error) {
	return s.changeToken(ctx, Stmt(`UPDATE export_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?
		RETURNING `+listColumns, ts(at), id))
}

// ExpireExportToken sets the time a token expires (a time past ends it at
// once; a later one extends it), and returns its record (without the
// hash). ErrNoToken if there is none with the id.
func (s *Store) ExpireExportToken(ctx context.Context, id string, at time.Time) (exports.Token, error) {
	return s.changeToken(ctx, Stmt(`UPDATE export_tokens SET expires_at = ? WHERE id = ? RETURNING `+listColumns, ts(at), id))
}

// changeToken runs one UPDATE … RETURNING of a token: one statement, which
// tells whether the token exists without a second query.
func (s *Store) changeToken(ctx context.Context, st Statement) (exports.Token, error) {
	t, found, err := s.oneToken(ctx, st)
	if err == nil && !found {
		err = ErrNoToken
	}
	return t, err
}
