package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"privacyportal/functions/d1"
)

// wranglerDB is the portal's D1 database as an operator reaches it, with
// `wrangler d1 execute DB --json --command SQL` (through scripts/wrangler.mjs,
// the project's one way to run wrangler): the local database of `make dev`
// in a --persist-to folder, or the deployment's (--remote --env NAME). It
// is a d1.DB, so the command changes tokens with the very statements of
// functions/d1 the Worker's store is tested with; each statement's
// arguments are written into it as literals (inline).
type wranglerDB struct {
	// wrangler runs scripts/wrangler.mjs with args and returns what it
	// printed on its standard output; err when it failed, with what it
	// said.
	wrangler func(ctx context.Context, args []string) (stdout []byte, err error)
	// where is --local --persist-to DIR, or --remote --env NAME.
	where []string
	// busyFor is how long a local database held locked by a running
	// Worker (SQLITE_BUSY, which local D1 does not wait out) is tried
	// again.
	busyFor time.Duration
}

// Query runs one statement and returns its rows.
func (w wranglerDB) Query(ctx context.Context, st d1.Statement) (d1.Rows, error) {
	sql, err := inline(st)
	if err != nil {
		return d1.Rows{}, err
	}
	answers, err := w.execute(ctx, sql)
	if err != nil || len(answers) == 0 {
		return d1.Rows{}, err
	}
	return answers[0], nil
}

// Batch runs the statements as one command, which wrangler runs as one
// batch. Its answer has no counts of changed rows, so the Results are
// zero: what the command needs to know of a change, it reads with
// RETURNING (Query).
func (w wranglerDB) Batch(ctx context.Context, stmts ...d1.Statement) ([]d1.Result, error) {
	parts := make([]string, len(stmts))
	for i, st := range stmts {
		sql, err := inline(st)
		if err != nil {
			return nil, err
		}
		parts[i] = sql
	}
	if _, err := w.execute(ctx, strings.Join(parts, ";\n")); err != nil {
		return nil, err
	}
	return make([]d1.Result, len(stmts)), nil
}

func (w wranglerDB) execute(ctx context.Context, sql string) ([]d1.Rows, error) {
	args := append([]string{"d1", "execute", "DB", "--json", "--command", sql}, w.where...)
	deadline := time.Now().Add(w.busyFor)
	for {
		out, err := w.wrangler(ctx, args)
		if err == nil {
			return parseAnswer(out)
		}
		if !strings.Contains(err.Error(), "SQLITE_BUSY") || time.Now().After(deadline) {
			if strings.Contains(err.Error(), "no such table: export_tokens") {
				err = fmt.Errorf("%w\n(the database has no export_tokens table: apply the migrations first, make migrate, or for Cloudflare make deploy)", err)
			}
			return nil, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// inline writes a statement's arguments into its SQL, each ? (outside a
// quoted literal) replaced by its argument as a literal: NULL, a number,
// or text. Text made only of letters, digits and -_:.,@ (slugs, ids,
// times, hashes, scopes) is written in quotes; any other text, a holder's
// name above all, as the hex of its UTF-8 bytes, CAST(X'…' AS TEXT), so
// that the SQL sent holds no character of the operator's: neither SQL's
// quoting nor wrangler's own handling of the text (which splits statements
// at semicolons and strips "BEGIN TRANSACTION;" wherever it stands, inside
// a string too) can be fooled by a name.
func inline(st d1.Statement) (string, error) {
	var b strings.Builder
	next, quoted := 0, false
	for i := 0; i < len(st.SQL); i++ {
		c := st.SQL[i]
		switch {
		case c == '\'':
			quoted = !quoted
		case c == '?' && !quoted:
			if next >= len(st.Args) {
				return "", fmt.Errorf("inline: %d arguments for more placeholders in %q", len(st.Args), st.SQL)
			}
			lit, err := literal(st.Args[next])
			if err != nil {
				return "", err
			}
			b.WriteString(lit)
			next++
			continue
		}
		b.WriteByte(c)
	}
	if next != len(st.Args) {
		return "", fmt.Errorf("inline: %d arguments for %d placeholders in %q", len(st.Args), next, st.SQL)
	}
	return b.String(), nil
}

// literal is one argument as SQL (see inline).
func literal(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "NULL", nil
	case string:
		if plain(v) {
			return "'" + v + "'", nil
		}
		return "CAST(X'" + hex.EncodeToString([]byte(v)) + "' AS TEXT)", nil
	case []byte:
		return "X'" + hex.EncodeToString(v) + "'", nil
	case int:
		return strconv.Itoa(v), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case bool:
		if v {
			return "1", nil
		}
		return "0", nil
	}
	return "", fmt.Errorf("inline: no literal for a %T", v)
}

// plain reports whether text may stand between quotes as it is.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_:.,@", c) >= 0) {
			return false
		}
	}
	return true
}

// parseAnswer reads what `wrangler d1 execute --json` prints: an array
// with, for each statement, {"results": [rows as objects], "success":
// true, ...}; or, for a failure, {"error": {"text": ...}}. A row's columns
// come in no fixed order (they are an object's keys), and a store reads
// them by name, so they are sorted.
func parseAnswer(out []byte) ([]d1.Rows, error) {
	start := bytes.IndexAny(out, "[{")
	if start < 0 {
		return nil, fmt.Errorf("wrangler's answer is not JSON: %q", out)
	}
	dec := json.NewDecoder(bytes.NewReader(out[start:]))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("wrangler's answer is not JSON: %v", err)
	}
	if obj, ok := v.(map[string]any); ok {
		if e, ok := obj["error"].(map[string]any); ok {
			return nil, fmt.Errorf("wrangler: %v", e["text"])
		}
		return nil, fmt.Errorf("wrangler's answer is not a list of results: %s", out[start:])
	}
	list, ok := v.([]any)
	if !ok {
		return nil, errors.New("wrangler's answer is not a list of results")
	}
	out2 := make([]d1.Rows, len(list))
	for i, item := range list {
		res, _ := item.(map[string]any)
		if res == nil || res["success"] != true {
			return nil, fmt.Errorf("wrangler: statement %d did not succeed: %v", i+1, item)
		}
		rows, _ := res["results"].([]any)
		for j, r := range rows {
			obj, ok := r.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("wrangler: row %d of statement %d is not an object", j+1, i+1)
			}
			if j == 0 {
				for c := range obj {
					out2[i].Columns = append(out2[i].Columns, c)
				}
				slices.Sort(out2[i].Columns)
			}
			vals := make([]any, len(out2[i].Columns))
			for k, c := range out2[i].Columns {
				val, err := value(obj[c])
				if err != nil {
					return nil, fmt.Errorf("wrangler: column %s: %v", c, err)
				}
				vals[k] = val
			}
			out2[i].Values = append(out2[i].Values, vals)
		}
	}
	return out2, nil
}

// value is a JSON value as d1.Rows hold them: nil, int64, float64 or
// string.
func value(v any) (any, error) {
	switch v := v.(type) {
	case nil, string:
		return v, nil
	case json.Number:
		if n, err := v.Int64(); err == nil {
			return n, nil
		}
		return v.Float64()
	}
	return nil, fmt.Errorf("a %T is no SQLite value", v)
}
