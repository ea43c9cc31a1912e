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
	return OpenBefore(t, "")
}

// OpenBefore returns a fresh store with the migrations applied whose file
// names sort before the one starting with next ("0007"), or all of them
// when next is "", so that a test can put in the rows an older schema
// held and then Migrate them.
func OpenBefore(t testing.TB, next string) (*d1.Store, d1.SQL) {
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
	for _, f := range migrations(t) {
		if next != "" && filepath.Base(f) >= next {
			break
		}
		apply(t, db, f)
	}
	return d1.New(d1.SQL{DB: db}), d1.SQL{DB: db}
}

// Migrate applies the migrations from the one starting with next on, as
// wrangler applies those a database has not had yet.
func Migrate(t testing.TB, db d1.SQL, next string) {
	t.Helper()
	for _, f := range migrations(t) {
		if filepath.Base(f) >= next {
			apply(t, db.DB, f)
		}
	}
}

func migrations(t testing.TB) []string {
	t.Helper()
	_, self, _, _ := runtime.Caller(0)
	files, _ := filepath.Glob(filepath.Join(filepath.Dir(self), "..", "..", "migrations", "*.sql"))
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatal("d1test: no migrations found")
	}
	return files
}

func apply(t testing.TB, db *sql.DB, file string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(string(b)); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}
