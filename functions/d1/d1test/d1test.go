// Package d1test opens a store on an in-memory SQLite database with the
// portal's migrations applied, the way wrangler applies them to D1. Only
// tests import it.
package d1test

import (
	"database/sql"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"privacyportal/functions/d1"
)

// Open returns a fresh store for one test.
func Open(t testing.TB) (*d1.Store, d1.SQL) {
	t.Helper()
	// Only letters, digits and underscores, so nothing in a test's name
	// can end the URI's path and turn the in-memory database into a file.
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, t.Name())
	db, err := sql.Open("sqlite", "file:"+name+"?mode=memory&cache=shared")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	_, self, _, _ := runtime.Caller(0)
	files, _ := filepath.Glob(filepath.Join(filepath.Dir(self), "..", "..", "migrations", "*.sql"))
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatal("d1test: no migrations found")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(string(b)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	return d1.New(d1.SQL{DB: db}), d1.SQL{DB: db}
}
